package dev.nabla.loss;

import dev.nabla.config.Registry;
import dev.nabla.tensor.Tensor;

/**
 * A loss: {@code (prediction, target) -> loss}, the scalar that training differentiates. The built-ins
 * follow PyTorch's {@code torch.nn} losses (definitions, defaults, and a {@link Reduction}), so numbers
 * and habits carry over.
 *
 * <pre>{@code
 * Loss loss = CrossEntropy.of();                  // logits [N, C], int32 labels [N]
 * Tensor l = loss.compute(model.forward(x), labels);
 * l.backward();
 * }</pre>
 *
 * <p>Open: a loss of one's own is any function of the two tensors built from differentiable ops (its
 * gradient then comes from autograd), and {@code Trainer.fit} trains with it as with a built-in:
 * <pre>{@code
 * Loss pinball = (p, y) -> { Tensor d = y.sub(p); return d.mul(0.9).maximum(d.mul(-0.1)).mean(); };
 * }</pre>
 * To name it in a spec, make it a record and register it in {@link #REGISTRY}.
 *
 * <p>The built-ins are records whose compact constructors validate their settings. Shapes are checked at
 * the call and never broadcast: a prediction {@code [32, 1]} against a target {@code [32]} is an error,
 * not a silent {@code [32, 32]} loss.
 */
@FunctionalInterface
public interface Loss {
    /** The losses a spec can name ({@code {"name": "huber", "delta": 2}}), built-ins first. */
    Registry<Loss> REGISTRY = Losses.builtIns();

    /** The loss of {@code prediction} against {@code target}. */
    Tensor compute(Tensor prediction, Tensor target);

    /** The name messages and logs use, e.g. {@code "MSE"}: by default the class's simple name. */
    default String name() {
        return getClass().getSimpleName();
    }
}
