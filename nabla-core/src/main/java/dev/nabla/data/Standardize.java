package dev.nabla.data;

import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.Tensor;

/**
 * Standardization (z-scores): each feature position minus its training mean, divided by its training
 * standard deviation, so every input has mean 0 and variance 1 on the training set. Gradient descent
 * then takes steps of similar size in every direction instead of crawling along a feature measured in
 * thousands (the lecture's "inputs of approximately the same range").
 *
 * <p>The standard deviation is the population one (divide by N), as in scikit-learn's
 * {@code StandardScaler}. A feature whose training values are all equal (std 0: a border pixel that is
 * always black) is only centred: it is divided by 1, not by 0, so it becomes 0 instead of NaN, and a
 * different value at test time stays visible as a finite offset.
 */
public record Standardize() implements Transform {

    @Override
    public Fitted fit(Tensor trainingFeatures) {
        String owner = "Standardize";
        int[] shape = Features.featureShape(owner, trainingFeatures);
        double[] v = Features.trainingValues(owner, trainingFeatures);
        int f = Features.width(shape);
        int n = trainingFeatures.dim(0);
        double[] mean = new double[f];
        double[] std = new double[f];
        for (int j = 0; j < f; j++) {
            double sum = 0;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double x = v[i * f + j];
                sum += x;
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            mean[j] = lo == hi ? lo : sum / n; // a constant feature comes out exactly 0
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double d = v[i * f + j] - mean[j];
                squares += d * d;
            }
            // two passes, not E[x^2] - E[x]^2, which cancels catastrophically for large, tight values;
            // "constant" is decided on the values themselves, so rounding in the mean cannot leave a tiny std
            std[j] = lo == hi ? 0 : Math.sqrt(squares / n);
        }
        return new Fitted(shape, mean, std);
    }

    /**
     * Fitted standardization: per feature position (flattened row-major over the per-sample shape) the
     * training mean and standard deviation; a std of 0 marks a constant feature, which is only centred.
     */
    public record Fitted(int[] featureShape, double[] mean, double[] std) implements FittedTransform {
        private static final String OWNER = "Standardize";

        public Fitted {
            featureShape = featureShape.clone();
            mean = mean.clone();
            std = std.clone();
            int f = Features.width(featureShape);
            if (mean.length != f || std.length != f) {
                throw new IllegalArgumentException(OWNER + ": features " + Features.shown(featureShape) + " need " + f
                        + " means and stds, got " + mean.length + " and " + std.length);
            }
            for (int j = 0; j < f; j++) {
                if (!Double.isFinite(mean[j]) || !(std[j] >= 0) || Double.isInfinite(std[j])) {
                    throw new IllegalArgumentException(OWNER + ": feature " + j + " has mean " + mean[j] + " and std "
                            + std[j] + " (need a finite mean and a finite std >= 0)");
                }
            }
        }

        @Override
        public int[] featureShape() {
            return featureShape.clone();
        }

        @Override
        public double[] mean() {
            return mean.clone();
        }

        @Override
        public double[] std() {
            return std.clone();
        }

        @Override
        public Tensor apply(Tensor features) {
            double[] v = Features.valuesMatching(OWNER, featureShape, features);
            int f = mean.length;
            for (int i = 0; i < v.length; i++) {
                int j = i % f;
                double s = std[j] == 0 ? 1 : std[j];
                v[i] = (v[i] - mean[j]) / s;
            }
            return Features.like(features, v);
        }

        static Fitted read(ConfigReader c) {
            c.allowOnly("feature_shape", "mean", "std");
            return c.build(() -> new Fitted(Features.featureShape(c), c.doubles("mean"), c.doubles("std")));
        }

        @Override
        public String toString() {
            return "Standardize.Fitted(features " + Features.shown(featureShape) + ")";
        }
    }
}
