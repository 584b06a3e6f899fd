package dev.nabla.data;

import dev.nabla.data.CsvReader.LabelKind;
import dev.nabla.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects a CSV label column and turns it into targets once every row is in, because the AUTO rule and
 * the class order depend on all the labels. See {@link CsvReader} for the rules.
 */
final class CsvLabels {
    /** Targets and, for classification, the class names in index order. */
    record Encoded(Tensor targets, List<String> classNames) {}

    private final LabelKind kind;
    private final Path file;
    private final List<String> texts = new ArrayList<>();
    private double[] values = new double[1024];
    private boolean allNumeric = true;
    private boolean anyFraction;

    CsvLabels(LabelKind kind, Path file) {
        this.kind = kind;
        this.file = file;
    }

    /** Adds one row's label; {@code where} is "row 7, column 'species' (index 4)" for messages. */
    void add(String text, String where) throws DataFormatException {
        if (CsvReader.isMissing(text)) {
            throw new DataFormatException(file, where + ": " + CsvReader.missingMessage(text, "label"));
        }
        double v = CsvReader.number(text);
        if (Double.isNaN(v)) {
            if (kind == LabelKind.NUMERIC) {
                throw new DataFormatException(file, where + ": label '" + text + "' is not a number (the label kind is "
                        + "numeric; make it categorical or auto for class names)");
            }
            allNumeric = false;
        } else if (kind == LabelKind.NUMERIC && Math.abs(v) > Float.MAX_VALUE) {
            throw new DataFormatException(file, where + ": label " + text + " is outside float32's range");
        } else if (v != Math.rint(v)) {
            anyFraction = true;
        }
        if (texts.size() == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[texts.size()] = v + 0.0; // + 0.0 turns -0 into 0: one class, not two
        texts.add(text);
    }

    /** One column's targets, or several numeric columns' side by side as float32 [N, T]. */
    static Encoded finish(CsvLabels[] columns) {
        if (columns.length == 1) {
            return columns[0].finish();
        }
        Tensor[] parts = new Tensor[columns.length];
        for (int j = 0; j < parts.length; j++) {
            parts[j] = columns[j].finish().targets();
        }
        return new Encoded(Tensor.concat(1, parts), List.of());
    }

    /** The targets: float32 [N, 1] for numeric labels, else int32 class indices [N] with their names. */
    Encoded finish() {
        int n = texts.size();
        boolean numeric = kind == LabelKind.NUMERIC || kind == LabelKind.AUTO && allNumeric && anyFraction;
        if (numeric) {
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                y[i] = (float) values[i];
            }
            return new Encoded(Tensor.of(y, n, 1), List.of());
        }
        if (!allNumeric) {
            LabelEncoder encoder = LabelEncoder.fit(texts); // code point order, as NumPy sorts strings
            return new Encoded(encoder.encode(texts), encoder.classes());
        }
        // numbers sort as numbers ("2" before "10"), as LabelEncoder does on a numeric column in scikit-learn
        Map<Double, String> classes = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            classes.putIfAbsent(values[i], texts.get(i));
        }
        Map<Double, Integer> index = new TreeMap<>();
        List<String> names = new ArrayList<>();
        classes.forEach((v, name) -> {
            index.put(v, names.size());
            names.add(name);
        });
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = index.get(values[i]);
        }
        return new Encoded(Tensor.of(y, n), names);
    }
}
