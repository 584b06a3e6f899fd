package dev.nabla.offheap;

import dev.nabla.kernel.BinaryOp;
import dev.nabla.kernel.ConvGeometry;
import dev.nabla.kernel.FusedActivation;
import dev.nabla.kernel.OptimStep;
import dev.nabla.kernel.ReduceOp;
import dev.nabla.kernel.UnaryOp;
import dev.nabla.tensor.Backend;
import dev.nabla.tensor.Tensor;

/**
 * A backend for memory the Java kernels cannot read in place: every operation copies its operands to
 * heap tensors, runs the CPU's backend on them, and copies what it wrote back. The slowest possible
 * device, written against the public seam alone (this package sees nothing package-private of
 * {@code dev.nabla.tensor}), which is the point: a second backend needs no change to ops, layers,
 * optimizers or the trainer. A subclass says where its memory lives ({@link #device}, {@link #allocate}).
 */
abstract class HostDelegatingBackend extends Backend {
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
        Tensor h = host(t);
        CPU.fill(h, value);
        back(h, t);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        Tensor h = host(dst);
        CPU.copy(host(src), h);
        back(h, dst);
    }

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        Tensor h = host(y);
        CPU.axpy(alpha, host(x), h);
        back(h, y);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        Tensor h = host(out);
        CPU.binary(op, host(a), host(b), h);
        back(h, out);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        Tensor h = host(out);
        CPU.unary(op, host(x), h);
        back(h, out);
    }

    @Override
    public void clamp(Tensor x, double lo, double hi, Tensor out) {
        Tensor h = host(out);
        CPU.clamp(host(x), lo, hi, h);
        back(h, out);
    }

    @Override
    public void cast(Tensor x, Tensor out) {
        Tensor h = host(out);
        CPU.cast(host(x), h);
        back(h, out);
    }

    @Override
    public void erf(Tensor x, Tensor out) {
        Tensor h = host(out);
        CPU.erf(host(x), h);
        back(h, out);
    }

    @Override
    public void zeroNonFinite(Tensor t) {
        Tensor h = host(t);
        CPU.zeroNonFinite(h);
        back(h, t);
    }

    @Override
    public void biasActivation(FusedActivation act, Tensor y, Tensor bias, double slope) {
        Tensor h = host(y);
        CPU.biasActivation(act, h, host(bias), slope);
        back(h, y);
    }

    @Override
    public void activationBackward(FusedActivation act, Tensor g, Tensor y, double slope, Tensor out) {
        Tensor h = host(out);
        CPU.activationBackward(act, host(g), host(y), slope, h);
        back(h, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int axis, Tensor out) {
        Tensor h = host(out);
        CPU.reduce(op, host(x), axis, h);
        back(h, out);
    }

    @Override
    public void argReduce(boolean max, Tensor x, int axis, Tensor out) {
        Tensor h = host(out);
        CPU.argReduce(max, host(x), axis, h);
        back(h, out);
    }

    @Override
    public boolean allFinite(Tensor t) {
        return CPU.allFinite(host(t));
    }

    @Override
    public void crossEntropyRows(Tensor logits, int[] labels, double[] lse, double[] rowLoss) {
        CPU.crossEntropyRows(host(logits), labels, lse, rowLoss);
    }

    @Override
    public void crossEntropyGrad(Tensor logits, int[] labels, double[] lse, double scale, Tensor out) {
        Tensor h = host(out);
        CPU.crossEntropyGrad(host(logits), labels, lse, scale, h);
        back(h, out);
    }

    @Override
    public void take(Tensor x, int[] map, Tensor out) {
        Tensor h = host(out);
        CPU.take(host(x), map, h);
        back(h, out);
    }

    @Override
    public void scatterAdd(Tensor g, int[] map, Tensor out) {
        Tensor h = host(out);
        CPU.scatterAdd(host(g), map, h);
        back(h, out);
    }

    @Override
    public void select(Tensor x, int axis, int[] indices, Tensor out) {
        Tensor h = host(out);
        CPU.select(host(x), axis, indices, h);
        back(h, out);
    }

    @Override
    public void scatterSelected(Tensor g, int axis, int[] indices, Tensor out) {
        Tensor h = host(out);
        CPU.scatterSelected(host(g), axis, indices, h);
        back(h, out);
    }

    @Override
    public void concat(Tensor[] parts, int axis, Tensor out) {
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
        Tensor h = host(out);
        CPU.matmul(host(a), transA, host(b), transB, aMap, bMap, h);
        back(h, out);
    }

    @Override
    public void matmul2d(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out) {
        Tensor h = host(out);
        CPU.matmul2d(host(a), transA, host(b), transB, h);
        back(h, out);
    }

    @Override
    public void linear(Tensor x, Tensor w, Tensor bias, boolean fixedWeights, Tensor out) {
        Tensor h = host(out);
        CPU.linear(host(x), host(w), host(bias), false, h); // no packed cache: the host copy of w is new each call
        back(h, out);
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor bias, ConvGeometry s, Tensor out) {
        Tensor h = host(out);
        CPU.conv2d(host(x), host(w), host(bias), s, h);
        back(h, out);
    }

    @Override
    public void conv2dInputGrad(Tensor g, Tensor w, ConvGeometry s, Tensor dx) {
        Tensor h = host(dx);
        CPU.conv2dInputGrad(host(g), host(w), s, h);
        back(h, dx);
    }

    @Override
    public void conv2dWeightGrad(Tensor g, Tensor x, ConvGeometry s, Tensor dw) {
        Tensor h = host(dw);
        CPU.conv2dWeightGrad(host(g), host(x), s, h);
        back(h, dw);
    }

    @Override
    public void maxPool2d(Tensor x, ConvGeometry s, Tensor out, Tensor argmax) {
        Tensor h = host(out), a = host(argmax);
        CPU.maxPool2d(host(x), s, h, a);
        back(h, out);
        back(a, argmax);
    }

    @Override
    public void maxPool2dBackward(Tensor g, Tensor argmax, ConvGeometry s, Tensor dx) {
        Tensor h = host(dx);
        CPU.maxPool2dBackward(host(g), host(argmax), s, h);
        back(h, dx);
    }

    @Override
    public void avgPool2d(Tensor x, ConvGeometry s, boolean countPad, Tensor out) {
        Tensor h = host(out);
        CPU.avgPool2d(host(x), s, countPad, h);
        back(h, out);
    }

    @Override
    public void avgPool2dBackward(Tensor g, ConvGeometry s, boolean countPad, Tensor dx) {
        Tensor h = host(dx);
        CPU.avgPool2dBackward(host(g), s, countPad, h);
        back(h, dx);
    }

    @Override
    public void adam(OptimStep.Adam s, Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vMax) {
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
        Tensor hp = host(param);
        CPU.sgd(lr, hp, host(grad));
        back(hp, param);
    }

    @Override
    public void momentum(OptimStep.Momentum s, Tensor param, Tensor grad, Tensor buf) {
        Tensor hp = host(param), hb = host(buf);
        CPU.momentum(s, hp, host(grad), hb);
        back(hp, param);
        back(hb, buf);
    }

    @Override
    public void rmsprop(OptimStep.Rmsprop s, Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg, Tensor buf) {
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
        Tensor hp = host(param), hs = host(sum);
        CPU.adagrad(s, hp, host(grad), hs);
        back(hp, param);
        back(hs, sum);
    }

    @Override
    public double sumSquares(Tensor g, double clip) {
        return CPU.sumSquares(host(g), clip);
    }

    @Override
    public void clipScaleDecay(Tensor g, Tensor theta, double clip, double scale, double wd, Tensor out) {
        Tensor h = host(out);
        CPU.clipScaleDecay(host(g), host(theta), clip, scale, wd, h);
        back(h, out);
    }

    @Override
    public void scale(Tensor x, double factor) {
        Tensor h = host(x);
        CPU.scale(h, factor);
        back(h, x);
    }

    @Override
    public void batchNorm(Tensor x, Tensor w, Tensor b, Tensor mean, Tensor var, boolean batchStats, double eps, Tensor out) {
        Tensor hm = host(mean), hv = host(var), h = host(out);
        CPU.batchNorm(host(x), host(w), host(b), hm, hv, batchStats, eps, h);
        back(h, out);
        if (batchStats) {
            back(hm, mean);
            back(hv, var);
        }
    }

    @Override
    public void batchNormBackward(Tensor g, Tensor x, Tensor w, Tensor mean, Tensor var, boolean batchStats, double eps,
                                  Tensor dx, Tensor dw, Tensor db) {
        Tensor hx = host(dx), hw = host(dw), hb = host(db);
        CPU.batchNormBackward(host(g), host(x), host(w), host(mean), host(var), batchStats, eps, hx, hw, hb);
        for (Tensor[] pair : new Tensor[][] {{hx, dx}, {hw, dw}, {hb, db}}) {
            if (pair[0] != null) {
                back(pair[0], pair[1]);
            }
        }
    }
}
