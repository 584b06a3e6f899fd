package dev.nabla.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-epoch logs of a fit: {@code loss}, {@code val_loss}, each metric and {@code lr}, in epoch order. */
public final class History {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private int epochs;

    /** Appends one epoch's logs. */
    public void record(Map<String, Double> logs) {
        logs.forEach((k, v) -> {
            List<Double> list = values.computeIfAbsent(k, x -> new ArrayList<>());
            while (list.size() < epochs) {
                list.add(Double.NaN);
            }
            list.add(v);
        });
        epochs++;
    }

    /** Number of epochs recorded. */
    public int epochs() {
        return epochs;
    }

    /** The names logged. */
    public List<String> keys() {
        return List.copyOf(values.keySet());
    }

    /** One quantity for every epoch, or an error listing what was logged. */
    public List<Double> get(String key) {
        List<Double> list = values.get(key);
        if (list == null) {
            throw new IllegalArgumentException("History has no '" + key + "'; logged: " + values.keySet());
        }
        return Collections.unmodifiableList(list);
    }

    /** The last epoch's value of a quantity. */
    public double last(String key) {
        List<Double> list = get(key);
        return list.get(list.size() - 1);
    }

    /** The history as CSV: a header {@code epoch,<keys...>} and one row per epoch (full precision). */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("epoch");
        values.keySet().forEach(k -> sb.append(',').append(k));
        sb.append('\n');
        for (int e = 0; e < epochs; e++) {
            sb.append(e + 1);
            for (List<Double> list : values.values()) {
                sb.append(',').append(e < list.size() ? list.get(e) : Double.NaN);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** A table, one row per epoch, as printed after training. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format("%-6s", "epoch"));
        values.keySet().forEach(k -> sb.append(String.format(" %14s", k)));
        sb.append('\n');
        for (int e = 0; e < epochs; e++) {
            sb.append(String.format("%-6d", e + 1));
            for (List<Double> list : values.values()) {
                sb.append(String.format(" %14.6g", e < list.size() ? list.get(e) : Double.NaN));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
