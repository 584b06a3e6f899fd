package dev.nabla.loss;

import dev.nabla.config.Check;
import dev.nabla.autograd.SoftmaxCrossEntropy;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

/**
 * Cross-entropy on logits (PyTorch's CrossEntropyLoss): {@code -sum_c q_c log softmax(z)_c} per
 * sample, with the log-softmax fused and stable (the max is subtracted first), so large logits
 * never overflow. Its gradient with respect to the logits is {@code softmax(z) - q} (over N under
 * MEAN), the formula of lecture seed 003.
 *
 * <p>The common case, [N, C] logits with class indices, no label smoothing, no ignored label and a MEAN
 * or SUM reduction, runs as one op ({@link SoftmaxCrossEntropy}: {@code logsumexp(z) - z[y]} in a
 * pass per row, and that gradient in one pass); the others are composed from logSoftmax and gather.
 *
 * <p>Logits are {@code [N, C]} or {@code [N, C, d1, ...]} (classes on axis 1, as PyTorch). The
 * target is either
 * <ul>
 *   <li>int32 class indices shaped like the logits without axis 1 ({@code [N]}), each in [0, C) or
 *       equal to {@code ignoreIndex} (default -100, PyTorch's), which is left out of the sum and of
 *       MEAN's count (padding tokens); or</li>
 *   <li>float class probabilities (one-hot or soft) of the logits' own shape.</li>
 * </ul>
 * With {@code labelSmoothing} = e, the target distribution becomes {@code (1 - e) q + e / C}
 * (PyTorch's definition). MEAN averages over samples (and positions d1, ...): the batch mean.
 *
 * <pre>{@code
 * Tensor l = CrossEntropy.of().compute(logits, Tensor.of(new int[] {2, 0, 1}, 3));
 * }</pre>
 */
public record CrossEntropy(Reduction reduction, int ignoreIndex, double labelSmoothing) implements ReducedLoss {
    /** PyTorch's default ignore_index: a label of -100 is skipped. */
    public static final int DEFAULT_IGNORE_INDEX = -100;

    public CrossEntropy {
        LossChecks.reduction("CrossEntropy", reduction);
        Check.probability("CrossEntropy", "label_smoothing", labelSmoothing);
    }

    /** Mean over samples, ignoreIndex -100, no label smoothing: PyTorch's defaults. */
    public static CrossEntropy of() {
        return new CrossEntropy(Reduction.MEAN, DEFAULT_IGNORE_INDEX, 0);
    }

    @Override
    public Tensor compute(Tensor logits, Tensor target) {
        LossChecks.classInput(name(), "logits", logits);
        if (target.dtype() == DType.INT32) {
            LossChecks.Labels labels = LossChecks.labels(name(), "logits", logits, target, ignoreIndex);
            if (fusable(logits, labels)) {
                return SoftmaxCrossEntropy.apply(logits, target, reduction == Reduction.MEAN);
            }
            return fromIndices(logits, logits.logSoftmax(1), labels);
        }
        Tensor logP = logits.logSoftmax(1);
        if (!target.shape().equals(logits.shape())) {
            throw new IllegalArgumentException(name() + ": target " + target.shape() + " is " + target.dtype()
                    + ": class indices must be int32 of shape " + LossChecks.withoutClassAxis(logits.shape())
                    + " (convert with target.to(DType.INT32)), class probabilities must have the logits' shape "
                    + logits.shape());
        }
        Tensor q = target;
        if (labelSmoothing > 0) {
            q = q.mul(1 - labelSmoothing).add(labelSmoothing / logits.dim(1));
        }
        return reduction.reduce(logP.mul(q).sum(1).neg());
    }

    /**
     * The common case runs as one op (SoftmaxCrossEntropy: a pass per row forward, one pass back):
     * [N, C] logits, no label smoothing, no ignored label, a scalar reduction. The rest is composed.
     */
    private boolean fusable(Tensor logits, LossChecks.Labels labels) {
        return logits.rank() == 2 && logits.size() > 0 && labelSmoothing == 0 && labels.keep() == null
                && reduction != Reduction.NONE;
    }

    private Tensor fromIndices(Tensor logits, Tensor logP, LossChecks.Labels labels) {
        Tensor perSample = LossChecks.pick(logP, labels).neg();
        if (labelSmoothing > 0) {
            // (1 - e) (-log p_y) + (e / C) (-sum_c log p_c)
            Tensor uniform = logP.sum(1).neg().mul(labelSmoothing / logits.dim(1));
            perSample = perSample.mul(1 - labelSmoothing).add(uniform);
        }
        return LossChecks.reduceKept(reduction, perSample, labels);
    }


    @Override
    public CrossEntropy withReduction(Reduction r) {
        return new CrossEntropy(r, ignoreIndex, labelSmoothing);
    }

    /** The same loss with label smoothing e in [0, 1]. */
    public CrossEntropy withLabelSmoothing(double e) {
        return new CrossEntropy(reduction, ignoreIndex, e);
    }

    /** The same loss skipping another label value (e.g. a padding id). */
    public CrossEntropy withIgnoreIndex(int index) {
        return new CrossEntropy(reduction, index, labelSmoothing);
    }
}
