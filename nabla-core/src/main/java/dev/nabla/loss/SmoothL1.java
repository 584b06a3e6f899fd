package dev.nabla.loss;

import dev.nabla.config.Check;
import dev.nabla.tensor.Tensor;

/**
 * Smooth L1 loss (PyTorch's SmoothL1Loss): with {@code d = prediction - target},
 * {@code 0.5 d^2 / beta} where {@code |d| < beta}, else {@code |d| - 0.5 beta}. It is
 * {@link Huber} divided by beta, so its tails have slope 1 whatever beta is (the form object
 * detectors use for box regression); beta = 0 gives {@link MAE}.
 */
public record SmoothL1(double beta, Reduction reduction) implements ReducedLoss {
    public SmoothL1 {
        Check.that(beta >= 0 && beta < Double.POSITIVE_INFINITY, "SmoothL1", "beta", ">= 0 and finite", beta);
        LossChecks.reduction("SmoothL1", reduction);
    }

    /** beta = 1 (PyTorch's default), mean over all elements. */
    public static SmoothL1 of() {
        return of(1.0);
    }

    /** The given beta, mean over all elements. */
    public static SmoothL1 of(double beta) {
        return new SmoothL1(beta, Reduction.MEAN);
    }

    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        LossChecks.sameShape(name(), prediction, target);
        Tensor a = prediction.sub(target).abs();
        if (beta == 0) {
            return reduction.reduce(a);
        }
        // 0.5 q^2 / beta + (|d| - q) with q = min(|d|, beta): one expression for both sides
        Tensor q = a.clamp(0, beta);
        return reduction.reduce(q.pow(2).mul(0.5 / beta).add(a.sub(q)));
    }


    @Override
    public SmoothL1 withReduction(Reduction r) {
        return new SmoothL1(beta, r);
    }
}
