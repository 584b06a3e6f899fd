package dev.nabla.tensor;

import dev.nabla.kernel.BinaryOp;
import dev.nabla.kernel.ElementwiseF32;
import dev.nabla.kernel.ElementwiseF64;
import dev.nabla.kernel.ErrorFunction;
import dev.nabla.kernel.FusedActivation;
import dev.nabla.kernel.Parallel;
import dev.nabla.kernel.UnaryOp;

/**
 * The CPU's elementwise operations ({@link CpuBackend}'s): maps, casts, the fused activations and the
 * in-place axpy, over heap arrays with the Java kernels.
 *
 * <p>Broadcasting reaches the kernels as runs along the innermost axis where each operand either
 * advances (stride 1) or repeats one value (stride 0), so a bias add {@code [N, C] + [C]} is N calls
 * of the contiguous SIMD loop.
 */
final class CpuElementwise {
    /** Contiguous runs shorter than this stay on one thread. */
    private static final int CHUNK = 1 << 14;
    /**
     * Work per chunk, for {@link Parallel#forRange}, of a pass bound by memory (add, multiply, ReLU, an
     * activation's backward: a few cycles per vector): a thread gets at least 128K elements, about 40 µs of
     * streaming, since a hand-off to a worker that a loaded machine has not scheduled costs more than a
     * 16K-element half saves. A decision from the costs (docs/design.md, Threads), not a per-op measurement.
     */
    private static final long STREAM_WORK = CHUNK / 4;
    /** Work per chunk of a transcendental (exp, log, tanh, sigmoid: tens of cycles per vector): 32K elements a thread. */
    private static final long MATH_WORK = CHUNK;

    private CpuElementwise() {}

    static void binary(BinaryOp op, Tensor a, Tensor b, Tensor result) {
        Shape out = result.shape();
        Object ad = a.data(), bd = b.data(), od = result.data();
        int n = out.size();
        if (a.shape().equals(out) && b.shape().equals(out)) {
            chunked(n, STREAM_WORK, (from, len) -> run(op, ad, from, 1, bd, from, 1, od, from, len));
        } else if (b.shape().size() == 1 && a.shape().equals(out)) {
            chunked(n, STREAM_WORK, (from, len) -> run(op, ad, from, 1, bd, 0, 0, od, from, len));
        } else if (a.shape().size() == 1 && b.shape().equals(out)) {
            chunked(n, STREAM_WORK, (from, len) -> run(op, ad, 0, 0, bd, from, 1, od, from, len));
        } else {
            broadcastRuns(op, a, b, out, ad, bd, od);
        }
    }

    private static void broadcastRuns(BinaryOp op, Tensor a, Tensor b, Shape out, Object ad, Object bd, Object od) {
        int rank = out.rank();
        int[] as = ElementwiseMath.broadcastStrides(a.shape(), out);
        int[] bs = ElementwiseMath.broadcastStrides(b.shape(), out);
        int inner = rank == 0 ? 1 : out.dim(rank - 1);
        int sa = rank == 0 ? 0 : as[rank - 1];
        int sb = rank == 0 ? 0 : bs[rank - 1];
        int runs = inner == 0 ? 0 : out.size() / inner;
        int[] dims = out.dims();
        Parallel.forRange(runs, Math.max(1, inner / 4), (from, to) -> {
            for (int r = from; r < to; r++) {
                int ao = 0, bo = 0, rem = r;
                for (int d = rank - 2; d >= 0; d--) {
                    int idx = rem % dims[d];
                    rem /= dims[d];
                    ao += idx * as[d];
                    bo += idx * bs[d];
                }
                run(op, ad, ao, sa, bd, bo, sb, od, r * inner, inner);
            }
        });
    }

    private static void run(BinaryOp op, Object a, int ao, int sa, Object b, int bo, int sb, Object out, int oo, int n) {
        if (a instanceof float[] af) {
            ElementwiseF32.binary(op, af, ao, sa, (float[]) b, bo, sb, (float[]) out, oo, n);
        } else {
            ElementwiseF64.binary(op, (double[]) a, ao, sa, (double[]) b, bo, sb, (double[]) out, oo, n);
        }
    }

