package dev.nabla.tensor;

import dev.nabla.kernel.BinaryOp;
import dev.nabla.kernel.ConvGeometry;
import dev.nabla.kernel.FusedActivation;
import dev.nabla.kernel.OptimStep;
import dev.nabla.kernel.ReduceOp;
import dev.nabla.kernel.UnaryOp;

/**
 * The first backend: the Java kernels of {@code dev.nabla.kernel} on heap arrays ({@link HeapStorage}),
 * with new memory from the thread's open {@link StepArena}. The bodies live by family in
 * {@link CpuElementwise}, {@link CpuReduce}, {@link CpuLayout}, {@link CpuMatMul}, {@link CpuConv} and {@link CpuOptim};
 * each takes the arrays of the tensors it is given, which the front has checked are this backend's.
 */
final class CpuBackend extends Backend {
    static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {}

    @Override public Device device() { return Device.CPU; }
    @Override public Storage allocate(DType dtype, int length, boolean zeroed) { return StepArena.allocate(dtype, length, zeroed); }

    @Override public void fill(Tensor t, double value) { ((HeapStorage) t.storage()).fill(value); }
    @Override public void copy(Tensor src, Tensor dst) { System.arraycopy(src.data(), 0, dst.data(), 0, dst.size()); }
    @Override public void axpy(double alpha, Tensor x, Tensor y) { CpuElementwise.axpy(alpha, x, y); }

