package dev.nabla.tensor;

import dev.nabla.kernel.OptimF32;
import dev.nabla.kernel.OptimF64;
import dev.nabla.kernel.OptimStep;
import dev.nabla.kernel.Parallel;

/**
 * The CPU's optimizer updates ({@link CpuBackend}'s): one pass over a parameter and its state buffers, in
 * place, in the parameter's precision, through {@link OptimF32} and {@link OptimF64}.
 */
final class CpuOptim {
    /**
     * Element visits an update costs, for {@link Parallel#forRange}: the loops are bound by memory (Adam moves
     * seven arrays' worth of traffic per element, momentum, RMSprop and AdaGrad five), so a large parameter
     * is worth both cores' bandwidth. 2: a thread gets at least 16K elements (about 15 µs of Adam); at 8 a
     * 4K-element share cost less than its hand-off. Each element's update reads only its own lanes, so the
     * split cannot change a bit.
     */
    private static final long UPDATE_WORK_PER_ELEMENT = 2;
    /** Plain SGD moves three arrays per element: half the others' work. */
    private static final long SGD_WORK_PER_ELEMENT = 1;

    private CpuOptim() {}

    static void adam(OptimStep.Adam s, Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vMax) {
        split(param, UPDATE_WORK_PER_ELEMENT,
                (from, to) -> OptimF32.adam(s, param.f32(), grad.f32(), m.f32(), v.f32(), vMax == null ? null : vMax.f32(),
                        from, to),
                (from, to) -> OptimF64.adam(s, param.f64(), grad.f64(), m.f64(), v.f64(), vMax == null ? null : vMax.f64(),
                        from, to));
    }

    static void sgd(double lr, Tensor param, Tensor grad) {
        split(param, SGD_WORK_PER_ELEMENT, (from, to) -> OptimF32.sgd(param.f32(), grad.f32(), (float) lr, from, to),
                (from, to) -> OptimF64.sgd(param.f64(), grad.f64(), lr, from, to));
    }

    static void momentum(OptimStep.Momentum s, Tensor param, Tensor grad, Tensor b) {
        split(param, UPDATE_WORK_PER_ELEMENT, (from, to) -> OptimF32.sgdMomentum(s, param.f32(), grad.f32(), b.f32(), from, to),
                (from, to) -> OptimF64.sgdMomentum(s, param.f64(), grad.f64(), b.f64(), from, to));
    }

    static void rmsprop(OptimStep.Rmsprop s, Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg, Tensor b) {
        split(param, UPDATE_WORK_PER_ELEMENT,
                (from, to) -> OptimF32.rmsprop(s, param.f32(), grad.f32(), squareAvg.f32(),
                        gradAvg == null ? null : gradAvg.f32(), b == null ? null : b.f32(), from, to),
                (from, to) -> OptimF64.rmsprop(s, param.f64(), grad.f64(), squareAvg.f64(),
                        gradAvg == null ? null : gradAvg.f64(), b == null ? null : b.f64(), from, to));
    }

    static void adagrad(OptimStep.Adagrad s, Tensor param, Tensor grad, Tensor sum) {
        split(param, UPDATE_WORK_PER_ELEMENT, (from, to) -> OptimF32.adagrad(s, param.f32(), grad.f32(), sum.f32(), from, to),
                (from, to) -> OptimF64.adagrad(s, param.f64(), grad.f64(), sum.f64(), from, to));
    }

    /** One update over the parameter's elements, split across the pool, in the parameter's precision. */
    private static void split(Tensor param, long workPerElement, Parallel.RangeBody f32, Parallel.RangeBody f64) {
        Parallel.forRange(param.size(), workPerElement, param.dtype() == DType.FLOAT32 ? f32 : f64);
    }

    static double sumSquares(Tensor g, double clip) {
        return g.dtype() == DType.FLOAT32 ? OptimF32.sumSquares(g.f32(), (float) clip) : OptimF64.sumSquares(g.f64(), clip);
    }

    static void clipScaleDecay(Tensor g, Tensor theta, double clip, double scale, double wd, Tensor out) {
        if (g.dtype() == DType.FLOAT32) {
            OptimF32.clipScaleDecay(g.f32(), theta.f32(), (float) clip, (float) scale, (float) wd, out.f32());
        } else {
            OptimF64.clipScaleDecay(g.f64(), theta.f64(), clip, scale, wd, out.f64());
        }
    }

    static void scale(Tensor x, double factor) {
        if (x.dtype() == DType.FLOAT32) {
            OptimF32.scale(x.f32(), (float) factor);
        } else {
            OptimF64.scale(x.f64(), factor);
        }
    }
}
