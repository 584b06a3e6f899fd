package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Negative log-likelihood on log-probabilities (PyTorch's NLLLoss): {@code -logP[n, y_n]} per sample.
 * Pair it with a {@code logSoftmax(1)} output; on raw logits use {@link CrossEntropy}, which fuses
 * the two. Input {@code [N, C]} or {@code [N, C, d1, ...]}; target int32 class indices shaped like
 * the input without axis 1, each in [0, C) or equal to {@code ignoreIndex} (default -100), which is
 * left out of the sum and of MEAN's count.
 */
public record NLL(Reduction reduction, int ignoreIndex) implements ReducedLoss {
    public NLL {
        LossChecks.reduction("NLL", reduction);
    }

    /** Mean over samples, ignoreIndex -100: PyTorch's defaults. */
    public static NLL of() {
        return new NLL(Reduction.MEAN, CrossEntropy.DEFAULT_IGNORE_INDEX);
    }

    @Override
    public Tensor compute(Tensor logProbabilities, Tensor target) {
        LossChecks.classInput(name(), "log-probabilities", logProbabilities);
        LossChecks.Labels labels = LossChecks.labels(name(), "log-probabilities", logProbabilities, target, ignoreIndex);
        return LossChecks.reduceKept(reduction, LossChecks.pick(logProbabilities, labels).neg(), labels);
    }


    @Override
    public NLL withReduction(Reduction r) {
        return new NLL(r, ignoreIndex);
    }

    /** The same loss skipping another label value. */
    public NLL withIgnoreIndex(int index) {
        return new NLL(reduction, index);
    }
}
