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
    private int rollbacks;

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

    /** Every quantity's values per epoch (copies), for checkpoints. */
    public Map<String, List<Double>> asMap() {
        Map<String, List<Double>> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, List.copyOf(v)));
        return m;
    }

    /** A history holding these values (as from {@link #asMap()}) over {@code epochs} epochs. */
    public static History of(Map<String, List<Double>> values, int epochs) {
        History h = new History();
        values.forEach((k, v) -> h.values.put(k, new ArrayList<>(v)));
        h.epochs = epochs;
        return h;
    }

    /** Replaces the contents (a rollback to an earlier state). */
    void reset(Map<String, List<Double>> from, int epochCount) {
        values.clear();
        from.forEach((k, v) -> values.put(k, new ArrayList<>(v)));
        epochs = epochCount;
    }

    /**
     * How many times the fit went back to its last good state on divergence ({@code rollbackOnDivergence});
     * a resumed fit counts its own. A rollback rewinds the logs, not this count.
     */
    public int rollbacks() {
        return rollbacks;
    }

    void countRollback() {
        rollbacks++;
    }

    /** The first epoch's value of a quantity, or NaN when there is none yet. */
    double first(String key) {
        List<Double> list = values.get(key);
        return list == null || list.isEmpty() ? Double.NaN : list.get(0);
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
