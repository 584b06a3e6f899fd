package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import java.util.Arrays;

/**
 * A {@link GaussianMixture}'s parameters as float64 host arrays, for what is computed outside autograd
 * (quantiles, sampling, modes), with the index maps of the packed Cholesky layout and the small dense
 * algebra on one component. Row-major: weight (n, k) at n·K + k, mean (n, k, d) at (n·K + k)·D + d, scale
 * entries (n, k, e) at (n·K + k)·E + e, E = D (diagonal) or D(D+1)/2 (entry (i, j), j ≤ i, at i(i+1)/2 + j).
 */
record MixtureArrays(double[] weights, double[] means, double[] scales, int n, int k, int d,
                     GaussianMixture.Covariance covariance) {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    static MixtureArrays of(double[] weights, double[] means, double[] scales, int n, int k, int d,
                            GaussianMixture.Covariance covariance) {
        return new MixtureArrays(weights, means, scales, n, k, d, covariance);
    }

    int entries() {
        return covariance.scaleEntries(d);
    }

    double weight(int s, int c) {
        return weights[s * k + c];
    }

    double mean(int s, int c, int i) {
        return means[(s * k + c) * d + i];
    }

    /** L_ij of component c of sample s (a diagonal factor for diagonal covariances). */
    double tril(int s, int c, int i, int j) {
        int base = (s * k + c) * entries();
        if (covariance == GaussianMixture.Covariance.DIAGONAL) {
            return i == j ? scales[base + i] : 0;
        }
        return j <= i ? scales[base + i * (i + 1) / 2 + j] : 0;
    }

    /** The component's marginal standard deviation of output i: √(Σ_j L_ij²). */
    double marginalScale(int s, int c, int i) {
        double sum = 0;
        for (int j = 0; j <= i; j++) {
            double l = tril(s, c, i, j);
            sum += l * l;
        }
        return Math.sqrt(sum);
    }

    /** log N(x; μ_c, L Lᵀ) by forward substitution. */
    double logComponentDensity(int s, int c, double[] x) {
        double[] z = new double[d];
        double quad = 0, logDet = 0;
        for (int i = 0; i < d; i++) {
            double acc = x[i] - mean(s, c, i);
            for (int j = 0; j < i; j++) {
                acc -= tril(s, c, i, j) * z[j];
            }
            double lii = tril(s, c, i, i);
            z[i] = acc / lii;
            quad += z[i] * z[i];
            logDet += Math.log(lii);
        }
        return -0.5 * quad - logDet - 0.5 * d * LOG_2PI;
    }

    /** log p(x) of sample s, and each component's posterior log-weight into {@code logPost} (length K). */
    double logDensity(int s, double[] x, double[] logPost) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            logPost[c] = Math.log(weight(s, c)) + logComponentDensity(s, c, x);
            max = Math.max(max, logPost[c]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            sum += Math.exp(logPost[c] - max);
        }
        double log = max + Math.log(sum);
        for (int c = 0; c < k; c++) {
            logPost[c] -= log;
        }
        return log;
    }

    /**
     * {@code count} draws per sample, {@code [count, N, D]}: for each draw and sample in turn, one uniform picks the
     * component by its weight, then D standard normals ε give μ + L·ε.
     */
    static double[] sample(MixtureArrays m, Generator g, int count) {
        double[] out = new double[count * m.n * m.d];
        double[] eps = new double[m.d];
        for (int draw = 0, at = 0; draw < count; draw++) {
            for (int s = 0; s < m.n; s++, at += m.d) {
                int c = m.pick(s, g.nextDouble());
                for (int i = 0; i < m.d; i++) {
                    eps[i] = g.nextGaussian();
                }
                for (int i = 0; i < m.d; i++) {
                    double v = m.mean(s, c, i);
                    for (int j = 0; j <= i; j++) {
                        v += m.tril(s, c, i, j) * eps[j];
                    }
                    out[at + i] = v;
                }
            }
        }
        return out;
    }

    /** The component whose cumulative weight first exceeds u (the last one if rounding leaves u beyond them all). */
    private int pick(int s, double u) {
        double cumulative = 0;
        for (int c = 0; c < k; c++) {
            cumulative += weight(s, c);
            if (u < cumulative) {
                return c;
            }
        }
        return k - 1;
    }

    /** Positions of the packed entries in a flattened D×D matrix, row by row: i·D + j for j ≤ i. */
    static int[] trilIndices(int d) {
        int[] idx = new int[d * (d + 1) / 2];
        for (int i = 0, at = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                idx[at++] = i * d + j;
            }
        }
        return idx;
    }

    /** For each (i, j) of a D×D matrix, its packed entry, or the zero appended after them above the diagonal. */
    static int[] trilScatter(int d) {
        int[] idx = new int[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                idx[i * d + j] = j <= i ? i * (i + 1) / 2 + j : d * (d + 1) / 2;
            }
        }
        return idx;
    }

    /** For each (i, j) of a D×D matrix, scale i on the diagonal, else the zero appended after the D scales. */
    static int[] diagonalScatter(int d) {
        int[] idx = new int[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                idx[i * d + j] = i == j ? i : d;
            }
        }
        return idx;
    }

    /** The packed positions of L's diagonal. */
    static int[] diagonalIndices(int d) {
        int[] idx = new int[d];
        for (int i = 0; i < d; i++) {
            idx[i] = i * (i + 1) / 2 + i;
        }
        return idx;
    }

    /** Which packed entries are on L's diagonal (and so must be positive). */
    static boolean[] diagonalMask(int d) {
        boolean[] mask = new boolean[d * (d + 1) / 2];
        for (int i : diagonalIndices(d)) {
            mask[i] = true;
        }
        return mask;
    }

    /**
     * Refuses a value that is not &gt; 0 (NaN included) among {@code values} of {@code shape}, only at last-axis
     * positions where {@code mask} is true (all when null): {@code <what> must be > 0, got -0.5 at [3, 1, 0]}.
     */
    static void requirePositive(String what, double[] values, Shape shape, boolean[] mask) {
        int last = shape.rank() == 0 ? 1 : shape.dim(-1);
        for (int i = 0; i < values.length; i++) {
            if ((mask == null || mask[i % last]) && !(values[i] > 0)) {
                throw new IllegalArgumentException(what + " must be > 0, got " + values[i] + " at " + position(i, shape));
            }
        }
    }

    static String position(int flat, Shape shape) {
        int[] dims = shape.dims();
        int[] idx = new int[dims.length];
        for (int a = dims.length - 1; a >= 0; a--) {
            idx[a] = flat % dims[a];
            flat /= dims[a];
        }
        return Arrays.toString(idx);
    }
}