    @Override public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) { CpuElementwise.binary(op, a, b, out); }
    @Override public void unary(UnaryOp op, Tensor x, Tensor out) { CpuElementwise.unary(op, x, out); }
    @Override public void clamp(Tensor x, double lo, double hi, Tensor out) { CpuElementwise.clamp(x, lo, hi, out); }
    @Override public void cast(Tensor x, Tensor out) { CpuElementwise.cast(x, out); }
    @Override public void erf(Tensor x, Tensor out) { CpuElementwise.erf(x, out); }
    @Override public void zeroNonFinite(Tensor t) { CpuElementwise.zeroNonFinite(t); }
    @Override public void biasActivation(FusedActivation act, Tensor y, Tensor bias, double slope) { CpuElementwise.biasActivation(act, y, bias, slope); }
    @Override public void activationBackward(FusedActivation act, Tensor g, Tensor y, double slope, Tensor out) { CpuElementwise.activationBackward(act, g, y, slope, out); }

    @Override public void reduce(ReduceOp op, Tensor x, int axis, Tensor out) { CpuReduce.reduce(op, x, axis, out); }
    @Override public void argReduce(boolean max, Tensor x, int axis, Tensor out) { CpuReduce.argReduce(max, x, axis, out); }
    @Override public boolean allFinite(Tensor t) { return CpuReduce.allFinite(t); }
    @Override public void crossEntropyRows(Tensor logits, int[] labels, double[] lse, double[] rowLoss) { CpuReduce.crossEntropyRows(logits, labels, lse, rowLoss); }
    @Override public void crossEntropyGrad(Tensor logits, int[] labels, double[] lse, double scale, Tensor out) { CpuReduce.crossEntropyGrad(logits, labels, lse, scale, out); }

    @Override public void take(Tensor x, int[] map, Tensor out) { CpuLayout.take(x, map, out); }
    @Override public void scatterAdd(Tensor g, int[] map, Tensor out) { CpuLayout.scatterAdd(g, map, out); }
    @Override public void select(Tensor x, int axis, int[] indices, Tensor out) { CpuLayout.select(x, axis, indices, out); }
    @Override public void scatterSelected(Tensor g, int axis, int[] indices, Tensor out) { CpuLayout.scatterSelected(g, axis, indices, out); }
    @Override public void concat(Tensor[] parts, int axis, Tensor out) { CpuLayout.concat(parts, axis, out); }

    @Override public void matmul(Tensor a, boolean transA, Tensor b, boolean transB, int[] aMap, int[] bMap, Tensor out) { CpuMatMul.matmul(a, transA, b, transB, aMap, bMap, out); }
    @Override public void matmul2d(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out) { CpuMatMul.matmul2d(a, transA, b, transB, out); }
    @Override public void linear(Tensor x, Tensor w, Tensor bias, boolean fixedWeights, Tensor out) { CpuMatMul.linear(x, w, bias, fixedWeights, out); }

    @Override public void conv2d(Tensor x, Tensor w, Tensor bias, ConvGeometry s, Tensor out) {
        CpuConv.conv2d(x, w, bias, s, FusedActivation.IDENTITY, 0, out);
    }
    @Override public void conv2d(Tensor x, Tensor w, Tensor bias, ConvGeometry s, FusedActivation act, double slope,
                                 Tensor out) {
        CpuConv.conv2d(x, w, bias, s, act, slope, out);
    }
    @Override public void conv2dInputGrad(Tensor g, Tensor w, ConvGeometry s, Tensor dx) { CpuConv.conv2dInputGrad(g, w, s, dx); }
    @Override public void conv2dWeightGrad(Tensor g, Tensor x, ConvGeometry s, Tensor dw) { CpuConv.conv2dWeightGrad(g, x, s, dw); }
    @Override public void maxPool2d(Tensor x, ConvGeometry s, Tensor out, Tensor argmax) { CpuConv.maxPool2d(x, s, out, argmax); }
    @Override public void maxPool2dBackward(Tensor g, Tensor argmax, ConvGeometry s, Tensor dx) { CpuConv.maxPool2dBackward(g, argmax, s, dx); }
    @Override public void avgPool2d(Tensor x, ConvGeometry s, boolean countPad, Tensor out) { CpuConv.avgPool2d(x, s, countPad, out); }
    @Override public void avgPool2dBackward(Tensor g, ConvGeometry s, boolean countPad, Tensor dx) { CpuConv.avgPool2dBackward(g, s, countPad, dx); }
    @Override public void batchNorm(Tensor x, Tensor w, Tensor b, Tensor mean, Tensor var, boolean batchStats, double eps, Tensor out) {
        CpuConv.batchNorm(x, w, b, mean, var, batchStats, eps, false, out);
    }
    @Override public void batchNormRelu(Tensor x, Tensor w, Tensor b, Tensor mean, Tensor var, boolean batchStats, double eps,
                                        Tensor out) {
        CpuConv.batchNorm(x, w, b, mean, var, batchStats, eps, true, out);
    }
    @Override public void batchNormBackward(Tensor g, Tensor x, Tensor w, Tensor mean, Tensor var, boolean batchStats, double eps,
                                            Tensor dx, Tensor dw, Tensor db) {
        CpuConv.batchNormBackward(g, x, w, null, mean, var, batchStats, eps, false, dx, dw, db);
    }
    @Override public void batchNormReluBackward(Tensor g, Tensor x, Tensor w, Tensor b, Tensor mean, Tensor var,
                                                boolean batchStats, double eps, Tensor dx, Tensor dw, Tensor db) {
        CpuConv.batchNormBackward(g, x, w, b, mean, var, batchStats, eps, true, dx, dw, db);
    }

    @Override public void adam(OptimStep.Adam s, Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vMax) { CpuOptim.adam(s, param, grad, m, v, vMax); }
    @Override public void sgd(double lr, Tensor param, Tensor grad) { CpuOptim.sgd(lr, param, grad); }
    @Override public void momentum(OptimStep.Momentum s, Tensor param, Tensor grad, Tensor buf) { CpuOptim.momentum(s, param, grad, buf); }
    @Override public void rmsprop(OptimStep.Rmsprop s, Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg, Tensor buf) { CpuOptim.rmsprop(s, param, grad, squareAvg, gradAvg, buf); }
    @Override public void adagrad(OptimStep.Adagrad s, Tensor param, Tensor grad, Tensor sum) { CpuOptim.adagrad(s, param, grad, sum); }
    @Override public double sumSquares(Tensor g, double clip) { return CpuOptim.sumSquares(g, clip); }
    @Override public void clipScaleDecay(Tensor g, Tensor theta, double clip, double scale, double wd, Tensor out) { CpuOptim.clipScaleDecay(g, theta, clip, scale, wd, out); }
    @Override public void scale(Tensor x, double factor) { CpuOptim.scale(x, factor); }
}
