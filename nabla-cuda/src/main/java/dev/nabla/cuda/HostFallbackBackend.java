package dev.nabla.cuda;

import dev.nabla.kernel.BinaryOp;
import dev.nabla.kernel.ConvGeometry;
import dev.nabla.kernel.FusedActivation;
import dev.nabla.kernel.OptimStep;
import dev.nabla.kernel.ReduceOp;
import dev.nabla.kernel.UnaryOp;
import dev.nabla.tensor.Backend;
import dev.nabla.tensor.Tensor;

/**
 * Every operation of the seam done on the host: copy the operands to heap tensors, run the CPU's backend,
 * copy back what it wrote. {@link CudaBackend} overrides the operations it has kernels for (float32, the
 * MLP path) and leaves the rest here, so every op works on the device, the slow way for now; each such
 * call is counted by op ({@link #fallbacks}) and its copies by the device, so a report shows what still
 * crosses to the host. Float64 and int32 arithmetic, batched matmul, select/scatter, concat and the
 * optimizers other than Adam and SGD, convolutions, pooling and batch normalisation take this path.
 */
abstract class HostFallbackBackend extends Backend {
    private final java.util.Map<String, java.util.concurrent.atomic.LongAdder> fallbacks = new java.util.concurrent.ConcurrentHashMap<>();

    /** Calls done on the host, by op, since the device was opened. */
    public java.util.Map<String, Long> fallbacks() {
        java.util.Map<String, Long> m = new java.util.TreeMap<>();
        fallbacks.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** Counts one host fallback of {@code op}. */
    protected final void fallback(String op) {
        fallbacks.computeIfAbsent(op, k -> new java.util.concurrent.atomic.LongAdder()).increment();
    }

    private static final Backend CPU = Backend.cpu();

    /** A heap copy of {@code t} (which must be on this device), or null for null. */
    private Tensor host(Tensor t) {
        if (t == null) {
            return null;
        }
        if (storage(t).backend() != this) {
            throw new IllegalStateException(this + " was handed a tensor on " + t.device() + ": the front let it through");
        }
        Tensor h = Tensor.empty(t.dtype(), t.shape());
        storage(t).copyToHost(h.data());
        return h;
    }

    /** Writes the heap tensor {@code h} back into {@code t}'s memory. */
    private static void back(Tensor h, Tensor t) {
        storage(t).copyFromHost(h.data());
    }

    @Override
    public void fill(Tensor t, double value) {
        fallback("fill");
        Tensor h = host(t);
        CPU.fill(h, value);
        back(h, t);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        fallback("copy");
        Tensor h = host(dst);
        CPU.copy(host(src), h);
        back(h, dst);
    }

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        fallback("axpy");
        Tensor h = host(y);
        CPU.axpy(alpha, host(x), h);
        back(h, y);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        fallback("binary");
        Tensor h = host(out);
        CPU.binary(op, host(a), host(b), h);
        back(h, out);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        fallback("unary");
        Tensor h = host(out);
        CPU.unary(op, host(x), h);
        back(h, out);
    }

    @Override
    public void clamp(Tensor x, double lo, double hi, Tensor out) {
        fallback("clamp");
        Tensor h = host(out);
        CPU.clamp(host(x), lo, hi, h);
        back(h, out);
    }

    @Override
    public void cast(Tensor x, Tensor out) {
        fallback("cast");
        Tensor h = host(out);
        CPU.cast(host(x), h);
        back(h, out);
    }

    @Override
    public void erf(Tensor x, Tensor out) {
        fallback("erf");
        Tensor h = host(out);
        CPU.erf(host(x), h);
        back(h, out);
    }

    @Override
    public void zeroNonFinite(Tensor t) {
        fallback("zeroNonFinite");
        Tensor h = host(t);
        CPU.zeroNonFinite(h);
        back(h, t);
    }

    @Override
    public void biasActivation(FusedActivation act, Tensor y, Tensor bias, double slope) {
        fallback("biasActivation");
        Tensor h = host(y);
        CPU.biasActivation(act, h, host(bias), slope);
        back(h, y);
    }

