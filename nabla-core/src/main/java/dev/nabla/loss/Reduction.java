package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * How a loss folds its per-element values into the number that is differentiated, as PyTorch's
 * {@code reduction} argument: {@link #MEAN} (the default of every loss's {@code of()} factory),
 * {@link #SUM}, or {@link #NONE} (the per-element losses, e.g. to weight samples yourself).
 *
 * <p>MEAN is the default because it keeps the gradient's scale, and so the learning rate, independent
 * of the batch size.
 */
public enum Reduction {
    /** The average over all elements: a scalar. */
    MEAN,
    /** The sum over all elements: a scalar. */
    SUM,
    /** No reduction: one loss per element, shaped like the loss's per-element output. */
    NONE;

    /** Applies this reduction to per-element losses (differentiably). */
    public Tensor reduce(Tensor perElement) {
        return switch (this) {
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
            case NONE -> perElement;
        };
    }
}
