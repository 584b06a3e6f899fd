package dev.nabla.data;

import dev.nabla.data.CsvRecords.Record;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a CSV file of numeric features and a label column into a {@link Dataset}: features float32
 * {@code [N, F]}, targets int32 class indices {@code [N]} or float32 {@code [N, 1]}; or, for multi-output
 * regression, several numeric label columns into float32 targets {@code [N, T]}.
 *
 * <pre>{@code
 * Dataset iris = CsvReader.read(Path.of("iris.csv"), CsvReader.Options.defaults().withLabelColumn("species"));
 * }</pre>
 *
 * <p>Rules, chosen so that a file is either read exactly or refused with the row and column to fix:
 * <ul>
 *   <li>Quoting follows RFC 4180 ({@link CsvRecords}); cells are stripped of surrounding spaces. Text
 *       must be UTF-8.</li>
 *   <li>A feature cell must be a decimal number literal ({@code 3}, {@code -0.5}, {@code 1e-3}) within
 *       float32's range. Missing values are refused, never guessed: an empty cell, pandas' missing-value
 *       markers ({@code NA}, {@code N/A}, {@code NaN}, {@code null}, {@code None}, ..., any case) and
 *       infinities are errors with their own message, as is any other text. Fill or drop them first.</li>
 *   <li>Labels: {@code CATEGORICAL} gives class indices into the sorted distinct labels (as
 *       scikit-learn's LabelEncoder): numerically sorted when every label is a number (one class per
 *       value, named by its first spelling), else by code point, as {@link LabelEncoder} sorts them. {@code NUMERIC} gives float32
 *       {@code [N, 1]} and refuses non-numbers. {@code AUTO} is NUMERIC when every label is a number
 *       and at least one has a fraction ({@code 2.5}), else CATEGORICAL: integer labels are taken as
 *       classes, so integer-valued regression targets need {@code NUMERIC}. Missing labels are refused.</li>
 *   <li>"row N" in a message is line N of the file (the header is line 1), where the record starts.</li>
 *   <li>Blank lines are skipped; every other row must have as many fields as the header (or first row).</li>
 * </ul>
 */
public final class CsvReader {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    /** pandas' default missing-value markers, lower-cased, and the infinities. */
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "#n/a", "#na", "<na>", "nan", "-nan", "null",
            "none", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity");
    private static final int NAMES_SHOWN = 30;

    private CsvReader() {}

    /** How to interpret the label column; see the class note for AUTO's rule. */
    public enum LabelKind { AUTO, CATEGORICAL, NUMERIC }

    /**
     * How to read a file.
     *
     * @param header whether the first line names the columns
     * @param delimiter the field separator ({@code ','}, {@code ';'}, {@code '\t'}, ...)
     * @param labelColumns header names, or 0-based indices as text; {@code null}: the last column. A header
     *     name wins over an index of the same spelling. Several columns are numeric targets, one per output
     *     (multi-output regression), so their kind is AUTO or NUMERIC.
     * @param featureColumns names or indices, in the order wanted; {@code null}: every column but the label
     * @param labelKind see the class note
     */
    public record Options(boolean header, char delimiter, List<String> labelColumns, List<String> featureColumns,
                          LabelKind labelKind) {
        public Options {
            if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
                throw new IllegalArgumentException("CsvReader.Options: delimiter cannot be a quote or a line break, got "
                        + (int) delimiter);
            }
            if (labelKind == null) {
                throw new IllegalArgumentException("CsvReader.Options: labelKind must not be null (use LabelKind.AUTO)");
            }
            if (featureColumns != null) {
                if (featureColumns.isEmpty() || featureColumns.stream().anyMatch(java.util.Objects::isNull)) {
                    throw new IllegalArgumentException("CsvReader.Options: featureColumns must name at least one column "
                            + "and no nulls, got " + featureColumns + " (null means every column but the label)");
                }
                featureColumns = List.copyOf(featureColumns);
            }
            if (labelColumns != null) {
                if (labelColumns.isEmpty() || labelColumns.stream().anyMatch(java.util.Objects::isNull)) {
                    throw new IllegalArgumentException("CsvReader.Options: labelColumns must name at least one column and"
                            + " no nulls, got " + labelColumns + " (null means the last column)");
                }
                if (labelColumns.size() > 1 && labelKind == LabelKind.CATEGORICAL) {
                    throw new IllegalArgumentException("CsvReader.Options: several label columns " + labelColumns
                            + " are numeric targets (multi-output regression), so labelKind must be AUTO or NUMERIC, got"
                            + " CATEGORICAL");
                }
                labelColumns = List.copyOf(labelColumns);
            }
        }