    @Override
    public void activationBackward(FusedActivation act, Tensor g, Tensor y, double slope, Tensor out) {
        fallback("activationBackward");
        Tensor h = host(out);
        CPU.activationBackward(act, host(g), host(y), slope, h);
        back(h, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int axis, Tensor out) {
        fallback("reduce");
        Tensor h = host(out);
        CPU.reduce(op, host(x), axis, h);
        back(h, out);
    }

    @Override
    public void argReduce(boolean max, Tensor x, int axis, Tensor out) {
        fallback("argReduce");
        Tensor h = host(out);
        CPU.argReduce(max, host(x), axis, h);
        back(h, out);
    }

    @Override
    public boolean allFinite(Tensor t) {
        fallback("allFinite");
        return CPU.allFinite(host(t));
    }

    @Override
    public void crossEntropyRows(Tensor logits, int[] labels, double[] lse, double[] rowLoss) {
        fallback("crossEntropyRows");
        CPU.crossEntropyRows(host(logits), labels, lse, rowLoss);
    }

    @Override
    public void crossEntropyGrad(Tensor logits, int[] labels, double[] lse, double scale, Tensor out) {
        fallback("crossEntropyGrad");
        Tensor h = host(out);
        CPU.crossEntropyGrad(host(logits), labels, lse, scale, h);
        back(h, out);
    }

    @Override
    public void take(Tensor x, int[] map, Tensor out) {
        fallback("take");
        Tensor h = host(out);
        CPU.take(host(x), map, h);
        back(h, out);
    }

    @Override
    public void scatterAdd(Tensor g, int[] map, Tensor out) {
        fallback("scatterAdd");
        Tensor h = host(out);
        CPU.scatterAdd(host(g), map, h);
        back(h, out);
    }

    @Override
    public void select(Tensor x, int axis, int[] indices, Tensor out) {
        fallback("select");
        Tensor h = host(out);
        CPU.select(host(x), axis, indices, h);
        back(h, out);
    }

    @Override
    public void scatterSelected(Tensor g, int axis, int[] indices, Tensor out) {
        fallback("scatterSelected");
        Tensor h = host(out);
        CPU.scatterSelected(host(g), axis, indices, h);
        back(h, out);
    }

    @Override
    public void concat(Tensor[] parts, int axis, Tensor out) {
        fallback("concat");
        Tensor[] hp = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) {
            hp[i] = host(parts[i]);
        }
        Tensor h = host(out);
        CPU.concat(hp, axis, h);
        back(h, out);
    }

    @Override
    public void matmul(Tensor a, boolean transA, Tensor b, boolean transB, int[] aMap, int[] bMap, Tensor out) {
        fallback("matmul");
        Tensor h = host(out);
        CPU.matmul(host(a), transA, host(b), transB, aMap, bMap, h);
        back(h, out);
    }

    @Override
    public void matmul2d(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out) {
        fallback("matmul2d");
        Tensor h = host(out);
        CPU.matmul2d(host(a), transA, host(b), transB, h);
        back(h, out);
    }

    @Override
    public void linear(Tensor x, Tensor w, Tensor bias, boolean fixedWeights, Tensor out) {
        fallback("linear");
        Tensor h = host(out);
        CPU.linear(host(x), host(w), host(bias), false, h); // no packed cache: the host copy of w is new each call
        back(h, out);
    }

    @Override
    public void adam(OptimStep.Adam s, Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vMax) {
        fallback("adam");
        Tensor hp = host(param), hm = host(m), hv = host(v), hx = host(vMax);
        CPU.adam(s, hp, host(grad), hm, hv, hx);
        back(hp, param);
        back(hm, m);
        back(hv, v);
        if (vMax != null) {
            back(hx, vMax);
        }
    }

    @Override
    public void sgd(double lr, Tensor param, Tensor grad) {
        fallback("sgd");
        Tensor hp = host(param);
        CPU.sgd(lr, hp, host(grad));
        back(hp, param);
    }

    @Override
    public void momentum(OptimStep.Momentum s, Tensor param, Tensor grad, Tensor buf) {
        fallback("momentum");
        Tensor hp = host(param), hb = host(buf);
        CPU.momentum(s, hp, host(grad), hb);
        back(hp, param);
        back(hb, buf);
    }

    @Override
    public void rmsprop(OptimStep.Rmsprop s, Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg, Tensor buf) {
        fallback("rmsprop");
        Tensor hp = host(param), hs = host(squareAvg), ha = host(gradAvg), hb = host(buf);
        CPU.rmsprop(s, hp, host(grad), hs, ha, hb);
        back(hp, param);
        back(hs, squareAvg);
        if (gradAvg != null) {
            back(ha, gradAvg);
        }
        if (buf != null) {
            back(hb, buf);
        }
    }

