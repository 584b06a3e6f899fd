package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions over {@code float[]} viewed as {@code [outer, r, inner]}: the middle axis is reduced,
 * giving {@code [outer, inner]}. Any axis of a contiguous tensor can be put in that form.
 *
 * <p>The summation order depends only on the shape and the kernel mode, never on the thread count.
 */
public final class ReduceF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private ReduceF32() {}

    /** out[o*inner + i] = reduce_j x[(o*r + j)*inner + i]. */
    public static void reduce(ReduceOp op, float[] x, int outer, int r, int inner, float[] out) {
        if (r == 0) {
            throw new IllegalArgumentException("cannot reduce an empty axis with " + op);
        }
        if (inner == 1) {
            Parallel.forRange(outer, r, (from, to) -> {
                for (int o = from; o < to; o++) {
                    out[o] = reduceContiguous(op, x, o * r, r);
                }
            });
            return;
        }
        Parallel.forRange(outer, (long) r * inner, (from, to) -> {
            for (int o = from; o < to; o++) {
                int base = o * r * inner;
                System.arraycopy(x, base, out, o * inner, inner);
                for (int j = 1; j < r; j++) {
                    accumulate(op, out, o * inner, x, base + j * inner, inner);
                }
            }
        });
    }

    /**
     * Whether x[off .. off+n) holds no NaN and no infinity. SIMD: v·0 is NaN exactly for a non-finite v,
     * and a NaN, once added to an accumulator, stays; so one multiply-add per vector and no branch.
     */
    public static boolean allFinite(float[] x, int off, int n) {
        int i = 0;
        if (KernelMode.vector()) {
            FloatVector acc = FloatVector.zero(S);
            for (int upper = S.loopBound(n); i < upper; i += S.length()) {
                acc = acc.add(FloatVector.fromArray(S, x, off + i).mul(0f));
            }
            if (acc.compare(VectorOperators.NE, acc).anyTrue()) {
                return false;
            }
        }
        for (; i < n; i++) {
            if (!Float.isFinite(x[off + i])) {
                return false;
            }
        }
        return true;
    }

    /** Index along the middle axis of the first maximum (or minimum) of each [outer, inner] fibre. */
    public static void argReduce(boolean max, float[] x, int outer, int r, int inner, int[] out) {
        if (r == 0) {
            throw new IllegalArgumentException("cannot take the " + (max ? "argmax" : "argmin") + " of an empty axis");
        }
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * r * inner + i;
                int best = 0;
                float bestValue = x[base];
                for (int j = 1; j < r && bestValue == bestValue; j++) {
                    float v = x[base + j * inner];
                    // NaN wins, as in PyTorch and NumPy: a NaN anywhere must not be hidden by argmax.
                    if (v != v || (max ? v > bestValue : v < bestValue)) {
                        best = j;
                        bestValue = v;
                    }
                }
                out[o * inner + i] = best;
            }
        }
    }

    /** Reduction of x[off .. off+n). */
    public static float reduceContiguous(ReduceOp op, float[] x, int off, int n) {
        if (n == 0 && op != ReduceOp.SUM) {
            throw new IllegalArgumentException("cannot reduce an empty range with " + op);
        }
        int i = 0;
        float acc = op == ReduceOp.SUM ? 0f : x[off];
        if (KernelMode.vector() && n >= 4 * S.length()) {
            // Four accumulators: shorter dependency chains and a more accurate (partly pairwise) sum.
            FloatVector a0 = FloatVector.fromArray(S, x, off);
            FloatVector a1 = FloatVector.fromArray(S, x, off + S.length());
            FloatVector a2 = FloatVector.fromArray(S, x, off + 2 * S.length());
            FloatVector a3 = FloatVector.fromArray(S, x, off + 3 * S.length());
            int step = 4 * S.length();
            int upper = n - n % step;
            for (i = step; i < upper; i += step) {
                a0 = combine(op, a0, FloatVector.fromArray(S, x, off + i));
                a1 = combine(op, a1, FloatVector.fromArray(S, x, off + i + S.length()));
                a2 = combine(op, a2, FloatVector.fromArray(S, x, off + i + 2 * S.length()));
                a3 = combine(op, a3, FloatVector.fromArray(S, x, off + i + 3 * S.length()));
            }
            FloatVector all = combine(op, combine(op, a0, a1), combine(op, a2, a3));
            acc = switch (op) {
                case SUM -> sumLanesInOrder(all);
                case MAX -> all.reduceLanes(VectorOperators.MAX);
                case MIN -> all.reduceLanes(VectorOperators.MIN);
            };
        }
        for (; i < n; i++) {
            float v = x[off + i];
            acc = switch (op) {
                case SUM -> acc + v;
                case MAX -> Math.max(acc, v);
                case MIN -> Math.min(acc, v);
            };
        }
        return acc;
    }

    /**
     * lane 0 + lane 1 + ... in that order. Not reduceLanes(ADD): it leaves the order to the JIT, and the
     * compiled code adds in a different order than the interpreter, so the same input's sum would change
     * its bits during warm-up. (MAX and MIN give the same result in any order.)
     */
    private static float sumLanesInOrder(FloatVector v) {
        float sum = 0f;
        for (float lane : v.toArray()) {
            sum += lane;
        }
        return sum;
    }

    private static FloatVector combine(ReduceOp op, FloatVector a, FloatVector b) {
        return switch (op) {
            case SUM -> a.add(b);
            case MAX -> a.max(b);
            case MIN -> a.min(b);
        };
    }

    /**
     * acc[i] = acc[i] op x[i]. One loop per op: a switch inside a vector loop would merge vector values
     * through it, and C2 then boxes them (an allocation per vector).
     */
    private static void accumulate(ReduceOp op, float[] acc, int ao, float[] x, int xo, int n) {
        switch (op) {
            case SUM -> addInto(acc, ao, x, xo, n);
            case MAX -> maxInto(acc, ao, x, xo, n);
            case MIN -> minInto(acc, ao, x, xo, n);
        }
    }

    private static void addInto(float[] acc, int ao, float[] x, int xo, int n) {
        int i = 0;
        if (KernelMode.vector()) {
            for (int upper = S.loopBound(n); i < upper; i += S.length()) {
                FloatVector.fromArray(S, acc, ao + i).add(FloatVector.fromArray(S, x, xo + i)).intoArray(acc, ao + i);
            }
        }
        for (; i < n; i++) {
            acc[ao + i] += x[xo + i];
        }
    }

    private static void maxInto(float[] acc, int ao, float[] x, int xo, int n) {
        int i = 0;
        if (KernelMode.vector()) {
            for (int upper = S.loopBound(n); i < upper; i += S.length()) {
                FloatVector.fromArray(S, acc, ao + i).max(FloatVector.fromArray(S, x, xo + i)).intoArray(acc, ao + i);
            }
        }
        for (; i < n; i++) {
            acc[ao + i] = Math.max(acc[ao + i], x[xo + i]);
        }
    }

    private static void minInto(float[] acc, int ao, float[] x, int xo, int n) {
        int i = 0;
        if (KernelMode.vector()) {
            for (int upper = S.loopBound(n); i < upper; i += S.length()) {
                FloatVector.fromArray(S, acc, ao + i).min(FloatVector.fromArray(S, x, xo + i)).intoArray(acc, ao + i);
            }
        }
        for (; i < n; i++) {
            acc[ao + i] = Math.min(acc[ao + i], x[xo + i]);
        }
    }
}
