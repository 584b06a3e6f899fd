package dev.nabla.nn;

import dev.nabla.kernel.ErrorFunction;

/**
 * Each output's marginal distribution of a mixture, a one-dimensional mixture Σ_k w_k N(μ_kd, s_kd²) with
 * s_kd the component's marginal scale: its CDF, its quantiles, and how calibrated a set of CDF values is.
 */
final class MixtureMarginals {
    private static final double SQRT_2 = Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final int MAX_STEPS = 200;
    /** The levels τ = 0.01, ..., 0.99 at which calibration is read. */
    private static final int LEVELS = 99;

    private MixtureMarginals() {}

    /** P(Y_d ≤ y_d) for each sample and output; {@code y} is [N, D] row-major. */
    static double[] cdf(MixtureArrays m, double[] y) {
        double[] out = new double[m.n() * m.d()];
        for (int s = 0; s < m.n(); s++) {
            for (int i = 0; i < m.d(); i++) {
                out[s * m.d() + i] = cdf(m, s, i, y[s * m.d() + i]);
            }
        }
        return out;
    }

    /** The marginal quantile at q for each sample and output, [N, D]. */
    static double[] quantiles(MixtureArrays m, double q) {
        double z = standardQuantile(q);
        double[] out = new double[m.n() * m.d()];
        for (int s = 0; s < m.n(); s++) {
            for (int i = 0; i < m.d(); i++) {
                out[s * m.d() + i] = quantile(m, s, i, q, z);
            }
        }
        return out;
    }

    /** Mean over τ = 0.01..0.99 of |fraction of CDF values ≤ τ − τ|. */
    static double calibrationError(double[] cdfValues) {
        double[] sorted = cdfValues.clone();
        java.util.Arrays.sort(sorted);
        double total = 0;
        int below = 0;
        for (int level = 1; level <= LEVELS; level++) {
            double tau = level / (double) (LEVELS + 1);
            while (below < sorted.length && sorted[below] <= tau) {
                below++;
            }
            total += Math.abs(below / (double) sorted.length - tau);
        }
        return total / LEVELS;
    }

    private static double cdf(MixtureArrays m, int s, int i, double y) {
        double p = 0;
        for (int c = 0; c < m.k(); c++) {
            p += m.weight(s, c) * phi((y - m.mean(s, c, i)) / m.marginalScale(s, c, i));
        }
        return p;
    }

    private static double density(MixtureArrays m, int s, int i, double y) {
        double p = 0;
        for (int c = 0; c < m.k(); c++) {
            double sd = m.marginalScale(s, c, i), u = (y - m.mean(s, c, i)) / sd;
            p += m.weight(s, c) * Math.exp(-0.5 * u * u) * INV_SQRT_2PI / sd;
        }
        return p;
    }

    /**
     * The mixture's CDF is a weighted mean of its components', so its q-quantile lies between the smallest and
     * the largest component q-quantile (μ_k + s_k z_q): a bracket from which a safeguarded Newton iteration
     * (bisection whenever a step would leave the bracket) converges. One component: the bracket is the answer.
     */
    private static double quantile(MixtureArrays m, int s, int i, double q, double z) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < m.k(); c++) {
            double v = m.mean(s, c, i) + m.marginalScale(s, c, i) * z;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (lo == hi) {
            return lo;
        }
        final double left = lo, right = hi;
        return solve(x -> cdf(m, s, i, x) - q, x -> density(m, s, i, x), left, right);
    }

    /** Φ⁻¹(q), solved on Φ itself (nn cannot reach the data package's closed form, and once per call is cheap). */
    private static double standardQuantile(double q) {
        return solve(x -> phi(x) - q, x -> Math.exp(-0.5 * x * x) * INV_SQRT_2PI, -40, 40);
    }

    /** The root of an increasing f in [lo, hi], where f(lo) ≤ 0 ≤ f(hi), to about 1e-14 relative. */
    private static double solve(java.util.function.DoubleUnaryOperator f, java.util.function.DoubleUnaryOperator slope,
                                double lo, double hi) {
        double x = 0.5 * (lo + hi);
        for (int step = 0; step < MAX_STEPS; step++) {
            double v = f.applyAsDouble(x);
            if (v == 0) {
                return x;
            }
            if (v < 0) {
                lo = x;
            } else {
                hi = x;
            }
            double g = slope.applyAsDouble(x);
            double next = x - v / g;
            if (!(g > 0 && next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - x) <= 1e-14 * Math.max(1, Math.abs(x)) || hi - lo <= 1e-15 * Math.max(1, Math.abs(x))) {
                return next;
            }
            x = next;
        }
        return x;
    }

    /** The standard normal CDF. */
    static double phi(double x) {
        return 0.5 * (1 + ErrorFunction.erf(x / SQRT_2));
    }
}
