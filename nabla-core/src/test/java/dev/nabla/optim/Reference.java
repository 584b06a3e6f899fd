package dev.nabla.optim;

import java.util.function.LongToDoubleFunction;

/**
 * The optimizer test's problem and its expected trajectories computed independently of the library:
 * plain double loops over the flattened parameters, with the gradient written out by hand and each
 * update rule transcribed from PyTorch's documentation of {@code torch.optim} (its algorithm boxes).
 *
 * <p>The problem (the same numbers as {@code golden/optimizers.py}): linear regression
 * {@code loss = mean((X·Wᵀ + b − Y)²)} with W [2, 3] and b [2]; θ is W row-major, then b.
 */
final class Reference {
    static final double[][] X = {{1.0, 2.0, -1.0}, {0.5, -1.0, 2.0}, {-1.5, 0.3, 0.8}, {2.0, 1.0, 1.0}};
    static final double[][] Y = {{1.0, -1.0}, {0.5, 2.0}, {-1.0, 0.3}, {2.0, 1.0}};
    static final double[][] W0 = {{0.5, -0.3, 0.8}, {-0.6, 0.2, 0.1}};
    static final double[] B0 = {0.1, -0.2};
    private static final int N = 4, IN = 3, OUT = 2, SIZE = OUT * IN + OUT;

    /** One update of θ from the (clipped, weight-decayed) gradient g at update t (from 1) and rate lr. */
    interface Rule {
        void apply(double[] theta, double[] g, int t, double lr);
    }

    private final Rule rule;
    private LongToDoubleFunction lr;
    private double weightDecay;
    private boolean decoupled;
    private double clipNorm = Double.POSITIVE_INFINITY;
    private double clipValue = Double.POSITIVE_INFINITY;

    private Reference(Rule rule, double lr) {
        this.rule = rule;
        this.lr = t -> lr;
    }

    static Reference of(double lr, Rule rule) { return new Reference(rule, lr); }
    /** The rate of the update after t completed ones. */
    Reference lr(LongToDoubleFunction f) { lr = f; return this; }
    /** L2: g += wd·θ. */
    Reference weightDecay(double wd) { weightDecay = wd; return this; }
    /** AdamW: θ ← θ·(1 − lr·wd) before the rule. */
    Reference decoupledWeightDecay(double wd) { weightDecay = wd; decoupled = true; return this; }
    Reference clipNorm(double v) { clipNorm = v; return this; }
    Reference clipValue(double v) { clipValue = v; return this; }

    /** θ after each of {@code steps} updates. */
    double[][] run(int steps) {
        double[] theta = new double[SIZE];
        for (int k = 0; k < OUT; k++) {
            System.arraycopy(W0[k], 0, theta, k * IN, IN);
        }
        System.arraycopy(B0, 0, theta, OUT * IN, OUT);
        double[][] out = new double[steps][];
        for (int t = 1; t <= steps; t++) {
            double rate = lr.applyAsDouble(t - 1);
            double[] g = gradient(theta);
            clip(g);
            for (int i = 0; i < SIZE; i++) {
                if (decoupled) {
                    theta[i] *= 1 - rate * weightDecay;
                } else {
                    g[i] += weightDecay * theta[i];
                }
            }
            rule.apply(theta, g, t, rate);
            out[t - 1] = theta.clone();
        }
        return out;
    }

    /** d/dθ of mean over n, k of r[n][k]², r = Σ_j X[n][j]·W[k][j] + b[k] − Y[n][k]. */
    static double[] gradient(double[] theta) {
        double[] g = new double[SIZE];
        double c = 2.0 / (N * OUT);
        for (int n = 0; n < N; n++) {
            for (int k = 0; k < OUT; k++) {
                double r = theta[OUT * IN + k] - Y[n][k];
                for (int j = 0; j < IN; j++) {
                    r += X[n][j] * theta[k * IN + j];
                }
                for (int j = 0; j < IN; j++) {
                    g[k * IN + j] += c * r * X[n][j];
                }
                g[OUT * IN + k] += c * r;
            }
        }
        return g;
    }

