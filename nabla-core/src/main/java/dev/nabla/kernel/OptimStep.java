package dev.nabla.kernel;

/**
 * The scalars of one optimizer update, as the update kernels ({@link OptimF32}, {@link OptimF64}) take
 * them: computed once per parameter in double by the optimizer, which names them as its paper does, and
 * rounded once to the parameter's precision by the kernel (as PyTorch hands its Python floats to its
 * kernels).
 */
public sealed interface OptimStep {

    /**
     * Adam: {@code m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; θ ← θ − stepSize·m / (√v / bc2Sqrt + ε)}, the
     * bias corrections folded into {@code stepSize = lr / (1 − β1^t)} and {@code bc2Sqrt = √(1 − β2^t)}.
     */
    record Adam(double beta1, double beta2, double eps, double stepSize, double bc2Sqrt) implements OptimStep {}

    /**
     * SGD with momentum: {@code b ← μ·b + (1 − dampening)·g}, then {@code θ ← θ − lr·b}, or with Nesterov
     * {@code θ ← θ − lr·(g + μ·b)}.
     */
    record Momentum(double lr, double mu, double dampening, boolean nesterov) implements OptimStep {}

    /**
     * RMSprop: {@code s ← α·s + (1−α)·g²}; centered {@code ḡ ← α·ḡ + (1−α)·g}, {@code d = √(s − ḡ²) + ε},
     * else {@code d = √s + ε}; with momentum μ > 0 {@code b ← μ·b + g/d, θ ← θ − lr·b}, else
     * {@code θ ← θ − lr·g/d}.
     */
    record Rmsprop(double lr, double alpha, double eps, double momentum) implements OptimStep {}

    /** AdaGrad: {@code sum ← sum + g²; θ ← θ − clr·g / (√sum + ε)}, clr the decayed learning rate. */
    record Adagrad(double clr, double eps) implements OptimStep {}
}
