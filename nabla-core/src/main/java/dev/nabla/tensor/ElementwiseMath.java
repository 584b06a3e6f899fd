package dev.nabla.tensor;

import dev.nabla.kernel.BinaryOp;
import dev.nabla.kernel.ElementwiseF32;
import dev.nabla.kernel.ElementwiseF64;
import dev.nabla.kernel.Parallel;
import dev.nabla.kernel.UnaryOp;

/**
 * Forward math of the elementwise ops, with NumPy broadcasting; records nothing for autograd.
 *
 * <p>Broadcasting reaches the kernels as runs along the innermost axis where each operand either
 * advances (stride 1) or repeats one value (stride 0), so a bias add {@code [N, C] + [C]} is N calls
 * of the contiguous SIMD loop.
 */
public final class ElementwiseMath {
    /** Contiguous runs shorter than this stay on one thread. */
    private static final int CHUNK = 1 << 14;

    private ElementwiseMath() {}

    /** {@code a op b} with broadcasting and dtype promotion (FLOAT32 with FLOAT64 gives FLOAT64). */
    public static Tensor binary(String name, BinaryOp op, Tensor a, Tensor b) {
        DType dtype = DType.promote(name, a.dtype(), b.dtype());
        a = cast(a, dtype);
        b = cast(b, dtype);
        Shape out = Shape.broadcast(name, a.shape(), b.shape());
        Tensor result = Tensor.empty(dtype, out);
        Object ad = a.data(), bd = b.data(), od = result.data();
        int n = out.size();
        if (a.shape().equals(out) && b.shape().equals(out)) {
            chunked(n, (from, len) -> run(op, ad, from, 1, bd, from, 1, od, from, len));
        } else if (b.shape().size() == 1 && a.shape().equals(out)) {
            chunked(n, (from, len) -> run(op, ad, from, 1, bd, 0, 0, od, from, len));
        } else if (a.shape().size() == 1 && b.shape().equals(out)) {
            chunked(n, (from, len) -> run(op, ad, 0, 0, bd, from, 1, od, from, len));
        } else {
            broadcastRuns(op, a, b, out, ad, bd, od);
        }
        return result;
    }

    /**
     * A comparison, 1 where it holds and 0 elsewhere. Unlike arithmetic it accepts int32 operands
     * (comparing labels with an argmax is how accuracy is counted): they are compared exactly in float64
     * and the result is float32.
     */
    public static Tensor compare(String name, BinaryOp op, Tensor a, Tensor b) {
        if (a.dtype().isFloating() && b.dtype().isFloating()) {
            return binary(name, op, a, b);
        }
        return cast(binary(name, op, cast(a, DType.FLOAT64), cast(b, DType.FLOAT64)), DType.FLOAT32);
    }

    private static void broadcastRuns(BinaryOp op, Tensor a, Tensor b, Shape out, Object ad, Object bd, Object od) {
        int rank = out.rank();
        int[] as = broadcastStrides(a.shape(), out);
        int[] bs = broadcastStrides(b.shape(), out);
        int inner = rank == 0 ? 1 : out.dim(rank - 1);
        int sa = rank == 0 ? 0 : as[rank - 1];
        int sb = rank == 0 ? 0 : bs[rank - 1];
        int runs = inner == 0 ? 0 : out.size() / inner;
        int[] dims = out.dims();
        Parallel.forRange(runs, inner, (from, to) -> {
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

    /** Strides of {@code s} read as the broadcast shape {@code out}: 0 along broadcast axes. */
    static int[] broadcastStrides(Shape s, Shape out) {
        int rank = out.rank();
        int off = rank - s.rank();
        int[] own = s.strides();
        int[] st = new int[rank];
        for (int d = off; d < rank; d++) {
            st[d] = s.dim(d - off) == 1 ? 0 : own[d - off];
        }
        return st;
    }

    private static void run(BinaryOp op, Object a, int ao, int sa, Object b, int bo, int sb, Object out, int oo, int n) {
        if (a instanceof float[] af) {
            ElementwiseF32.binary(op, af, ao, sa, (float[]) b, bo, sb, (float[]) out, oo, n);
        } else {
            ElementwiseF64.binary(op, (double[]) a, ao, sa, (double[]) b, bo, sb, (double[]) out, oo, n);
        }
    }

    /** {@code op(x)} elementwise. */
    public static Tensor unary(String name, UnaryOp op, Tensor x) {
        requireFloating(name, x);
        Tensor result = Tensor.empty(x.dtype(), x.shape());
        Object xd = x.data(), od = result.data();
        chunked(x.size(), (from, len) -> {
            if (xd instanceof float[] xf) {
                ElementwiseF32.unary(op, xf, from, (float[]) od, from, len);
            } else {
                ElementwiseF64.unary(op, (double[]) xd, from, (double[]) od, from, len);
            }
        });
        return result;
    }

    /** {@code min(max(x, lo), hi)} elementwise. */
    public static Tensor clamp(Tensor x, double lo, double hi) {
        requireFloating("clamp", x);
        if (lo > hi) {
            throw new IllegalArgumentException("clamp: min must be <= max, got min=" + lo + ", max=" + hi);
        }
        Tensor result = Tensor.empty(x.dtype(), x.shape());
        Object xd = x.data(), od = result.data();
        chunked(x.size(), (from, len) -> {
            if (xd instanceof float[] xf) {
                ElementwiseF32.clamp(xf, from, (float) lo, (float) hi, (float[]) od, from, len);
            } else {
                ElementwiseF64.clamp((double[]) xd, from, lo, hi, (double[]) od, from, len);
            }
        });
        return result;
    }

    /** A copy of {@code x} in {@code dtype}, or {@code x} itself when it already has it. */
    public static Tensor cast(Tensor x, DType dtype) {
        if (x.dtype() == dtype) {
            return x;
        }
        Tensor out = Tensor.empty(dtype, x.shape());
        int n = x.size();
        for (int i = 0; i < n; i++) {
            out.setFlat(i, x.getFlat(i));
        }
        return out;
    }

    static void requireFloating(String name, Tensor x) {
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(name + ": needs a floating tensor, got " + x.dtype() + " " + x.shape());
        }
    }

    private interface Chunk {
        void run(int from, int length);
    }

    private static void chunked(int n, Chunk body) {
        int chunks = (n + CHUNK - 1) / CHUNK;
        Parallel.forRange(chunks, CHUNK, (c0, c1) -> {
            int from = c0 * CHUNK;
            int to = Math.min(n, c1 * CHUNK);
            if (to > from) {
                body.run(from, to - from);
            }
        });
    }
}
