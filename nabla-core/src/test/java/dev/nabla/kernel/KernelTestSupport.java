package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Shared pieces of the kernel tests: switching the kernel mode and thread count with the previous value
 * restored, seeded random data, and comparisons where NaN matches NaN.
 *
 * <p>Test data is held as {@code double[]}; for {@link Precision#F32} every value is first rounded to
 * float, so converting to {@code float[]} and back is exact and one reference serves both precisions.
 */
final class KernelTestSupport {

    private KernelTestSupport() {}

    /** The two kernel precisions; each test runs its kernels in both. */
    enum Precision {
        F32(1e-5),
        F64(1e-12);

        /** Tolerance relative to the magnitude of the terms summed (see GemmTest, ReduceTest). */
        final double sumTolerance;

        Precision(double sumTolerance) {
            this.sumTolerance = sumTolerance;
        }

        /** The value as this precision stores it. */
        double round(double v) {
            return this == F32 ? (float) v : v;
        }
    }

    /** Runs {@code body} with the SIMD kernels ({@code true}) or the scalar twins, restoring the mode after. */
    static <T> T withVector(boolean vector, Supplier<T> body) {
        boolean previous = KernelMode.setVector(vector);
        try {
            return body.get();
        } finally {
            KernelMode.setVector(previous);
        }
    }

    /** Runs {@code body} with the kernels limited to {@code threads} threads, restoring the limit after. */
    static <T> T withThreads(int threads, Supplier<T> body) {
        int previous = Parallel.setThreads(threads);
        try {
            return body.get();
        } finally {
            Parallel.setThreads(previous);
        }
    }

    /** n float32 values uniform in [-1, 1): the kernels' random operands. */
    static float[] randomFloats(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextDouble(-1, 1);
        }
        return x;
    }

    /** n values uniform in [lo, hi), rounded to the precision. */
    static double[] uniform(SplittableRandom rnd, Precision p, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = p.round(lo + (hi - lo) * rnd.nextDouble());
        }
        return v;
    }

    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** Same value, NaN matching NaN; +0 and -0 count as equal. */
    static boolean sameValue(double expected, double actual) {
        return expected == actual || (Double.isNaN(expected) && Double.isNaN(actual));
    }

    /**
     * |actual - expected| <= tol, where NaN must match NaN and an infinite expected value must be matched
     * exactly.
     */
    static void assertClose(double expected, double actual, double tol, Supplier<String> where) {
        boolean ok;
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            ok = sameValue(expected, actual);
        } else {
            ok = Math.abs(actual - expected) <= tol;
        }
        if (!ok) {
            fail(where.get() + ": expected " + expected + " but was " + actual + " (tolerance " + tol + ")");
        }
    }

    /** Exact equality in the sense of {@link #sameValue}. */
    static void assertSame(double expected, double actual, Supplier<String> where) {
        if (!sameValue(expected, actual)) {
            fail(where.get() + ": expected " + expected + " but was " + actual);
        }
    }
}
