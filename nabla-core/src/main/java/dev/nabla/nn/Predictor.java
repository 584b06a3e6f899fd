package dev.nabla.nn;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.PackedWeights;
import dev.nabla.tensor.StepArena;
import dev.nabla.tensor.Tensor;
import java.util.Objects;

/**
 * A trained model's forward pass for serving: eval mode, nothing recorded, and each dense layer's
 * weight packed once for the GEMM and kept (see {@link PackedWeights}), which makes single-sample
 * inference several times faster than packing the weight on every call. The outputs are the bits
 * {@code model.forward(x)} gives in eval mode under {@link NoGrad}.
 *
 * <pre>{@code
 * Predictor predictor = Predictor.of(model);
 * Tensor logits = predictor.predict(image.reshape(1, 784));
 * }</pre>
 *
 * <p>Changes to the weights through the library (an optimizer step, {@code Parameter.assign}, a state
 * dict load) are seen: the weight is packed again on the next call. A raw write to a weight's array must
 * be followed by {@link Tensor#markModified()}. Safe to share between threads.
 *
 * <p>From the second call on a thread, the forward's intermediate tensors (a batch of 1,000 through the
 * Fashion-MNIST MLP makes 1.5 MB of them) take the arrays the previous call on that thread used, through
 * a {@link StepArena} per thread: fresh arrays are zeroed memory no cache holds, and batched inference
 * spent its time there. The output is kept: it is the caller's for good. The first call runs without
 * the arena, so that a layer that builds itself at its first forward gets parameters of its own.
 */
public final class Predictor {
    private final Module model;
    private final ThreadLocal<StepArena> arenas = new ThreadLocal<>();

    private Predictor(Module model) {
        this.model = model;
    }

    /** Puts {@code model} in eval mode and wraps it. */
    public static Predictor of(Module model) {
        Objects.requireNonNull(model, "model").eval();
        return new Predictor(model);
    }

    /** The model's output for {@code input}, a batch as the model's first layer expects it. */
    public Tensor predict(Tensor input) {
        StepArena arena = arenas.get();
        try (NoGrad ignored = NoGrad.enter(); PackedWeights packed = PackedWeights.enter()) {
            if (arena == null) {
                Tensor out = model.forward(input);
                arenas.set(new StepArena());
                return out;
            }
            try (StepArena.Scope step = arena.open()) {
                Tensor out = model.forward(input);
                arena.keep(out);
                return out;
            }
        }
    }

    public Module model() {
        return model;
    }
}
