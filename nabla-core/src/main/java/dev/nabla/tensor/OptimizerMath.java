package dev.nabla.tensor;

import dev.nabla.kernel.OptimStep;

/**
 * The optimizers' updates on tensors: one pass over a parameter and its state buffers, in place, in the
 * parameter's precision (on the CPU, the kernels of {@code OptimF32} and {@code OptimF64}). Records
 * nothing for autograd and bumps no version: {@code Optimizer.step()} marks each updated parameter
 * modified. Parameter, gradient and state buffers must share one device (buffers made with
 * {@code zerosLike(param)} do; an optimizer that stepped before {@code Module.to} does not).
 */
public final class OptimizerMath {
    private OptimizerMath() {}

    /** Adam's update (AMSGrad when {@code vMax} is not null); see {@link OptimStep.Adam}. */
    public static void adam(OptimStep.Adam s, Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vMax) {
        Backend be = backend("adam", param, grad, m);
        Backend.of("adam", param, v, vMax);
        be.adam(s, param, grad, m, v, vMax);
    }

    /** θ ← θ − lr·g. */
    public static void sgd(double lr, Tensor param, Tensor grad) {
        backend("sgd", param, grad, null).sgd(lr, param, grad);
    }

    /** SGD with (Nesterov) momentum over the buffer {@code b}; see {@link OptimStep.Momentum}. */
    public static void momentum(OptimStep.Momentum s, Tensor param, Tensor grad, Tensor b) {
        backend("sgd", param, grad, b).momentum(s, param, grad, b);
    }

    /** RMSprop's update; {@code gradAvg} (centered) and {@code b} (momentum) may be null. */
    public static void rmsprop(OptimStep.Rmsprop s, Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg, Tensor b) {
        Backend be = backend("rmsprop", param, grad, squareAvg);
        Backend.of("rmsprop", param, gradAvg == null ? param : gradAvg, b);
        be.rmsprop(s, param, grad, squareAvg, gradAvg, b);
    }

    /** AdaGrad's update over the running sum of squares. */
    public static void adagrad(OptimStep.Adagrad s, Tensor param, Tensor grad, Tensor sum) {
        backend("adagrad", param, grad, sum).adagrad(s, param, grad, sum);
    }

    /** Σ clamp(g, −clip, clip)²: a gradient's share of the global norm, in a fixed order. */
    public static double sumSquares(Tensor g, double clip) {
        requireFloating(g);
        return Backend.of(g).sumSquares(g, clip);
    }

    /** A new tensor clamp(g, −clip, clip)·scale + wd·θ: clipping by value, then by norm, then L2 weight decay. */
    public static Tensor clipScaleDecay(Tensor g, Tensor theta, double clip, double scale, double wd) {
        requireFloating(g);
        Backend be = Backend.of("clip", g, theta);
        Tensor out = Tensor.zerosLike(theta);
        be.clipScaleDecay(g, theta, clip, scale, wd, out);
        return out;
    }

    /** x ← x·factor, in place (decoupled weight decay). */
    public static void scale(Tensor x, double factor) {
        requireFloating(x);
        Backend.of(x).scale(x, factor);
    }

    private static Backend backend(String op, Tensor param, Tensor grad, Tensor state) {
        requireFloating(param);
        return Backend.of(op, param, grad, state);
    }

    private static void requireFloating(Tensor t) {
        if (!t.dtype().isFloating()) {
            throw new IllegalArgumentException("optimizers update floating tensors, got int32 " + t.shape());
        }
    }
}