    @Override
    public void adagrad(OptimStep.Adagrad s, Tensor param, Tensor grad, Tensor sum) {
        fallback("adagrad");
        Tensor hp = host(param), hs = host(sum);
        CPU.adagrad(s, hp, host(grad), hs);
        back(hp, param);
        back(hs, sum);
    }

    @Override
    public double sumSquares(Tensor g, double clip) {
        fallback("sumSquares");
        return CPU.sumSquares(host(g), clip);
    }

    @Override
    public void clipScaleDecay(Tensor g, Tensor theta, double clip, double scale, double wd, Tensor out) {
        fallback("clipScaleDecay");
        Tensor h = host(out);
        CPU.clipScaleDecay(host(g), host(theta), clip, scale, wd, h);
        back(h, out);
    }

    @Override
    public void scale(Tensor x, double factor) {
        fallback("scale");
        Tensor h = host(x);
        CPU.scale(h, factor);
        back(h, x);
    }

    // ---------------------------------------------------------------- convolution and pooling: host only so far

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor bias, ConvGeometry s, Tensor out) {
        fallback("conv2d");
        Tensor h = host(out);
        CPU.conv2d(host(x), host(w), host(bias), s, h);
        back(h, out);
    }

    @Override
    public void conv2dInputGrad(Tensor g, Tensor w, ConvGeometry s, Tensor dx) {
        fallback("conv2dInputGrad");
        Tensor h = host(dx);
        CPU.conv2dInputGrad(host(g), host(w), s, h);
        back(h, dx);
    }

    @Override
    public void conv2dWeightGrad(Tensor g, Tensor x, ConvGeometry s, Tensor dw) {
        fallback("conv2dWeightGrad");
        Tensor h = host(dw);
        CPU.conv2dWeightGrad(host(g), host(x), s, h);
        back(h, dw);
    }

    @Override
    public void maxPool2d(Tensor x, ConvGeometry s, Tensor out, Tensor argmax) {
        fallback("maxPool2d");
        Tensor h = host(out), a = host(argmax);
        CPU.maxPool2d(host(x), s, h, a);
        back(h, out);
        back(a, argmax);
    }

    @Override
    public void maxPool2dBackward(Tensor g, Tensor argmax, ConvGeometry s, Tensor dx) {
        fallback("maxPool2dBackward");
        Tensor h = host(dx);
        CPU.maxPool2dBackward(host(g), host(argmax), s, h);
        back(h, dx);
    }

    @Override
    public void avgPool2d(Tensor x, ConvGeometry s, boolean countPad, Tensor out) {
        fallback("avgPool2d");
        Tensor h = host(out);
        CPU.avgPool2d(host(x), s, countPad, h);
        back(h, out);
    }

    @Override
    public void avgPool2dBackward(Tensor g, ConvGeometry s, boolean countPad, Tensor dx) {
        fallback("avgPool2dBackward");
        Tensor h = host(dx);
        CPU.avgPool2dBackward(host(g), s, countPad, h);
        back(h, dx);
    }

    @Override
    public void batchNorm(Tensor x, Tensor w, Tensor b, Tensor mean, Tensor var, boolean batchStats, double eps, Tensor out) {
        fallback("batchNorm");
        Tensor hm = host(mean), hv = host(var), h = host(out);
        CPU.batchNorm(host(x), host(w), host(b), hm, hv, batchStats, eps, h);
        backAll(new Tensor[] {h, hm, hv}, new Tensor[] {out, batchStats ? mean : null, batchStats ? var : null});
    }

    @Override
    public void batchNormBackward(Tensor g, Tensor x, Tensor w, Tensor mean, Tensor var, boolean batchStats, double eps,
                                  Tensor dx, Tensor dw, Tensor db) {
        fallback("batchNormBackward");
        Tensor hx = host(dx), hw = host(dw), hb = host(db);
        CPU.batchNormBackward(host(g), host(x), host(w), host(mean), host(var), batchStats, eps, hx, hw, hb);
        backAll(new Tensor[] {hx, hw, hb}, new Tensor[] {dx, dw, db});
    }

    /** Each host copy back to its device tensor, where that is not null. */
    private static void backAll(Tensor[] hosts, Tensor[] targets) {
        for (int i = 0; i < hosts.length; i++) {
            if (targets[i] != null) {
                back(hosts[i], targets[i]);
            }
        }
    }
}
