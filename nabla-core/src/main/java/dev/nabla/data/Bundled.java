package dev.nabla.data;

import dev.nabla.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

/**
 * Small real data sets shipped inside the jar, so examples, tests and the first lessons run with no
 * download: the same files scikit-learn ships (copied from Debian's python3-sklearn 1.2.1), with their
 * descriptions. Origins and licences: {@code dev/nabla/data/bundled/LICENSES.md} in the jar.
 *
 * <table>
 * <caption>The bundled sets</caption>
 * <tr><th>name</th><th>samples</th><th>features</th><th>targets</th></tr>
 * <tr><td>iris</td><td>150</td><td>4</td><td>3 species</td></tr>
 * <tr><td>wine</td><td>178</td><td>13</td><td>3 cultivars, "class_0".."class_2"</td></tr>
 * <tr><td>breast_cancer</td><td>569</td><td>30</td><td>"malignant", "benign"</td></tr>
 * <tr><td>digits</td><td>1797</td><td>64 (8x8 pixels, 0..16)</td><td>"0".."9"</td></tr>
 * <tr><td>diabetes</td><td>442</td><td>10</td><td>regression, [N, 1]</td></tr>
 * </table>
 *
 * <p>Features are float32 as stored (unscaled: fit a {@link Transform} on the training part); labels are
 * int32 with scikit-learn's class names and feature names. Each call parses the file again and returns
 * fresh tensors, so callers may modify them.
 */
public final class Bundled {
    private Bundled() {}

    private static final String FOLDER = "bundled/";

    /** Name -> description file (the CSV names differ for wine). */
    private static final Map<String, String> DESCRIPTIONS = Map.of("breast_cancer", "breast_cancer.rst", "diabetes",
            "diabetes.rst", "digits", "digits.rst", "iris", "iris.rst", "wine", "wine_data.rst");

    /** The names {@link #byName} accepts, sorted. */
    public static List<String> names() {
        return DESCRIPTIONS.keySet().stream().sorted().toList();
    }

    /** The data set of that name (see {@link #names()}); an unknown name lists the valid ones. */
    public static Dataset byName(String name) {
        return switch (name) {
            case "iris" -> iris();
            case "wine" -> wine();
            case "breast_cancer" -> breastCancer();
            case "digits" -> digits();
            case "diabetes" -> diabetes();
            case null, default -> throw unknown(name);
        };
    }

    /** The data set's description (scikit-learn's reStructuredText: origin, attributes, references). */
    public static String description(String name) {
        String file = name == null ? null : DESCRIPTIONS.get(name);
        if (file == null) {
            throw unknown(name);
        }
        try (InputStream in = open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Bundled: cannot read " + file, e);
        }
    }

    /** Fisher's iris: 150 flowers, 4 measurements in cm, 3 species (setosa, versicolor, virginica), 50 each. */
    public static Dataset iris() {
        return sklearnCsv("iris.csv", List.of("sepal length (cm)", "sepal width (cm)", "petal length (cm)",
                "petal width (cm)"));
    }

    /** Wine recognition: 178 wines, 13 chemical measurements, 3 cultivars (59, 71, 48). */
    public static Dataset wine() {
        return sklearnCsv("wine_data.csv", List.of("alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium",
                "total_phenols", "flavanoids", "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue",
                "od280/od315_of_diluted_wines", "proline"));
    }

    /**
     * Breast Cancer Wisconsin (Diagnostic): 569 tumours, 30 features of cell nuclei (mean, standard error
     * and worst of 10 measurements), class 0 "malignant" (212), 1 "benign" (357).
     */
    public static Dataset breastCancer() {
        List<String> base = List.of("radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
                "concave points", "symmetry", "fractal dimension");
        List<String> names = new ArrayList<>();
        base.forEach(b -> names.add("mean " + b));
        base.forEach(b -> names.add(b + " error"));
        base.forEach(b -> names.add("worst " + b));
        return sklearnCsv("breast_cancer.csv", names);
    }

    /**
     * Optical recognition of handwritten digits (UCI; the 1797-image test set): 8x8 images flattened to 64
     * features, each a count of on pixels in a 4x4 block, 0..16; classes "0".."9". Reshape a batch to
     * {@code [N, 8, 8]} for pictures; {@code new Rescale(1.0 / 16)} brings it to [0, 1].
     */
    public static Dataset digits() {
        List<double[]> rows = readRows("digits.csv.gz", ",", 0, 65);
        List<String> features = IntStream.range(0, 64).mapToObj(i -> "pixel_" + i / 8 + "_" + i % 8).toList();
        List<String> classes = IntStream.range(0, 10).mapToObj(Integer::toString).toList();
        return classification("digits.csv.gz", rows, 64, features, classes);
    }

