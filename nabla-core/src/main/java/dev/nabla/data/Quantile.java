package dev.nabla.data;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Quantile normalisation, as scikit-learn's {@code QuantileTransformer}: each feature is passed through its
 * own empirical CDF, learnt from the training data, so it comes out uniform on [0, 1] ({@code "uniform"}),
 * or, through the inverse normal CDF as well, standard normal ({@code "normal"}). Unlike standardization it
 * also tames skewed features and outliers: only ranks matter. The lecture names it beside standardization.
 *
 * <p>Fitting keeps {@code min(quantiles, N)} quantiles per feature, at evenly spaced probabilities
 * 0, 1/(m-1), ..., 1 (NumPy's linear percentiles). Applying interpolates linearly between them; values
 * below the training minimum map to 0, above the maximum to 1. Where training values tie, several
 * quantiles are equal; like scikit-learn, a value on a tie gets the middle of the tied probabilities
 * (the mean of interpolating from below and from above), and a value equal to the training minimum or
 * maximum gets exactly 0 or 1. The normal output is clipped to Φ⁻¹(1e-7) ≈ ±5.2 rather than ±∞.
 *
 * <p>Two deliberate differences from scikit-learn 1.2. For {@code "normal"}, scikit-learn also sends every
 * value within 1e-7 <em>in input units</em> of a training extreme to ±5.2, which flattens features measured
 * on a small scale (values around 1e-6 all become extremes); here only the extremes themselves are.
 * And a feature that is constant in training maps that constant to 0.5 (normal: 0), the middle, where
 * scikit-learn's bound rule gives 0 (normal: -5.2); smaller values give 0 and larger 1.
 *
 * @param quantiles how many quantiles to keep per feature (at most N are used); >= 2. The fitted state is
 *     {@code features × quantiles} numbers, saved with the model: choose fewer for wide inputs.
 * @param output {@code "uniform"} or {@code "normal"}
 */
public record Quantile(int quantiles, String output) implements Transform {
    /** The valid {@link #output} values. */
    public static final List<String> OUTPUTS = List.of("uniform", "normal");

    /** Normal output is clipped to Φ⁻¹ of this and of 1 minus it, scikit-learn's bounds (about ±5.2). */
    private static final double CLIP_P = 1e-7 - Math.ulp(1.0);
    private static final double CLIP_LOW = InverseNormal.of(CLIP_P);
    private static final double CLIP_HIGH = InverseNormal.of(1 - CLIP_P);

    public Quantile {
        checkSettings(quantiles, output);
    }

    private static void checkSettings(int quantiles, String output) {
        Check.that(quantiles >= 2, "Quantile", "quantiles", ">= 2", quantiles);
        Check.that(output != null && OUTPUTS.contains(output), "Quantile", "output", "one of " + OUTPUTS, output);
    }

    static Quantile read(ConfigReader c) {
        Quantile d = new Quantile();
        c.allowOnly("quantiles", "output");
        return c.build(() -> new Quantile(c.intValue("quantiles", d.quantiles()),
                c.choice("output", "quantile output", OUTPUTS, d.output())));
    }

    /** scikit-learn's defaults: 1000 quantiles, uniform output. */
    public Quantile() {
        this(1000, "uniform");
    }

    @Override
    public Fitted fit(Tensor trainingFeatures) {
        String owner = "Quantile";
        int[] shape = Features.featureShape(owner, trainingFeatures);
        double[] v = Features.trainingValues(owner, trainingFeatures);
        int f = Features.width(shape);
        int n = trainingFeatures.dim(0);
        int m = Math.max(2, Math.min(quantiles, n));
        double[][] values = new double[f][];
        double[] column = new double[n];
        for (int j = 0; j < f; j++) {
            for (int i = 0; i < n; i++) {
                column[i] = v[i * f + j];
            }
            Arrays.sort(column);
            values[j] = percentiles(column, m);
        }
        return new Fitted(quantiles, output, shape, values);
    }

    /**
     * NumPy's linear percentiles of sorted data at probabilities k/(m-1): position h = (n-1)·k/(m-1) taken
     * exactly as a whole part and a fraction, then made non-decreasing against rounding in the lerp.
     */
    private static double[] percentiles(double[] sorted, int m) {
        int n = sorted.length;
        double[] q = new double[m];
        for (int k = 0; k < m; k++) {
            long num = (long) (n - 1) * k;
            int lo = (int) (num / (m - 1));
            double frac = (double) (num % (m - 1)) / (m - 1);
            q[k] = frac == 0 ? sorted[lo] : sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
            if (k > 0) {
                q[k] = Math.max(q[k], q[k - 1]);
            }
        }
        return q;
    }

    /**
     * Fitted quantile normalisation: for each feature position, {@code values[j]} holds its m training
     * quantiles at probabilities 0, 1/(m-1), ..., 1 (non-decreasing).
     */
    public record Fitted(int quantiles, String output, int[] featureShape, double[][] values) implements FittedTransform {
        private static final String OWNER = "Quantile";

        public Fitted {
            checkSettings(quantiles, output);
            featureShape = featureShape.clone();
            values = deepCopy(values);
            check(quantiles, featureShape, values);
        }

        private static void check(int quantiles, int[] featureShape, double[][] values) {
            int f = Features.width(featureShape);
            if (f > 0 && values.length == f && values[0].length > quantiles) {
                throw new IllegalArgumentException(OWNER + ": " + values[0].length + " quantiles per feature, more than the "
                        + quantiles + " asked for");
            }
            if (values.length != f) {
                throw new IllegalArgumentException(OWNER + ": features " + Features.shown(featureShape) + " need " + f
                        + " quantile rows, got " + values.length);
            }
            for (int j = 0; j < f; j++) {
                double[] q = values[j];
                if (q.length < 2 || q.length != values[0].length) {
                    throw new IllegalArgumentException(OWNER + ": feature " + j + " has " + q.length
                            + " quantiles; every feature needs the same number, at least 2");
                }
                for (int k = 0; k < q.length; k++) {
                    if (!Double.isFinite(q[k]) || k > 0 && q[k] < q[k - 1]) {
                        throw new IllegalArgumentException(OWNER + ": feature " + j + " quantile " + k + " is " + q[k]
                                + " (quantiles must be finite and non-decreasing)");
                    }
                }
            }
        }

        private static double[][] deepCopy(double[][] a) {
            double[][] c = new double[a.length][];
            for (int i = 0; i < a.length; i++) {
                c[i] = a[i].clone();
            }
            return c;
        }

        @Override
        public int[] featureShape() {
            return featureShape.clone();
        }

        @Override
        public double[][] values() {
            return deepCopy(values);
        }

        @Override
        public Tensor apply(Tensor features) {
            double[] v = Features.valuesMatching(OWNER, featureShape, features);
            int f = values.length;
            boolean normal = output.equals("normal");
            for (int i = 0; i < v.length; i++) {
                v[i] = map(v[i], values[i % f], normal);
            }
            return Features.like(features, v);
        }

        /** One value through one feature's CDF (and Φ⁻¹). */
        static double map(double x, double[] q, boolean normal) {
            if (Double.isNaN(x)) {
                return x;
            }
            int last = q.length - 1;
            double u;
            if (q[0] == q[last]) {
                u = x < q[0] ? 0 : x > q[0] ? 1 : 0.5;
            } else {
                // the training extremes map to exactly 0 and 1, even when tied with other quantiles
                u = x == q[0] ? 0 : x == q[last] ? 1 : 0.5 * (fromBelow(x, q) + fromAbove(x, q));
            }
            return normal ? Math.clamp(InverseNormal.of(u), CLIP_LOW, CLIP_HIGH) : u;
        }

        /** np.interp(x, q, refs): on a run of equal quantiles, the probability of the last one. */
        private static double fromBelow(double x, double[] q) {
            int last = q.length - 1;
            if (x < q[0]) {
                return 0;
            }
            if (x >= q[last]) {
                return 1;
            }
            int lo = 0, hi = last; // invariant: q[lo] <= x < q[hi]
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (q[mid] <= x) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return (lo + (x - q[lo]) / (q[hi] - q[lo])) / last;
        }

        /** The same interpolation from the other side: on a run of equal quantiles, the first one's. */
        private static double fromAbove(double x, double[] q) {
            int last = q.length - 1;
            if (x <= q[0]) {
                return 0;
            }
            if (x > q[last]) {
                return 1;
            }
            int lo = 0, hi = last; // invariant: q[lo] < x <= q[hi]
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (q[mid] < x) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return (hi - (q[hi] - x) / (q[hi] - q[lo])) / last;
        }

        static Fitted read(ConfigReader c) {
            c.allowOnly("quantiles", "output", "feature_shape", "values");
            List<?> rows = c.list("values");
            double[][] values = new double[rows.size()][];
            for (int j = 0; j < values.length; j++) {
                values[j] = ConfigReader.doubles(rows.get(j), c.pathOf("values") + "[" + j + "]");
            }
            return c.build(() -> new Fitted(c.intValue("quantiles"), c.string("output"), Features.featureShape(c), values));
        }

        @Override
        public String toString() {
            return "Quantile.Fitted(" + output + ", " + (values.length == 0 ? 0 : values[0].length) + " quantiles, features "
                    + Features.shown(featureShape) + ")";
        }
    }
}
