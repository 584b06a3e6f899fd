package dev.nabla.playground;

import dev.nabla.data.Dataset;
import dev.nabla.data.Standardize;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The data one session trains on: features as the network takes them (before the standardisation an
 * uploaded file gets), labels, the train/test split, and the two columns the page draws the points and
 * the heat-maps over. A synthetic set's features are computed from (x1, x2) (x1², sin x1, ...); an
 * uploaded file's are its columns, and the maps vary the two shown columns with the others at their means.
 *
 * @param names the feature names, in input order (what the exported model file records)
 * @param x the features, row-major [n, names.size()]
 * @param labels class index or regression target per row
 * @param classNames the label of each class (empty for regression)
 * @param axes the indices into the feature row of the two columns drawn, or -1 for a synthetic set (x1, x2
 *     are then the coordinates whatever the features)
 * @param px first drawn coordinate of each row; py the second
 * @param range [xmin, xmax, ymin, ymax] of the drawing
 * @param standardize fitted on the training rows for an uploaded file, else null
 */
public record PlayData(List<String> names, float[] x, double[] labels, int classes, List<String> classNames, int[] axes,
                       double[] px, double[] py, double[] range, int[] train, int[] test, Standardize.Fitted standardize) {

    public int features() {
        return names.size();
    }

    public boolean classification() {
        return classes > 0;
    }

    /** A synthetic set with the chosen input features. */
    public static PlayData synthetic(Settings s) {
        Points p = Points.generate(s.dataset(), s.noise(), s.seed());
        int n = p.size(), f = s.features().size();
        float[] x = new float[n * f];
        for (int i = 0; i < n; i++) {
            expand(s.features(), p.x1()[i], p.x2()[i], x, i * f, null, -1, -1);
        }
        List<String> classNames = new ArrayList<>();
        for (int c = 0; c < p.classes(); c++) {
            classNames.add(Integer.toString(c));
        }
        int[][] split = split(n, s.trainRatio(), s.seed());
        return new PlayData(s.features(), x, p.label(), p.classes(), classNames, new int[] {-1, -1}, p.x1(), p.x2(),
                new double[] {-6, 6, -6, 6}, split[0], split[1], null);
    }

    /** An uploaded file read as a data set; the two shown columns are checked here. */
    public static PlayData table(Dataset d, Settings s) {
        int n = d.size(), f = d.features().dim(1);
        if (s.csvX() >= f || s.csvY() >= f) {
            throw new PlaygroundException("Column shown: the file has " + f + " feature columns, column "
                    + (Math.max(s.csvX(), s.csvY()) + 1) + " was asked");
        }
        float[] x = d.features().toFloatArray();
        boolean cls = d.isClassification();
        double[] labels = cls ? java.util.Arrays.stream(d.targets().toIntArray()).asDoubleStream().toArray()
                : d.targets().toDoubleArray();
        int classes = cls ? d.numClasses() : 0;
        if (classes > Limits.MAX_CLASSES) {
            throw new PlaygroundException("The label column has " + classes + " classes; the cap is " + Limits.MAX_CLASSES
                    + " (for a numeric target, use a column with fractions, e.g. 2.5)");
        }
        int ax = s.csvX(), ay = f == 1 ? s.csvX() : s.csvY();
        double[] px = new double[n], py = new double[n];
        for (int i = 0; i < n; i++) {
            px[i] = x[i * f + ax];
            py[i] = x[i * f + ay];
        }
        int[][] split = split(n, s.trainRatio(), s.seed());
        Standardize.Fitted std = new Standardize().fit(rows(x, f, split[0]));
        List<String> names = d.featureNames().isEmpty() ? defaultNames(f) : d.featureNames();
        return new PlayData(names, x, labels, classes, d.classNames(), new int[] {ax, ay}, px, py, range(px, py),
                split[0], split[1], std);
    }

    /**
     * One row of features for a point of the drawing at (a, b): a synthetic set's chosen features of
     * (x1, x2) = (a, b); a table's mean row with the shown columns set to a and b.
     */
    static void expand(List<String> features, double a, double b, float[] out, int at, float[] means, int ax, int ay) {
        if (means != null) {
            System.arraycopy(means, 0, out, at, means.length);
            out[at + ax] = (float) a;
            out[at + ay] = (float) b;
            return;
        }
        for (int j = 0; j < features.size(); j++) {
            out[at + j] = (float) switch (features.get(j)) {
                case "x1" -> a;
                case "x2" -> b;
                case "x1sq" -> a * a;
                case "x2sq" -> b * b;
                case "x1x2" -> a * b;
                case "sinx1" -> Math.sin(a);
                case "sinx2" -> Math.sin(b);
                default -> throw new IllegalStateException("feature " + features.get(j));
            };
        }
    }

    /** The network's inputs over a res × res grid of the drawing, row 0 at the top (largest y). */
    public Tensor grid(int res) {
        int f = features();
        float[] means = axes[0] < 0 ? null : columnMeans();
        float[] out = new float[res * res * f];
        for (int r = 0; r < res; r++) {
            double b = range[3] - (range[3] - range[2]) * (r + 0.5) / res;
            for (int c = 0; c < res; c++) {
                double a = range[0] + (range[1] - range[0]) * (c + 0.5) / res;
                expand(names, a, b, out, (r * res + c) * f, means, axes[0], axes[1]);
            }
        }
        return network(Tensor.of(out, res * res, f));
    }

    /** Raw features as the network takes them (standardised for a table). */
    public Tensor network(Tensor raw) {
        return standardize == null ? raw : standardize.apply(raw);
    }

    /** The rows at {@code idx}, ready for the network, and their targets. */
    public Tensor inputs(int[] idx) {
        return network(rows(x, features(), idx));
    }

    public Tensor targets(int[] idx) {
        if (classification()) {
            int[] t = new int[idx.length];
            for (int i = 0; i < idx.length; i++) {
                t[i] = (int) labels[idx[i]];
            }
            return Tensor.of(t, idx.length);
        }
        float[] t = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            t[i] = (float) labels[idx[i]];
        }
        return Tensor.of(t, idx.length, 1);
    }

    private float[] columnMeans() {
        int f = features();
        float[] m = new float[f];
        for (int j = 0; j < f; j++) {
            double sum = 0;
            for (int i : train) {
                sum += x[i * f + j];
            }
            m[j] = (float) (sum / train.length);
        }
        return m;
    }

    private static Tensor rows(float[] x, int f, int[] idx) {
        float[] out = new float[idx.length * f];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(x, idx[i] * f, out, i * f, f);
        }
        return Tensor.of(out, idx.length, f);
    }

    /** A seeded shuffle, the first trainRatio percent for training (at least one row each side). */
    private static int[][] split(int n, int ratio, long seed) {
        int[] perm = new Generator(seed ^ 0x5EED).permutation(n);
        int k = Math.max(1, Math.min(n - 1, (int) Math.round(n * ratio / 100.0)));
        return new int[][] {java.util.Arrays.copyOf(perm, k), java.util.Arrays.copyOfRange(perm, k, n)};
    }

    private static double[] range(double[] px, double[] py) {
        double[] r = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < px.length; i++) {
            r[0] = Math.min(r[0], px[i]);
            r[1] = Math.max(r[1], px[i]);
            r[2] = Math.min(r[2], py[i]);
            r[3] = Math.max(r[3], py[i]);
        }
        for (int k = 0; k < 4; k += 2) {
            double pad = Math.max(1e-6, (r[k + 1] - r[k]) * 0.05);
            r[k] -= pad;
            r[k + 1] += pad;
        }
        return r;
    }

    private static List<String> defaultNames(int f) {
        List<String> out = new ArrayList<>();
        for (int j = 0; j < f; j++) {
            out.add("x" + (j + 1));
        }
        return out;
    }
}