        /** The one label column, or null for the last column; refuses options that name several. */
        public String labelColumn() {
            if (labelColumns != null && labelColumns.size() > 1) {
                throw new IllegalStateException("CsvReader.Options: " + labelColumns.size() + " label columns, not one");
            }
            return labelColumns == null ? null : labelColumns.getFirst();
        }

        /** A header line, commas, the last column as label, every other column a feature, AUTO labels. */
        public static Options defaults() {
            return new Options(true, ',', null, null, LabelKind.AUTO);
        }

        public Options withHeader(boolean h) { return new Options(h, delimiter, labelColumns, featureColumns, labelKind); }
        public Options withDelimiter(char d) { return new Options(header, d, labelColumns, featureColumns, labelKind); }
        /** One label column ({@code null}: the last). */
        public Options withLabelColumn(String c) { return withLabelColumns(c == null ? null : List.of(c)); }
        /** Several numeric label columns, the targets of a multi-output regression, in this order. */
        public Options withLabelColumns(List<String> c) { return new Options(header, delimiter, c, featureColumns, labelKind); }
        public Options withFeatureColumns(List<String> c) { return new Options(header, delimiter, labelColumns, c, labelKind); }
        public Options withLabelKind(LabelKind k) { return new Options(header, delimiter, labelColumns, featureColumns, k); }
    }

    /** Reads the whole file, or throws a {@link DataFormatException} naming the row and column at fault. */
    public static Dataset read(Path file, Options options) throws IOException {
        return read(file, options, true);
    }

    /**
     * Reads a file of features only, no label column (what {@code nabla predict} takes): every column, or
     * the {@code featureColumns} of the options, as float32 [N, F]. The options' label settings are ignored.
     */
    public static Tensor readFeatures(Path file, Options options) throws IOException {
        return read(file, options, false).features();
    }

    private static Dataset read(Path file, Options options, boolean withLabel) throws IOException {
        refuseDirectory(file);
        try (Reader r = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder())) {
            return read(file, options, new CsvRecords(r, options.delimiter(), file), withLabel);
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file, "is not valid UTF-8 text (" + e + "); save it as UTF-8", e);
        }
    }

    /**
     * The first record of a file, its cells stripped of quotes and surrounding spaces, or an empty list for a
     * file without one: what a caller looks at to tell a header from data (see {@link #isNumber}).
     */
    public static List<String> firstRecord(Path file, char delimiter) throws IOException {
        refuseDirectory(file);
        try (Reader r = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder())) {
            Record row = new CsvRecords(r, delimiter, file).next();
            return row == null ? List.of() : row.fields().stream().map(String::strip).toList();
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file, "is not valid UTF-8 text (" + e + "); save it as UTF-8", e);
        }
    }

    /** Whether a cell is a feature value this reader accepts: a decimal number literal (see the class note). */
    public static boolean isNumber(String cell) {
        return !Double.isNaN(number(cell.strip()));
    }

    /** Said here, with the file's name: the JDK's read of a directory fails with only "Is a directory". */
    private static void refuseDirectory(Path file) throws DataFormatException {
        if (Files.isDirectory(file)) {
            throw new DataFormatException(file, "is a directory; expected a CSV file");
        }
    }

    private static Dataset read(Path file, Options o, CsvRecords records, boolean withLabel) throws IOException {
        Record row = records.next();
        if (row == null) {
            throw new DataFormatException(file, "is empty: expected " + (o.header() ? "a header and " : "") + "data rows");
        }
        List<String> names = null;
        String widthSource = "line " + row.line();
        if (o.header()) {
            names = row.fields().stream().map(String::strip).toList();
            widthSource = "the header";
            row = records.next();
            if (row == null) {
                throw new DataFormatException(file, "has a header (" + shown(names) + ") but no data rows");
            }
        }
        int width = names != null ? names.size() : row.fields().size();
        int[] label = !withLabel ? new int[0] : labelColumns(file, o, names, width);
        int[] features = features(file, o, names, width, label);
        CsvLabels[] labels = new CsvLabels[label.length];
        for (int j = 0; j < label.length; j++) {
            labels[j] = new CsvLabels(label.length > 1 ? LabelKind.NUMERIC : o.labelKind(), file);
        }
        int f = features.length;
        // room for 64 rows to start with, capped at 64 Ki values (or one row, if wider): the header's width is a
        // claim too, and a very wide header must not reserve 64 rows it may not have (f * 64 could even overflow)
        float[] x = new float[(int) Math.max(f, Math.min(64L * f, 1 << 16))];
        int n = 0;
        for (; row != null; row = records.next(), n++) {
            List<String> cells = row.fields();
            if (cells.size() != width) {
                throw new DataFormatException(file, "row " + row.line() + " has " + cells.size() + " fields, expected "
                        + width + " (as in " + widthSource + ")"
                        + (cells.size() > width ? "; is there a delimiter inside an unquoted cell? quote it" : ""));
            }
            if ((long) (n + 1) * f > BinaryArrays.MAX_ELEMENTS) {
                throw new DataFormatException(file, "row " + row.line() + ": more than " + BinaryArrays.MAX_ELEMENTS
                        + " feature values, more than a tensor can hold");
            }
            if ((n + 1) * f > x.length) {
                x = Arrays.copyOf(x, (int) Math.min(BinaryArrays.MAX_ELEMENTS, 2L * x.length + f));
            }
            for (int j = 0; j < f; j++) {
                x[n * f + j] = feature(file, cells.get(features[j]).strip(), row.line(), describe(features[j], names));
            }
            for (int j = 0; j < label.length; j++) {
                labels[j].add(cells.get(label[j]).strip(), "row " + row.line() + ", " + describe(label[j], names));
            }
        }
        if (!withLabel) {
            return Dataset.of(Tensor.of(Arrays.copyOf(x, n * f), n, f), Tensor.zeros(DType.INT32, n));
        }
        CsvLabels.Encoded y = CsvLabels.finish(labels);
        List<String> featureNames = new ArrayList<>();
        for (int j = 0; names != null && j < f; j++) {
            featureNames.add(names.get(features[j]));
        }
        return new Dataset(Tensor.of(Arrays.copyOf(x, n * f), n, f), y.targets(), featureNames, y.classNames());
    }

    /** The label columns' indices, in the order the options give them: the last column by default. */
    private static int[] labelColumns(Path file, Options o, List<String> names, int width) throws DataFormatException {
        if (o.labelColumns() == null) {
            return new int[] {width - 1};
        }
        int[] chosen = new int[o.labelColumns().size()];
        for (int k = 0; k < chosen.length; k++) {
            chosen[k] = column(file, o.labelColumns().get(k), "label", names, width);
            for (int m = 0; m < k; m++) {
                if (chosen[m] == chosen[k]) {
                    throw new DataFormatException(file, describe(chosen[k], names) + " is listed twice among the label columns "
                            + o.labelColumns());
                }
            }
        }
        return chosen;
    }

    /** The feature columns' indices, in the order the options give them. */
    private static int[] features(Path file, Options o, List<String> names, int width, int[] labels) throws DataFormatException {
        List<Integer> labelList = Arrays.stream(labels).boxed().toList();
        if (o.featureColumns() == null) {
            if (width == labels.length) {
                throw new DataFormatException(file, "has only " + (width == 1 ? "one column, the label" : width
                        + " columns, all labels") + ": there are no feature columns");
            }
            int[] all = new int[width - labels.length];
            for (int i = 0, j = 0; i < width; i++) {
                if (!labelList.contains(i)) {
                    all[j++] = i;
                }
            }
            return all;
        }
        int[] chosen = new int[o.featureColumns().size()];
        for (int k = 0; k < chosen.length; k++) {
            chosen[k] = column(file, o.featureColumns().get(k), "feature", names, width);
            if (labelList.contains(chosen[k])) {
                throw new DataFormatException(file, describe(chosen[k], names) + " is both " + (labels.length == 1 ? "the" : "a")
                        + " label and a feature column");
            }
            for (int m = 0; m < k; m++) {
                if (chosen[m] == chosen[k]) {
                    throw new DataFormatException(file, describe(chosen[k], names) + " is listed twice among the feature columns "
                            + o.featureColumns());
                }
            }
        }
        return chosen;
    }

    /** Resolves a column given by header name or by 0-based index. */
    private static int column(Path file, String spec, String role, List<String> names, int width) throws DataFormatException {
        int found = names == null ? -1 : names.indexOf(spec);
        if (found >= 0) {
            int again = names.lastIndexOf(spec);
            if (again != found) {
                throw new DataFormatException(file, role + " column '" + spec + "' appears twice in the header (indices "
                        + found + " and " + again + "); give its index instead");
            }
            return found;
        }
        if (spec.matches("\\d{1,9}")) {
            int i = Integer.parseInt(spec);
            if (i >= width) {
                throw new DataFormatException(file, role + " column index " + i + " is out of range: the file has " + width
                        + " columns (indices 0 to " + (width - 1) + ")");
            }
            return i;
        }
        if (names != null) {
            throw new DataFormatException(file, "unknown " + role + " column '" + spec + "'; the header has: " + shown(names));
        }
        throw new DataFormatException(file, role + " column '" + spec + "' is not a 0-based index, and the file has no "
                + "header to look names up in (set header to true if its first line names the columns)");
    }

    private static float feature(Path file, String cell, long line, String column) throws DataFormatException {
        double v = number(cell);
        if (Double.isNaN(v)) {
            String why = isMissing(cell) ? missingMessage(cell, "feature")
                    : "'" + cell + "' is not a number (feature columns must be numeric: list only numeric columns as "
                    + "the features, or leave this one out)";
            throw new DataFormatException(file, "row " + line + ", " + column + ": " + why);
        }
        if (Math.abs(v) > Float.MAX_VALUE) {
            throw new DataFormatException(file, "row " + line + ", " + column + ": " + cell + " is outside float32's range");
        }
        return (float) v;
    }

    /** The value of a decimal number literal, or NaN if the text is not one (NaN itself is not accepted). */
    static double number(String s) {
        return NUMBER.matcher(s).matches() ? Double.parseDouble(s) : Double.NaN;
    }

    /** True for an empty cell and for the usual missing-value and infinity markers. */
    static boolean isMissing(String cell) {
        return MISSING.contains(cell.toLowerCase(java.util.Locale.ROOT));
    }

    static String missingMessage(String cell, String what) {
        return (cell.isEmpty() ? "empty cell" : "'" + cell + "' marks a missing or non-finite value") + "; missing "
                + what + " values are not accepted (fill or drop them before loading)";
    }

    private static String describe(int index, List<String> names) {
        return names == null ? "column index " + index : "column '" + names.get(index) + "' (index " + index + ")";
    }

    private static String shown(List<String> names) {
        String head = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())));
        return names.size() > NAMES_SHOWN ? head + ", ... (" + names.size() + " columns)" : head;
    }
}
