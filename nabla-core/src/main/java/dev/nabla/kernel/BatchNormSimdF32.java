package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link BatchNormF32}, each the same-named method's, in a class of their own so that
 * a JVM without the {@code jdk.incubator.vector} module never loads them (see {@link KernelMode}). Sums
 * keep one vector accumulator and add its lanes in order into a double (never reduceLanes, whose order
 * the JIT chooses).
 */
final class BatchNormSimdF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private BatchNormSimdF32() {}

    /** How many of n elements the vector loops cover: whole vectors. */
    static int vectorPart(int n) {
        return S.loopBound(n);
    }

    /** Σ (x − m)² over x[off, off + n), n a whole number of vectors. */
    static double squaredDeviations(float[] x, int off, int n, float m) {
        FloatVector acc = FloatVector.zero(S), mv = FloatVector.broadcast(S, m);
        for (int i = 0; i < n; i += S.length()) {
            FloatVector d = FloatVector.fromArray(S, x, off + i).sub(mv);
            acc = d.fma(d, acc);
        }
        return lanes(acc);
    }

    /** y = fma(x, a, b) (with relu, max(that, 0)) over whole vectors; returns how far it went. */
    static int affine(float[] x, int off, int n, float a, float b, boolean relu, float[] y) {
        FloatVector av = FloatVector.broadcast(S, a), bv = FloatVector.broadcast(S, b);
        int i = 0;
        int upper = S.loopBound(n);
        if (relu) {
            for (; i < upper; i += S.length()) {
                FloatVector.fromArray(S, x, off + i).fma(av, bv).max(0f).intoArray(y, off + i);
            }
        } else {
            for (; i < upper; i += S.length()) {
                FloatVector.fromArray(S, x, off + i).fma(av, bv).intoArray(y, off + i);
            }
        }
        return i;
    }

    /** sums[0] += Σ g, sums[1] += Σ g·(x − m) over x[off, off + n), n a whole number of vectors. */
    static void gradSums(float[] g, float[] x, int off, int n, float m, double[] sums) {
        FloatVector sg = FloatVector.zero(S), sgx = FloatVector.zero(S), mv = FloatVector.broadcast(S, m);
        for (int i = 0; i < n; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, off + i);
            sg = sg.add(gv);
            sgx = gv.fma(FloatVector.fromArray(S, x, off + i).sub(mv), sgx);
        }
        sums[0] += lanes(sg);
        sums[1] += lanes(sgx);
    }

    /** {@link #gradSums} of g·[fma(x, a, b) &gt; 0], n a whole number of vectors. */
    static void maskedGradSums(float[] g, float[] x, int off, int n, float m, float a, float b, double[] sums) {
        FloatVector sg = FloatVector.zero(S), sgx = FloatVector.zero(S), mv = FloatVector.broadcast(S, m);
        FloatVector av = FloatVector.broadcast(S, a), bv = FloatVector.broadcast(S, b);
        for (int i = 0; i < n; i += S.length()) {
            FloatVector xv = FloatVector.fromArray(S, x, off + i);
            FloatVector gv = FloatVector.fromArray(S, g, off + i).mul(ones(xv.fma(av, bv).compare(VectorOperators.GT, 0f)));
            sg = sg.add(gv);
            sgx = gv.fma(xv.sub(mv), sgx);
        }
        sums[0] += lanes(sg);
        sums[1] += lanes(sgx);
    }

    /** {@link #inputGrad} of g·[fma(x, a, b) &gt; 0] over whole vectors; returns how far it went. */
    static int maskedInputGrad(float[] g, float[] x, int off, int n, float a, float b, float k, float k2, float k3,
                               float[] dx) {
        FloatVector av = FloatVector.broadcast(S, a), bv = FloatVector.broadcast(S, b);
        FloatVector kv = FloatVector.broadcast(S, k), k2v = FloatVector.broadcast(S, k2), k3v = FloatVector.broadcast(S, k3);
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector xv = FloatVector.fromArray(S, x, off + i);
            FloatVector gv = FloatVector.fromArray(S, g, off + i).mul(ones(xv.fma(av, bv).compare(VectorOperators.GT, 0f)));
            gv.fma(kv, xv.fma(k2v, k3v)).intoArray(dx, off + i);
        }
        return i;
    }

    /** dx = fma(g, k, fma(x, k2, k3)) over whole vectors; returns how far it went. */
    static int inputGrad(float[] g, float[] x, int off, int n, float k, float k2, float k3, float[] dx) {
        FloatVector kv = FloatVector.broadcast(S, k), k2v = FloatVector.broadcast(S, k2), k3v = FloatVector.broadcast(S, k3);
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector xk = FloatVector.fromArray(S, x, off + i).fma(k2v, k3v);
            FloatVector.fromArray(S, g, off + i).fma(kv, xk).intoArray(dx, off + i);
        }
        return i;
    }

    /** 1 where m is set, else 0. */
    private static FloatVector ones(VectorMask<Float> m) {
        return FloatVector.zero(S).blend(1f, m);
    }

    /** lane 0 + lane 1 + ..., in order, in double. */
    private static double lanes(FloatVector v) {
        double sum = 0;
        for (int l = 0; l < S.length(); l++) {
            sum += v.lane(l);
        }
        return sum;
    }
}
