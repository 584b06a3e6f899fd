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
     * accumulators, then the scalar tail. A loop of each op's own, for the reason given at
     * {@link ElementwiseSimdF32#binary} (with one shared loop, a sum ran at 0.5 ns an element instead of 0.03
     * once a max had gone through it).
     */
    static float reduceContiguous(ReduceOp op, float[] x, int off, int n, float acc) {
        int step = 4 * S.length();
        if (n < step) {
            return ReduceF32.rest(op, x, off, 0, n, acc);
        }
        int upper = n - n % step;
        float head = switch (op) {
            case SUM -> sum(x, off, upper);
            case MAX -> max(x, off, upper);
            case MIN -> min(x, off, upper);
        };
        return ReduceF32.rest(op, x, off, upper, n, head);
    }

    /**
     * x[off] + ... + x[off + upper − 1], upper a multiple of four vectors: four accumulators, for shorter
     * dependency chains and a more accurate (partly pairwise) sum.
     */
    private static float sum(float[] x, int off, int upper) {
        int l = S.length();
        FloatVector a0 = FloatVector.fromArray(S, x, off);
        FloatVector a1 = FloatVector.fromArray(S, x, off + l);
        FloatVector a2 = FloatVector.fromArray(S, x, off + 2 * l);
        FloatVector a3 = FloatVector.fromArray(S, x, off + 3 * l);
        for (int i = 4 * l; i < upper; i += 4 * l) {
            a0 = a0.add(FloatVector.fromArray(S, x, off + i));
            a1 = a1.add(FloatVector.fromArray(S, x, off + i + l));
            a2 = a2.add(FloatVector.fromArray(S, x, off + i + 2 * l));
            a3 = a3.add(FloatVector.fromArray(S, x, off + i + 3 * l));
        }
        FloatVector all = a0.add(a1).add(a2.add(a3));
        // lane 0 + lane 1 + ... in that order. Not reduceLanes(ADD): it leaves the order to the JIT, and the
        // compiled code adds in a different order than the interpreter, so the same input's sum would change
        // its bits during warm-up. (MAX and MIN give the same result in any order.)
        // lane() rather than toArray(): the array was allocated on every call (JFR: 4.3 GB in an epoch of the
        // CNN bench, its bias gradients summing each plane).
        float sum = 0f;
        for (int lane = 0; lane < l; lane++) {
            sum += all.lane(lane);
        }
        return sum;
    }

    private static float max(float[] x, int off, int upper) {
        int l = S.length();
        FloatVector a0 = FloatVector.fromArray(S, x, off);
        FloatVector a1 = FloatVector.fromArray(S, x, off + l);
        FloatVector a2 = FloatVector.fromArray(S, x, off + 2 * l);
        FloatVector a3 = FloatVector.fromArray(S, x, off + 3 * l);
        for (int i = 4 * l; i < upper; i += 4 * l) {
            a0 = a0.max(FloatVector.fromArray(S, x, off + i));
            a1 = a1.max(FloatVector.fromArray(S, x, off + i + l));
            a2 = a2.max(FloatVector.fromArray(S, x, off + i + 2 * l));
            a3 = a3.max(FloatVector.fromArray(S, x, off + i + 3 * l));
        }
        FloatVector all = a0.max(a1).max(a2.max(a3));
        return all.reduceLanes(VectorOperators.MAX);
    }

    private static float min(float[] x, int off, int upper) {
        int l = S.length();
        FloatVector a0 = FloatVector.fromArray(S, x, off);
        FloatVector a1 = FloatVector.fromArray(S, x, off + l);
        FloatVector a2 = FloatVector.fromArray(S, x, off + 2 * l);
        FloatVector a3 = FloatVector.fromArray(S, x, off + 3 * l);
        for (int i = 4 * l; i < upper; i += 4 * l) {
            a0 = a0.min(FloatVector.fromArray(S, x, off + i));
            a1 = a1.min(FloatVector.fromArray(S, x, off + i + l));
            a2 = a2.min(FloatVector.fromArray(S, x, off + i + 2 * l));
            a3 = a3.min(FloatVector.fromArray(S, x, off + i + 3 * l));
        }
        FloatVector all = a0.min(a1).min(a2.min(a3));
        return all.reduceLanes(VectorOperators.MIN);
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
