package dev.nabla.loss;

import dev.nabla.config.Check;
import dev.nabla.tensor.Tensor;

/**
 * Huber loss (PyTorch's HuberLoss): with {@code d = prediction - target},
 * {@code 0.5 d^2} where {@code |d| < delta}, else {@code delta (|d| - 0.5 delta)}. Quadratic near 0
 * like {@link MSE}, linear in the tails like {@link MAE}, so outliers pull with a bounded force.
 *
 * <p>Computed without branches as {@code 0.5 q^2 + delta (|d| - q)} with {@code q = min(|d|, delta)}:
 * the same value on both sides, and the gradient {@code clamp(d, -delta, delta)} comes from autograd.
 */
public record Huber(double delta, Reduction reduction) implements ReducedLoss {
    public Huber {
        Check.positive("Huber", "delta", delta);
        Check.that(delta < Double.POSITIVE_INFINITY, "Huber", "delta", "finite (for an infinite delta use MSE, halved)", delta);
        LossChecks.reduction("Huber", reduction);
    }

    /** delta = 1 (PyTorch's default), mean over all elements. */
    public static Huber of() {
        return of(1.0);
    }

    /** The given delta, mean over all elements. */
    public static Huber of(double delta) {
        return new Huber(delta, Reduction.MEAN);
    }

    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        LossChecks.sameShape(name(), prediction, target);
        Tensor a = prediction.sub(target).abs();
        Tensor q = a.clamp(0, delta);
        return reduction.reduce(q.pow(2).mul(0.5).add(a.sub(q).mul(delta)));
    }


    @Override
    public Huber withReduction(Reduction r) {
        return new Huber(delta, r);
    }
}
