package dev.nabla.tensor;

import dev.nabla.kernel.BatchNormF32;
import dev.nabla.kernel.BatchNormF64;
import dev.nabla.kernel.ConvF32;
import dev.nabla.kernel.FusedActivation;
import dev.nabla.kernel.ConvF64;
import dev.nabla.kernel.ConvGeometry;
import dev.nabla.kernel.PoolF32;
import dev.nabla.kernel.PoolF64;

/** The CPU's convolution, pooling and batch normalisation ({@link CpuBackend}'s): the kernels of the tensors' dtype. */
final class CpuConv {
    private CpuConv() {}

    static void conv2d(Tensor x, Tensor w, Tensor b, ConvGeometry s, FusedActivation act, double slope, Tensor out) {
        if (x.data() instanceof float[] xf) {
            if (PackedWeights.active() && ConvF32.winograd4(s)) {
                ConvF32.forward(xf, PackedWeights.winograd4F32(w), b == null ? null : b.f32(), s, act, (float) slope,
                        out.f32());
                return;
            }
            float[] u = PackedWeights.active() && ConvF32.winograd(s) ? PackedWeights.winogradF32(w) : null;
            ConvF32.forward(xf, w.f32(), u, b == null ? null : b.f32(), s, act, (float) slope, out.f32());
        } else {
            if (PackedWeights.active() && ConvF64.winograd4(s)) {
                ConvF64.forward(x.f64(), PackedWeights.winograd4F64(w), b == null ? null : b.f64(), s, act, slope,
                        out.f64());
                return;
            }
            double[] u = PackedWeights.active() && ConvF64.winograd(s) ? PackedWeights.winogradF64(w) : null;
            ConvF64.forward(x.f64(), w.f64(), u, b == null ? null : b.f64(), s, act, slope, out.f64());
        }
    }

    static void conv2dInputGrad(Tensor g, Tensor w, ConvGeometry s, Tensor dx) {
        if (g.data() instanceof float[] gf) {
            ConvF32.inputGrad(gf, w.f32(), s, dx.f32());
        } else {
            ConvF64.inputGrad(g.f64(), w.f64(), s, dx.f64());
        }
    }

    static void conv2dWeightGrad(Tensor g, Tensor x, ConvGeometry s, Tensor dw) {
        if (g.data() instanceof float[] gf) {
            ConvF32.weightGrad(gf, x.f32(), s, dw.f32());
        } else {
            ConvF64.weightGrad(g.f64(), x.f64(), s, dw.f64());
        }
    }

    static void maxPool2d(Tensor x, ConvGeometry s, Tensor out, Tensor argmax) {
        if (x.data() instanceof float[] xf) {
            PoolF32.maxForward(xf, s, out.f32(), argmax.i32());
        } else {
            PoolF64.maxForward(x.f64(), s, out.f64(), argmax.i32());
        }
    }

    static void maxPool2dBackward(Tensor g, Tensor argmax, ConvGeometry s, Tensor dx) {
        if (g.data() instanceof float[] gf) {
            PoolF32.maxBackward(gf, argmax.i32(), s, dx.f32());
        } else {
            PoolF64.maxBackward(g.f64(), argmax.i32(), s, dx.f64());
        }
    }

    static void avgPool2d(Tensor x, ConvGeometry s, boolean countPad, Tensor out) {
        if (x.data() instanceof float[] xf) {
            PoolF32.avgForward(xf, s, countPad, out.f32());
        } else {
            PoolF64.avgForward(x.f64(), s, countPad, out.f64());
        }
    }

    static void avgPool2dBackward(Tensor g, ConvGeometry s, boolean countPad, Tensor dx) {
        if (g.data() instanceof float[] gf) {
            PoolF32.avgBackward(gf, s, countPad, dx.f32());
        } else {
            PoolF64.avgBackward(g.f64(), s, countPad, dx.f64());
        }
    }

    static void batchNorm(Tensor x, Tensor w, Tensor b, Tensor mean, Tensor var, boolean batchStats, double eps,
                          boolean relu, Tensor out) {
        int n = x.dim(0), c = x.dim(1), inner = n * c == 0 ? 0 : x.size() / (n * c);
        if (x.data() instanceof float[] xf) {
            BatchNormF32.forward(xf, n, c, inner, w == null ? null : w.f32(), b == null ? null : b.f32(), mean.f32(),
                    var.f32(), batchStats, eps, relu, out.f32());
        } else {
            BatchNormF64.forward(x.f64(), n, c, inner, w == null ? null : w.f64(), b == null ? null : b.f64(), mean.f64(),
                    var.f64(), batchStats, eps, relu, out.f64());
        }
    }

    static void batchNormBackward(Tensor g, Tensor x, Tensor w, Tensor b, Tensor mean, Tensor var, boolean batchStats,
                                  double eps, boolean relu, Tensor dx, Tensor dw, Tensor db) {
        int n = x.dim(0), c = x.dim(1), inner = n * c == 0 ? 0 : x.size() / (n * c);
        if (x.data() instanceof float[] xf) {
            BatchNormF32.backward(g.f32(), xf, n, c, inner, w == null ? null : w.f32(), b == null ? null : b.f32(),
                    mean.f32(), var.f32(), batchStats, eps, relu, dx == null ? null : dx.f32(),
                    dw == null ? null : dw.f32(), db == null ? null : db.f32());
        } else {
            BatchNormF64.backward(g.f64(), x.f64(), n, c, inner, w == null ? null : w.f64(), b == null ? null : b.f64(),
                    mean.f64(), var.f64(), batchStats, eps, relu, dx == null ? null : dx.f64(),
                    dw == null ? null : dw.f64(), db == null ? null : db.f64());
        }
    }
}
