package dev.nabla.data;

import dev.nabla.config.ConfigException;
import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * What the transforms share: features {@code [N, ...]} seen as N rows of F values (one per feature
 * position, F = the product of the trailing sizes), read as doubles and written back in the input's dtype;
 * shape checks against the shape seen at fit; and config values as JSON-friendly lists.
 *
 * <p>Statistics are computed in double whatever the input dtype, so a float32 data set of 60,000 rows sums
 * without losing the small features to rounding.
 */
final class Features {
    private Features() {}

    /** The per-sample shape: every axis after the first. */
    static int[] featureShape(String owner, Tensor x) {
        if (x.rank() < 1) {
            throw new IllegalArgumentException(owner + ": features must have a sample axis [N, ...], got a scalar");
        }
        return Arrays.copyOfRange(x.shape().dims(), 1, x.rank());
    }

    /** Number of values per sample (1 for features of shape [N]). */
    static int width(int[] featureShape) {
        int f = 1;
        for (int d : featureShape) {
            f *= d;
        }
        return f;
    }

    /** Checks x is [M, featureShape...] and returns its values row-major. */
    static double[] valuesMatching(String owner, int[] featureShape, Tensor x) {
        int[] got = featureShape(owner, x);
        if (!Arrays.equals(got, featureShape)) {
            throw new IllegalArgumentException(owner + ": fitted on features " + shown(featureShape) + ", got "
                    + x.shape());
        }
        return values(x);
    }

    /** Training values; refuses an empty set and non-finite values, naming the sample and feature. */
    static double[] trainingValues(String owner, Tensor x) {
        int[] shape = featureShape(owner, x);
        if (x.dim(0) == 0) {
            throw new IllegalArgumentException(owner + ": cannot fit on 0 samples " + x.shape());
        }
        double[] v = values(x);
        int f = width(shape);
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(owner + ": training value " + v[i] + " at sample " + (f == 0 ? 0 : i / f)
                        + ", feature " + (f == 0 ? 0 : i % f) + " is not finite");
            }
        }
        return v;
    }

    /** The values as doubles (a fresh array: callers may write into it). */
    static double[] values(Tensor x) {
        return x.toDoubleArray();
    }

    /** A tensor of x's shape holding v: in x's dtype when floating, else float32 (int pixels become floats). */
    static Tensor like(Tensor x, double[] v) {
        int[] dims = x.shape().dims();
        if (x.dtype() == DType.FLOAT64) {
            return Tensor.of(v, dims);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Tensor.of(f, dims);
    }

    /** "[*, 4]" or "[*, 28, 28]": the shape a transform accepts, any number of samples. */
    static String shown(int[] featureShape) {
        StringBuilder sb = new StringBuilder("[*");
        for (int d : featureShape) {
            sb.append(", ").append(d);
        }
        return sb.append(']').toString();
    }

    // ---------------------------------------------------------------- config values

    /** The "feature_shape" entry of a fitted transform's config: whole numbers >= 0. */
    static int[] featureShape(ConfigReader c) {
        int[] a = c.ints("feature_shape");
        for (int i = 0; i < a.length; i++) {
            if (a[i] < 0) {
                throw new ConfigException(c.pathOf("feature_shape") + "[" + i + "]", "must be a size >= 0, got " + a[i]);
            }
        }
        return a;
    }
}
