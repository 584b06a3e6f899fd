package dev.nabla.tensor;

import dev.nabla.kernel.OptimF32;
import dev.nabla.kernel.OptimF64;
import dev.nabla.kernel.OptimStep;
import dev.nabla.kernel.Parallel;

/**
 * The optimizers' updates on tensors: one pass over a parameter and its state buffers, in place, in the
 * parameter's precision (the kernels of {@link OptimF32} and {@link OptimF64}). Records nothing for
 * autograd and bumps no version: {@code Optimizer.step()} marks each updated parameter modified.
 */
public final class OptimizerMath {
    /**
     * Element visits an Adam update costs, for {@link Parallel#forRange}: the loop is bound by memory (seven
     * arrays' worth of traffic per element), so a large parameter is worth both cores' bandwidth.
     */
    private static final long ADAM_WORK_PER_ELEMENT = 8;

    private OptimizerMath() {}

    /** Adam's update (AMSGrad when {@code vMax} is not null); see {@link OptimStep.Adam}. */
    public static void adam(OptimStep.Adam s, Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vMax) {
        boolean f32 = isFloat32(param);
        Parallel.forRange(param.size(), ADAM_WORK_PER_ELEMENT, (from, to) -> {
            if (f32) {
                OptimF32.adam(s, param.f32(), grad.f32(), m.f32(), v.f32(), vMax == null ? null : vMax.f32(), from, to);
            } else {
                OptimF64.adam(s, param.f64(), grad.f64(), m.f64(), v.f64(), vMax == null ? null : vMax.f64(), from, to);
            }
        });
    }

    /** θ ← θ − lr·g. */
    public static void sgd(double lr, Tensor param, Tensor grad) {
        if (isFloat32(param)) {
            OptimF32.sgd(param.f32(), grad.f32(), (float) lr);
        } else {
            OptimF64.sgd(param.f64(), grad.f64(), lr);
        }
    }

    /** SGD with (Nesterov) momentum over the buffer {@code b}; see {@link OptimStep.Momentum}. */
    public static void momentum(OptimStep.Momentum s, Tensor param, Tensor grad, Tensor b) {
        if (isFloat32(param)) {
            OptimF32.sgdMomentum(s, param.f32(), grad.f32(), b.f32());
        } else {
            OptimF64.sgdMomentum(s, param.f64(), grad.f64(), b.f64());
        }
    }

    /** RMSprop's update; {@code gradAvg} (centered) and {@code b} (momentum) may be null. */
    public static void rmsprop(OptimStep.Rmsprop s, Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg, Tensor b) {
        if (isFloat32(param)) {
            OptimF32.rmsprop(s, param.f32(), grad.f32(), squareAvg.f32(), gradAvg == null ? null : gradAvg.f32(),
                    b == null ? null : b.f32());
        } else {
            OptimF64.rmsprop(s, param.f64(), grad.f64(), squareAvg.f64(), gradAvg == null ? null : gradAvg.f64(),
                    b == null ? null : b.f64());
        }
    }

    /** AdaGrad's update over the running sum of squares. */
    public static void adagrad(OptimStep.Adagrad s, Tensor param, Tensor grad, Tensor sum) {
        if (isFloat32(param)) {
            OptimF32.adagrad(s, param.f32(), grad.f32(), sum.f32());
        } else {
            OptimF64.adagrad(s, param.f64(), grad.f64(), sum.f64());
        }
    }

    /** Σ clamp(g, −clip, clip)²: a gradient's share of the global norm, in a fixed order. */
    public static double sumSquares(Tensor g, double clip) {
        return isFloat32(g) ? OptimF32.sumSquares(g.f32(), (float) clip) : OptimF64.sumSquares(g.f64(), clip);
    }

    /** A new tensor clamp(g, −clip, clip)·scale + wd·θ: clipping by value, then by norm, then L2 weight decay. */
    public static Tensor clipScaleDecay(Tensor g, Tensor theta, double clip, double scale, double wd) {
        Tensor out = Tensor.zerosLike(theta);
        if (isFloat32(g)) {
            OptimF32.clipScaleDecay(g.f32(), theta.f32(), (float) clip, (float) scale, (float) wd, out.f32());
        } else {
            OptimF64.clipScaleDecay(g.f64(), theta.f64(), clip, scale, wd, out.f64());
        }
        return out;
    }

    /** x ← x·factor, in place (decoupled weight decay). */
    public static void scale(Tensor x, double factor) {
        if (isFloat32(x)) {
            OptimF32.scale(x.f32(), (float) factor);
        } else {
            OptimF64.scale(x.f64(), factor);
        }
    }

    private static boolean isFloat32(Tensor t) {
        return switch (t.dtype()) {
            case FLOAT32 -> true;
            case FLOAT64 -> false;
            case INT32 -> throw new IllegalArgumentException("optimizers update floating tensors, got int32 " + t.shape());
        };
    }
}
