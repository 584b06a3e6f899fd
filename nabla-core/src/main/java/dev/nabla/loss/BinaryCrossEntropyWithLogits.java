package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Binary cross-entropy on logits (PyTorch's BCEWithLogitsLoss): {@code BCE(sigmoid(z), y)} fused
 * into the stable form {@code max(z, 0) - z y + log(1 + exp(-|z|))}, finite for any z (|z| = 1000
 * included) where the unfused form overflows or loses all precision once sigmoid saturates.
 * Its gradient is {@code sigmoid(z) - y}.
 *
 * <p>Written as {@code (1 - y) z + softplus(-z)}, the same value, with softplus as a logSumExp so
 * that autograd's gradient is exact at z = 0 too (see {@code LossChecks.softplus}).
 */
public record BinaryCrossEntropyWithLogits(Reduction reduction) implements ReducedLoss {
    public BinaryCrossEntropyWithLogits {
        LossChecks.reduction("BinaryCrossEntropyWithLogits", reduction);
    }

    /** Mean over all elements. */
    public static BinaryCrossEntropyWithLogits of() {
        return new BinaryCrossEntropyWithLogits(Reduction.MEAN);
    }

    @Override
    public Tensor compute(Tensor logits, Tensor target) {
        LossChecks.sameShape(name(), logits, target);
        Tensor oneMinusY = target.neg().add(1);
        return reduction.reduce(logits.mul(oneMinusY).add(LossChecks.softplus(logits.neg())));
    }


    @Override
    public BinaryCrossEntropyWithLogits withReduction(Reduction r) {
        return new BinaryCrossEntropyWithLogits(r);
    }
}
