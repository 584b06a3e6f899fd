package dev.nabla.loss;

import dev.nabla.config.Check;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Gaussian negative log-likelihood (PyTorch's GaussianNLLLoss), for a network that predicts both a
 * mean and a variance (heteroscedastic regression, lecture seed 003):
 * {@code 0.5 (log v + (mean - target)^2 / v)}, plus {@code 0.5 log(2 pi)} when {@code full}, with
 * {@code v = max(variance, eps)}.
 *
 * <p>Two ways to call it:
 * <ul>
 *   <li>{@link #compute(Tensor, Tensor, Tensor) compute(mean, target, variance)}: PyTorch's form.
 *       The variance has the mean's shape, or that shape with the last axis 1 or dropped (one
 *       variance shared along the last axis). Negative variances are refused.</li>
 *   <li>{@link #compute(Tensor, Tensor) compute(prediction, target)}, the {@link Loss} form for one
 *       network output: prediction {@code [..., 2D]} holds the mean in its first D entries of the
 *       last axis and the variance in the last D; target is {@code [..., D]} (so {@code [N, 2]}
 *       against {@code [N, 1]} for one output). The network must make the variance half positive,
 *       e.g. with softplus or exp; {@link dev.nabla.nn.GaussianHead} gives exactly this.</li>
 * </ul>
 * As PyTorch, the eps clamp is invisible to the gradient (straight-through): a variance that fell
 * below eps still gets the gradient that pushes it back up, instead of the 0 a clamp would give.
 */
public record GaussianNLL(boolean full, double eps, Reduction reduction) implements ReducedLoss {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    public GaussianNLL {
        Check.that(eps > 0 && eps < Double.POSITIVE_INFINITY, "GaussianNLL", "eps", "> 0 and finite", eps);
        LossChecks.reduction("GaussianNLL", reduction);
    }

    /** No constant term, eps = 1e-6, mean over all elements: PyTorch's defaults. */
    public static GaussianNLL of() {
        return new GaussianNLL(false, 1e-6, Reduction.MEAN);
    }

    /** Mean and variance side by side on the last axis of {@code prediction}; see the class comment. */
    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        LossChecks.floating(name(), "prediction", prediction);
        LossChecks.floating(name(), "target", target);
        int last = prediction.rank() - 1;
        int d = target.rank() == 0 ? -1 : target.dim(-1);
        int[] expected = target.shape().dims();
        if (expected.length > 0) {
            expected[expected.length - 1] = 2 * d;
        }
        if (target.rank() == 0 || !prediction.shape().equals(Shape.of(expected))) {
            throw new IllegalArgumentException(name() + ": prediction " + prediction.shape() + " must be the target "
                    + target.shape() + " with its last axis doubled, " + (target.rank() == 0 ? "[..., 2D]"
                            : Arrays.toString(expected)) + ": mean then variance (or call compute(mean, target, variance))");
        }
        return compute(prediction.slice(last, 0, d), target, prediction.slice(last, d, 2 * d));
    }

    /** PyTorch's three-argument form: {@code loss(mean, target, variance)}. */
    public Tensor compute(Tensor mean, Tensor target, Tensor variance) {
        LossChecks.sameShape(name(), "mean", mean, target);
        LossChecks.finite(name(), "target", target);
        LossChecks.floating(name(), "variance", variance);
        checkNonNegative(variance);
        Tensor v = matchVariance(mean, variance);
        // straight-through clamp: the value of max(v, eps), the gradient of v
        Tensor clamped = v.detach().clamp(eps, Double.POSITIVE_INFINITY);
        Tensor safe = v.sub(v.detach()).add(clamped);
        Tensor perElement = safe.log().add(mean.sub(target).pow(2).div(safe)).mul(0.5);
        if (full) {
            perElement = perElement.add(HALF_LOG_2PI);
        }
        return reduction.reduce(perElement);
    }

    /** PyTorch's variance shapes: the mean's, or with the last axis 1, or with it dropped (unsqueezed here). */
    private Tensor matchVariance(Tensor mean, Tensor variance) {
        Shape m = mean.shape();
        Shape v = variance.shape();
        if (v.equals(m)) {
            return variance;
        }
        int[] lead = Arrays.copyOf(m.dims(), Math.max(m.rank() - 1, 0));
        if (m.rank() > 0 && v.equals(Shape.of(lead))) {
            return variance.unsqueeze(-1);
        }
        if (m.rank() > 0 && v.rank() == m.rank() && v.dim(-1) == 1
                && Arrays.equals(Arrays.copyOf(v.dims(), lead.length), lead)) {
            return variance;
        }
        throw new IllegalArgumentException(name() + ": variance " + v + " fits neither the mean " + m
                + " nor that shape with its last axis 1 or dropped");
    }

    private void checkNonNegative(Tensor variance) {
        double[] values = variance.toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0) {
                throw new IllegalArgumentException(name() + ": variance must be >= 0, got " + values[i] + " at index "
                        + LossChecks.position(i, variance.shape()) + " (make the network's variance output positive,"
                        + " e.g. with softplus or exp)");
            }
        }
    }


    @Override
    public GaussianNLL withReduction(Reduction r) {
        return new GaussianNLL(full, eps, r);
    }

    /** The same loss with or without the constant 0.5 log(2 pi). */
    public GaussianNLL withFull(boolean f) {
        return new GaussianNLL(f, eps, reduction);
    }
}