    /** clip_grad_value_ then clip_grad_norm_ (scale by max / (norm + 1e-6) when that is below 1). */
    private void clip(double[] g) {
        double sumSq = 0;
        for (int i = 0; i < SIZE; i++) {
            g[i] = Math.max(-clipValue, Math.min(clipValue, g[i]));
            sumSq += g[i] * g[i];
        }
        double coef = clipNorm / (Math.sqrt(sumSq) + 1e-6);
        if (coef < 1) {
            for (int i = 0; i < SIZE; i++) {
                g[i] *= coef;
            }
        }
    }

    // ---------------------------------------------------------------- the rules, as PyTorch documents them

    /** SGD, dampening 0: b = μb + g (b = g at t = 1); nesterov: g = g + μb, else g = b; θ −= γg. */
    static Rule sgd(double mu, boolean nesterov) {
        return sgd(t -> mu, nesterov);
    }

    /** {@link #sgd(double, boolean)} with the momentum of update t (from 1) at {@code mu(t − 1)}. */
    static Rule sgd(LongToDoubleFunction mus, boolean nesterov) {
        double[] b = new double[SIZE];
        return (theta, g, t, lr) -> {
            double mu = mus.applyAsDouble(t - 1);
            for (int i = 0; i < SIZE; i++) {
                double d = g[i];
                if (mu != 0) {
                    b[i] = t == 1 ? g[i] : mu * b[i] + g[i];
                    d = nesterov ? g[i] + mu * b[i] : b[i];
                }
                theta[i] -= lr * d;
            }
        };
    }

    /** Adagrad: γ̃ = γ / (1 + (t − 1)η); state_sum += g²; θ −= γ̃ g / (√state_sum + ε). */
    static Rule adagrad(double lrDecay, double initialAccumulator, double eps) {
        double[] sum = new double[SIZE];
        java.util.Arrays.fill(sum, initialAccumulator);
        return (theta, g, t, lr) -> {
            double clr = lr / (1 + (t - 1) * lrDecay);
            for (int i = 0; i < SIZE; i++) {
                sum[i] += g[i] * g[i];
                theta[i] -= clr * g[i] / (Math.sqrt(sum[i]) + eps);
            }
        };
    }

    /** RMSprop: v = αv + (1 − α)g²; centered: ṽ = v − (g^ave)²; b = μb + g / (√ṽ + ε); θ −= γb. */
    static Rule rmsprop(double alpha, double eps, double mu, boolean centered) {
        return rmsprop(alpha, eps, t -> mu, centered);
    }

    /** {@link #rmsprop(double, double, double, boolean)} with the momentum of update t at {@code mu(t − 1)}. */
    static Rule rmsprop(double alpha, double eps, LongToDoubleFunction mus, boolean centered) {
        double[] v = new double[SIZE], gAve = new double[SIZE], b = new double[SIZE];
        return (theta, g, t, lr) -> {
            double mu = mus.applyAsDouble(t - 1);
            for (int i = 0; i < SIZE; i++) {
                v[i] = alpha * v[i] + (1 - alpha) * g[i] * g[i];
                double vt = v[i];
                if (centered) {
                    gAve[i] = alpha * gAve[i] + (1 - alpha) * g[i];
                    vt -= gAve[i] * gAve[i];
                }
                if (mu > 0) {
                    b[i] = mu * b[i] + g[i] / (Math.sqrt(vt) + eps);
                    theta[i] -= lr * b[i];
                } else {
                    theta[i] -= lr * g[i] / (Math.sqrt(vt) + eps);
                }
            }
        };
    }

    /** Adam: m, v running averages; amsgrad keeps v̂max; θ −= γ m̂ / (√v̂ + ε) with bias corrections. */
    static Rule adam(double beta1, double beta2, double eps, boolean amsgrad) {
        return adam(t -> beta1, beta2, eps, amsgrad);
    }

    /** {@link #adam(double, double, double, boolean)} with β1 of update t at {@code beta1(t − 1)}, corrected by it. */
    static Rule adam(LongToDoubleFunction beta1s, double beta2, double eps, boolean amsgrad) {
        double[] m = new double[SIZE], v = new double[SIZE], vMax = new double[SIZE];
        return (theta, g, t, lr) -> {
            double beta1 = beta1s.applyAsDouble(t - 1);
            for (int i = 0; i < SIZE; i++) {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                vMax[i] = Math.max(vMax[i], v[i]);
                double mHat = m[i] / (1 - Math.pow(beta1, t));
                double vHat = (amsgrad ? vMax[i] : v[i]) / (1 - Math.pow(beta2, t));
                theta[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        };
    }
}