    /**
     * Diabetes (Efron et al., 2004): 442 patients, 10 baseline variables (age, sex, body mass index, blood
     * pressure, six blood serum measurements), target a measure of disease progression one year later
     * (25..346), float32 {@code [442, 1]}. The features are raw, as {@code load_diabetes(scaled=False)}:
     * scikit-learn's default pre-scales them using all 442 rows, which leaks the test rows into training.
     */
    public static Dataset diabetes() {
        List<double[]> x = readRows("diabetes_data_raw.csv.gz", " ", 0, 10);
        List<double[]> y = readRows("diabetes_target.csv.gz", " ", 0, 1);
        if (x.size() != y.size()) {
            throw corrupt("diabetes_target.csv.gz", "has " + y.size() + " targets for " + x.size() + " rows of data");
        }
        float[] features = new float[x.size() * 10];
        float[] targets = new float[y.size()];
        for (int i = 0; i < x.size(); i++) {
            for (int j = 0; j < 10; j++) {
                features[i * 10 + j] = (float) x.get(i)[j];
            }
            targets[i] = (float) y.get(i)[0];
        }
        return new Dataset(Tensor.of(features, x.size(), 10), Tensor.of(targets, y.size(), 1),
                List.of("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"), List.of());
    }

    /**
     * scikit-learn's classification CSV: a first line "n_samples,n_features,class names...", then rows of
     * n_features values and the class index. The counts in the header are checked against the rows.
     */
    private static Dataset sklearnCsv(String file, List<String> featureNames) {
        String[] header;
        try (BufferedReader r = reader(file)) {
            String line = r.readLine();
            header = line == null ? new String[0] : line.strip().split(",");
        } catch (IOException e) {
            throw new UncheckedIOException("Bundled: cannot read " + file, e);
        }
        if (header.length < 3) {
            throw corrupt(file, "line 1 should be 'n_samples,n_features,class names...', got " + Arrays.toString(header));
        }
        int n = Integer.parseInt(header[0].strip());
        int f = Integer.parseInt(header[1].strip());
        if (f != featureNames.size()) {
            throw corrupt(file, "line 1 says " + f + " features, expected " + featureNames.size());
        }
        List<double[]> rows = readRows(file, ",", 1, f + 1);
        if (rows.size() != n) {
            throw corrupt(file, "line 1 says " + n + " samples, found " + rows.size());
        }
        List<String> classes = Arrays.stream(header, 2, header.length).map(String::strip).toList();
        return classification(file, rows, f, featureNames, classes);
    }

    /** Rows of f features and a class index in the last column. */
    private static Dataset classification(String file, List<double[]> rows, int f, List<String> features,
            List<String> classes) {
        float[] x = new float[rows.size() * f];
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] row = rows.get(i);
            for (int j = 0; j < f; j++) {
                x[i * f + j] = (float) row[j];
            }
            double label = row[f];
            if (label != Math.rint(label) || label < 0 || label >= classes.size()) {
                throw corrupt(file, "row " + (i + 1) + " has label " + label + ", expected 0 to " + (classes.size() - 1));
            }
            y[i] = (int) label;
        }
        return new Dataset(Tensor.of(x, rows.size(), f), Tensor.of(y, rows.size()), features, classes);
    }

    /** The numeric rows after {@code skip} header lines; every row must have {@code width} values. */
    private static List<double[]> readRows(String file, String separator, int skip, int width) {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader r = reader(file)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo <= skip || line.isBlank()) {
                    continue;
                }
                String[] cells = separator.equals(" ") ? line.strip().split("\\s+") : line.strip().split(separator);
                if (cells.length != width) {
                    throw corrupt(file, "line " + lineNo + " has " + cells.length + " values, expected " + width);
                }
                double[] row = new double[width];
                for (int j = 0; j < width; j++) {
                    try {
                        row[j] = Double.parseDouble(cells[j]);
                    } catch (NumberFormatException e) {
                        throw corrupt(file, "line " + lineNo + ", column " + (j + 1) + ": '" + cells[j] + "' is not a number");
                    }
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Bundled: cannot read " + file, e);
        }
        return rows;
    }

    private static BufferedReader reader(String file) throws IOException {
        InputStream in = open(file);
        if (file.endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static InputStream open(String file) {
        InputStream in = Bundled.class.getResourceAsStream(FOLDER + file);
        if (in == null) {
            throw new IllegalStateException("Bundled: resource dev/nabla/data/" + FOLDER + file
                    + " is missing from the class path (a broken build of nabla-core?)");
        }
        return in;
    }

    private static IllegalStateException corrupt(String file, String what) {
        return new IllegalStateException("Bundled: resource " + FOLDER + file + " is corrupt: " + what);
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("Bundled: unknown data set '" + name + "' (known: " + String.join(", ", names())
                + ")");
    }
}
