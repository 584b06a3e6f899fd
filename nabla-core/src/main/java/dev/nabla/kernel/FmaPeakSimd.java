package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link FmaPeak}'s loop: twelve independent FMA chains on the preferred vector width. */
final class FmaPeakSimd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int CHAINS = 12;
    /** Floating-point operations per loop iteration: an FMA (two) per lane per chain. */
    static final long FLOPS_PER_ITERATION = 2L * CHAINS * S.length();
    /** Keeps the chains' results alive, so that C2 cannot drop the loop. */
    static volatile float sink;

    private FmaPeakSimd() {}

    /** Iterations of {@link #chains} that take about {@code millis} ms on one thread. */
    static long calibrate(int millis) {
        long n = 1 << 20;
        while (true) {
            long start = System.nanoTime();
            chains(n);
            long took = System.nanoTime() - start;
            if (took > 20_000_000L || n > 1L << 40) {
                return Math.max(1, (long) (n * (millis * 1e6 / took)));
            }
            n *= 4;
        }
    }

    static void chains(long iterations) {
        FloatVector a = FloatVector.broadcast(S, 0.999999f), b = FloatVector.broadcast(S, 1e-7f);
        FloatVector c0 = b, c1 = b.add(1f), c2 = b.add(2f), c3 = b.add(3f), c4 = b.add(4f), c5 = b.add(5f);
        FloatVector c6 = b.add(6f), c7 = b.add(7f), c8 = b.add(8f), c9 = b.add(9f), c10 = b.add(10f), c11 = b.add(11f);
        for (long i = 0; i < iterations; i++) {
            c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b);
            c4 = c4.fma(a, b); c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b);
            c8 = c8.fma(a, b); c9 = c9.fma(a, b); c10 = c10.fma(a, b); c11 = c11.fma(a, b);
        }
        sink = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }
}
