package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link ReduceF32}, each the same-named method's, in a class of their own so that a
 * JVM without the {@code jdk.incubator.vector} module never loads them (see {@link KernelMode}).
 */
final class ReduceSimdF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private ReduceSimdF32() {}

    /**
     * How far x[off ..] was found finite in whole vectors, or -1 if a NaN or infinity is among them. v·0
     * is NaN exactly for a non-finite v, and a NaN, once added to an accumulator, stays; so one
     * multiply-add per vector and no branch.
     */
    static int finitePrefix(float[] x, int off, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            acc = acc.add(FloatVector.fromArray(S, x, off + i).mul(0f));
        }
        if (acc.compare(VectorOperators.NE, acc).anyTrue()) {
            return -1;
        }
        return i;
    }

    /**
     * {@link ReduceF32#reduceContiguous} from {@code acc} (0 for a sum, else x[off]): four vector
     * accumulators, then the scalar tail.
     */
    static float reduceContiguous(ReduceOp op, float[] x, int off, int n, float acc) {
        int i = 0;
        if (n >= 4 * S.length()) {
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
        return ReduceF32.rest(op, x, off, i, n, acc);
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

    static int addInto(float[] acc, int ao, float[] x, int xo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector.fromArray(S, acc, ao + i).add(FloatVector.fromArray(S, x, xo + i)).intoArray(acc, ao + i);
        }
        return i;
    }

    static int maxInto(float[] acc, int ao, float[] x, int xo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector.fromArray(S, acc, ao + i).max(FloatVector.fromArray(S, x, xo + i)).intoArray(acc, ao + i);
        }
        return i;
    }

    static int minInto(float[] acc, int ao, float[] x, int xo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector.fromArray(S, acc, ao + i).min(FloatVector.fromArray(S, x, xo + i)).intoArray(acc, ao + i);
        }
        return i;
    }
}