    static void unary(UnaryOp op, Tensor x, Tensor result) {
        Object xd = x.data(), od = result.data();
        boolean math = op == UnaryOp.EXP || op == UnaryOp.LOG || op == UnaryOp.TANH || op == UnaryOp.SIGMOID;
        chunked(x.size(), math ? MATH_WORK : STREAM_WORK, (from, len) -> {
            if (xd instanceof float[] xf) {
                ElementwiseF32.unary(op, xf, from, (float[]) od, from, len);
            } else {
                ElementwiseF64.unary(op, (double[]) xd, from, (double[]) od, from, len);
            }
        });
    }

    static void clamp(Tensor x, double lo, double hi, Tensor result) {
        Object xd = x.data(), od = result.data();
        chunked(x.size(), STREAM_WORK, (from, len) -> {
            if (xd instanceof float[] xf) {
                ElementwiseF32.clamp(xf, from, (float) lo, (float) hi, (float[]) od, from, len);
            } else {
                ElementwiseF64.clamp((double[]) xd, from, lo, hi, (double[]) od, from, len);
            }
        });
    }

    static void cast(Tensor x, Tensor out) {
        HeapStorage from = (HeapStorage) x.storage(), to = (HeapStorage) out.storage();
        int n = x.size();
        for (int i = 0; i < n; i++) {
            to.set(i, from.get(i));
        }
    }

    static void erf(Tensor x, Tensor out) {
        if (x.dtype() == DType.FLOAT32) {
            float[] in = x.f32(), o = out.f32();
            for (int i = 0; i < in.length; i++) {
                o[i] = (float) ErrorFunction.erf(in[i]);
            }
        } else {
            double[] in = x.f64(), o = out.f64();
            for (int i = 0; i < in.length; i++) {
                o[i] = ErrorFunction.erf(in[i]);
            }
        }
    }

    static void zeroNonFinite(Tensor t) {
        if (t.data() instanceof float[] f) {
            for (int i = 0; i < f.length; i++) {
                f[i] = Float.isFinite(f[i]) ? f[i] : 0f;
            }
        } else {
            double[] d = t.f64();
            for (int i = 0; i < d.length; i++) {
                d[i] = Double.isFinite(d[i]) ? d[i] : 0d;
            }
        }
    }

    /** y += alpha·x. */
    static void axpy(double alpha, Tensor x, Tensor y) {
        if (y.dtype() == DType.FLOAT32) {
            ElementwiseF32.axpy((float) alpha, x.f32(), 0, y.f32(), 0, y.size());
        } else {
            ElementwiseF64.axpy(alpha, x.f64(), 0, y.f64(), 0, y.size());
        }
    }

    /** The bias and the activation in one pass per row while it is in cache; rows split across threads. */
    static void biasActivation(FusedActivation act, Tensor y, Tensor bias, double slope) {
        int n = y.shape().dim(-1);
        int rows = n == 0 ? 0 : y.size() / n;
        Object yd = y.data(), bd = bias == null ? null : bias.data();
        boolean math = act == FusedActivation.TANH || act == FusedActivation.SIGMOID;
        Parallel.forRange(rows, math ? n : Math.max(1, n / 4), (from, to) -> {
            for (int r = from; r < to; r++) {
                if (yd instanceof float[] yf) {
                    act.applyRow(yf, r * n, (float[]) bd, n, (float) slope);
                } else {
                    act.applyRow((double[]) yd, r * n, (double[]) bd, n, slope);
                }
            }
        });
    }

    static void activationBackward(FusedActivation act, Tensor g, Tensor y, double slope, Tensor out) {
        Object gd = g.data(), yd = y.data(), od = out.data();
        int size = y.size();
        int chunks = (size + CHUNK - 1) / CHUNK;
        Parallel.forRange(chunks, STREAM_WORK, (c0, c1) -> {
            int from = c0 * CHUNK, len = Math.min(size, c1 * CHUNK) - from;
            if (len <= 0) {
                return;
            }
            if (yd instanceof float[] yf) {
                act.backward((float[]) gd, yf, (float[]) od, from, len, (float) slope);
            } else {
                act.backward((double[]) gd, (double[]) yd, (double[]) od, from, len, slope);
            }
        });
    }

    private interface Chunk {
        void run(int from, int length);
    }

    private static void chunked(int n, long workPerChunk, Chunk body) {
        int chunks = (n + CHUNK - 1) / CHUNK;
        Parallel.forRange(chunks, workPerChunk, (c0, c1) -> {
            int from = c0 * CHUNK;
            int to = Math.min(n, c1 * CHUNK);
            if (to > from) {
                body.run(from, to - from);
            }
        });
    }
}
