package dev.nabla.data;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.Tensor;

/**
 * Min-max scaling: each feature position mapped linearly so that its training minimum becomes
 * {@code low} and its training maximum {@code high} (scikit-learn's {@code MinMaxScaler}). Test values
 * outside the training range land outside [low, high]; nothing is clipped, so the network sees them.
 * A feature whose training range is 0 (constant) maps to {@code low}, not to NaN.
 *
 * @param low where each feature's training minimum goes
 * @param high where each feature's training maximum goes; must exceed {@code low}
 */
public record MinMax(double low, double high) implements Transform {

    public MinMax {
        checkRange(low, high);
    }

    private static void checkRange(double low, double high) {
        Check.finite("MinMax", "low", low);
        Check.that(high > low && high < Double.POSITIVE_INFINITY, "MinMax", "high", "finite and > low (" + low + ")", high);
    }

    static MinMax read(ConfigReader c) {
        MinMax d = new MinMax();
        c.allowOnly("low", "high");
        return c.build(() -> new MinMax(c.number("low", d.low()), c.number("high", d.high())));
    }

    /** Scaling to [0, 1], scikit-learn's default. */
    public MinMax() {
        this(0, 1);
    }

    @Override
    public Fitted fit(Tensor trainingFeatures) {
        String owner = "MinMax";
        int[] shape = Features.featureShape(owner, trainingFeatures);
        double[] v = Features.trainingValues(owner, trainingFeatures);
        int f = Features.width(shape);
        double[] min = new double[f];
        double[] max = new double[f];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < v.length; i++) {
            int j = i % f;
            min[j] = Math.min(min[j], v[i]);
            max[j] = Math.max(max[j], v[i]);
        }
        return new Fitted(low, high, shape, min, max);
    }

    /**
     * Fitted min-max scaling: the target range and, per feature position, the training minimum and maximum.
     * {@code y = low + (x - min) * (high - low) / (max - min)}, or {@code low} where {@code max == min}.
     */
    public record Fitted(double low, double high, int[] featureShape, double[] min, double[] max)
            implements FittedTransform {
        private static final String OWNER = "MinMax";

        public Fitted {
            checkRange(low, high);
            featureShape = featureShape.clone();
            min = min.clone();
            max = max.clone();
            int f = Features.width(featureShape);
            if (min.length != f || max.length != f) {
                throw new IllegalArgumentException(OWNER + ": features " + Features.shown(featureShape) + " need " + f
                        + " minima and maxima, got " + min.length + " and " + max.length);
            }
            for (int j = 0; j < f; j++) {
                if (!Double.isFinite(min[j]) || !Double.isFinite(max[j]) || min[j] > max[j]) {
                    throw new IllegalArgumentException(OWNER + ": feature " + j + " has min " + min[j] + " and max " + max[j]
                            + " (need finite min <= max)");
                }
            }
        }

        @Override
        public int[] featureShape() {
            return featureShape.clone();
        }

        @Override
        public double[] min() {
            return min.clone();
        }

        @Override
        public double[] max() {
            return max.clone();
        }

        @Override
        public Tensor apply(Tensor features) {
            double[] v = Features.valuesMatching(OWNER, featureShape, features);
            int f = min.length;
            for (int i = 0; i < v.length; i++) {
                int j = i % f;
                double range = max[j] - min[j];
                v[i] = range == 0 ? low : low + (v[i] - min[j]) * ((high - low) / range);
            }
            return Features.like(features, v);
        }

        static Fitted read(ConfigReader c) {
            c.allowOnly("low", "high", "feature_shape", "min", "max");
            return c.build(() -> new Fitted(c.number("low"), c.number("high"), Features.featureShape(c), c.doubles("min"),
                    c.doubles("max")));
        }

        @Override
        public String toString() {
            return "MinMax.Fitted([" + low + ", " + high + "], features " + Features.shown(featureShape) + ")";
        }
    }
}
