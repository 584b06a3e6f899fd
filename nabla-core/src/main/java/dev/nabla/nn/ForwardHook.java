package dev.nabla.nn;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * An observer of a layer's forward (PyTorch's {@code register_forward_hook}, observing only), added with
 * {@link Layer#registerForwardHook}: called after each forward of the layer with its inputs and output,
 * on the forward's thread. To see the gradient of the output, register a hook on it
 * ({@code output.registerHook(...)}); it runs when backward reaches the output. A hook must only read:
 * the tensors are the ones the model goes on with, and inside a training step they are step memory that
 * the next step reuses, so copy what is to be kept.
 *
 * <pre>{@code
 * try (HookHandle h = dense.registerForwardHook((layer, in, out) -> sizes.add(out.shape()))) {
 *     model.forward(x);
 * }   // removed
 * }</pre>
 */
@FunctionalInterface
public interface ForwardHook {
    /** After {@code layer} computed {@code output} from {@code inputs} (one for most layers, several for a merge). */
    void afterForward(Layer layer, List<Tensor> inputs, Tensor output);
}
