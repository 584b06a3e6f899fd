package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Binary cross-entropy on probabilities (PyTorch's BCELoss):
 * {@code -(y log p + (1 - y) log(1 - p))} per element, the negative log-likelihood of a Bernoulli
 * with parameter p. Targets may be soft (any value in [0, 1]).
 *
 * <p>As in PyTorch, each log is clamped at -100, so a saturated prediction of exactly 0 or 1 costs at
 * most 100 per element instead of inf, and its gradient stays finite (0 where the clamp bites).
 * Predictions outside [0, 1] are refused: they are usually logits passed by mistake. On logits, use
 * {@link BinaryCrossEntropyWithLogits}, which is also more accurate where sigmoid saturates.
 */
public record BinaryCrossEntropy(Reduction reduction) implements ReducedLoss {
    public BinaryCrossEntropy {
        LossChecks.reduction("BinaryCrossEntropy", reduction);
    }

    /** Mean over all elements. */
    public static BinaryCrossEntropy of() {
        return new BinaryCrossEntropy(Reduction.MEAN);
    }

    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        LossChecks.sameShape(name(), prediction, target);
        LossChecks.probabilities(name(), prediction);
        Tensor logP = LossChecks.clampedLog(prediction);
        Tensor log1mP = LossChecks.clampedLog(prediction.neg().add(1));
        Tensor oneMinusY = target.neg().add(1);
        return reduction.reduce(target.mul(logP).add(oneMinusY.mul(log1mP)).neg());
    }


    @Override
    public BinaryCrossEntropy withReduction(Reduction r) {
        return new BinaryCrossEntropy(r);
    }
}
