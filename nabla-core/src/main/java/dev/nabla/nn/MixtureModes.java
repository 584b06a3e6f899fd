package dev.nabla.nn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The modes of one sample's Gaussian mixture by the fixed-point (mean-shift) iteration of Carreira-Perpiñán
 * (2000): at a stationary point of p(x) = Σ_k w_k N(x; μ_k, Σ_k), x = (Σ_k r_k Σ_k⁻¹)⁻¹ Σ_k r_k Σ_k⁻¹ μ_k with
 * r_k = p(k | x). The iteration increases p at every step, so started from each component's mean it climbs to
 * a mode; starts that arrive at the same point are one mode, whose weight is the sum of their components'.
 */
final class MixtureModes {
    private static final int MAX_STEPS = 5000;
    /** Convergence, in units of the smallest component scale of the sample. */
    private static final double STEP_TOLERANCE = 1e-10;
    /** Two end points closer than this (same units) are one mode. */
    private static final double SAME_MODE = 1e-4;

    private MixtureModes() {}

    static List<GaussianMixture.Mode> find(MixtureArrays m, int s) {
        int k = m.k(), d = m.d();
        double[][] precision = new double[k][];
        double[][] precisionMean = new double[k][];
        double unit = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            precision[c] = precision(m, s, c);
            precisionMean[c] = times(precision[c], mean(m, s, c), d);
            for (int i = 0; i < d; i++) {
                unit = Math.min(unit, m.marginalScale(s, c, i));
            }
        }
        List<double[]> points = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            double[] x = climb(m, s, mean(m, s, c), precision, precisionMean, unit);
            int same = -1;
            for (int j = 0; j < points.size() && same < 0; j++) {
                same = distance(points.get(j), x) <= SAME_MODE * unit ? j : -1;
            }
            if (same < 0) {
                points.add(x);
                weights.add(m.weight(s, c));
            } else {
                weights.set(same, weights.get(same) + m.weight(s, c));
            }
        }
        double[] logPost = new double[k];
        List<GaussianMixture.Mode> modes = new ArrayList<>();
        for (int j = 0; j < points.size(); j++) {
            modes.add(new GaussianMixture.Mode(points.get(j), weights.get(j), Math.exp(m.logDensity(s, points.get(j), logPost))));
        }
        modes.sort(Comparator.comparingDouble(GaussianMixture.Mode::density).reversed());
        return modes;
    }

    private static double[] climb(MixtureArrays m, int s, double[] start, double[][] precision, double[][] precisionMean,
                                  double unit) {
        int k = m.k(), d = m.d();
        double[] x = start.clone();
        double[] logPost = new double[k];
        for (int step = 0; step < MAX_STEPS; step++) {
            m.logDensity(s, x, logPost);
            double[] a = new double[d * d];
            double[] b = new double[d];
            for (int c = 0; c < k; c++) {
                double r = Math.exp(logPost[c]);
                for (int i = 0; i < d * d; i++) {
                    a[i] += r * precision[c][i];
                }
                for (int i = 0; i < d; i++) {
                    b[i] += r * precisionMean[c][i];
                }
            }
            double[] next = solveSymmetric(a, b, d);
            double moved = distance(next, x);
            x = next;
            if (moved <= STEP_TOLERANCE * unit) {
                break;
            }
        }
        return x;
    }

    /** Σ_c⁻¹ = L⁻ᵀ L⁻¹, row-major D×D. */
    private static double[] precision(MixtureArrays m, int s, int c) {
        int d = m.d();
        double[] inv = new double[d * d]; // L⁻¹, lower triangular, by forward substitution on the identity
        for (int col = 0; col < d; col++) {
            for (int i = col; i < d; i++) {
                double acc = i == col ? 1 : 0;
                for (int j = col; j < i; j++) {
                    acc -= m.tril(s, c, i, j) * inv[j * d + col];
                }
                inv[i * d + col] = acc / m.tril(s, c, i, i);
            }
        }
        double[] p = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double sum = 0;
                for (int r = Math.max(i, j); r < d; r++) {
                    sum += inv[r * d + i] * inv[r * d + j];
                }
                p[i * d + j] = sum;
            }
        }
        return p;
    }

    /** Solves A x = b for a symmetric positive definite A by Cholesky (D is small). */
    private static double[] solveSymmetric(double[] a, double[] b, int d) {
        double[] l = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i * d + j];
                for (int r = 0; r < j; r++) {
                    sum -= l[i * d + r] * l[j * d + r];
                }
                l[i * d + j] = i == j ? Math.sqrt(sum) : sum / l[j * d + j];
            }
        }
        double[] y = new double[d];
        for (int i = 0; i < d; i++) {
            double sum = b[i];
            for (int r = 0; r < i; r++) {
                sum -= l[i * d + r] * y[r];
            }
            y[i] = sum / l[i * d + i];
        }
        double[] x = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double sum = y[i];
            for (int r = i + 1; r < d; r++) {
                sum -= l[r * d + i] * x[r];
            }
            x[i] = sum / l[i * d + i];
        }
        return x;
    }

    private static double[] mean(MixtureArrays m, int s, int c) {
        double[] mu = new double[m.d()];
        for (int i = 0; i < mu.length; i++) {
            mu[i] = m.mean(s, c, i);
        }
        return mu;
    }

    private static double[] times(double[] matrix, double[] v, int d) {
        double[] out = new double[d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                out[i] += matrix[i * d + j] * v[j];
            }
        }
        return out;
    }

    private static double distance(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
