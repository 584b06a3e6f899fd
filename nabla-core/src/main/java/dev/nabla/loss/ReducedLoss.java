package dev.nabla.loss;

/**
 * A loss that folds per-element values by a {@link Reduction}, as every built-in does (PyTorch's
 * {@code reduction} argument): the same loss is available summed, averaged or per element.
 */
public interface ReducedLoss extends Loss {
    /** How per-element losses are folded. */
    Reduction reduction();

    /** The same loss with another reduction. */
    ReducedLoss withReduction(Reduction reduction);
}
