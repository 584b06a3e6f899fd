import static jdk.incubator.vector.VectorOperators.LT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A JVM-to-JVM bimodality of Vector API code on JDK 25, reduced to one small loop (the optimizers' subnormal
 * test over two arrays of 200,704 floats). Run it ten times:
 *
 * <pre>
 *   for i in $(seq 10); do java --add-modules jdk.incubator.vector nabla-bench/ab/OsrIntrinsics.java; done
 * </pre>
 *
 * On this project's 2-core Zen 5 (Temurin 25.0.3, 2026-12-06) 8 of 10 JVMs settle at 17–21 µs a scan and
 * 2 stay at 370–6,000 µs for the whole run, 20 to 300 times slower, allocating nothing (the Vector API's
 * Java fallback, its boxes scalar-replaced). With {@code -XX:+PrintCompilation -XX:+PrintInlining} the slow
 * runs are those where C2 compiled {@code main} on-stack-replacement at tier 4 while it was still filling
 * the arrays, before {@code scan} had ever run: {@code scan} was inlined into that compilation with
 * {@code VectorSupport.binaryOp}, {@code convert} and {@code store} "failed to inline (intrinsic)", and
 * main then ran that code to the end. A kernel inlined into a long-running method compiled before the
 * kernel's first call could do the same; the suite's first-row ramp is not that (it stayed with on-stack
 * replacement off: README, the suite).
 * Prints each of six rounds' time per scan.
 */
public class OsrIntrinsics {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = S.withLanes(int.class);
    private static final int BOUND = 0x007fffff + Integer.MAX_VALUE + 1;

    /** Whether a or b holds a subnormal: Underflow.anySubnormal's test, over whole arrays. */
    static boolean scan(float[] a, float[] b, int n) {
        IntVector min = IntVector.broadcast(I, Integer.MAX_VALUE);
        for (int i = 0; i < n; i += S.length()) {
            IntVector ta = ((IntVector) FloatVector.fromArray(S, a, i).viewAsIntegralLanes()).and(0x7fffffff)
                    .add(Integer.MAX_VALUE);
            IntVector tb = ((IntVector) FloatVector.fromArray(S, b, i).viewAsIntegralLanes()).and(0x7fffffff)
                    .add(Integer.MAX_VALUE);
            min = min.min(ta.min(tb));
        }
        return min.compare(LT, BOUND).anyTrue();
    }

    public static void main(String[] args) {
        int n = 256 * 784;
        float[] m = new float[n], v = new float[n];
        for (int i = 0; i < n; i++) {
            m[i] = 1e-3f;
            v[i] = 1e-6f;
        }
        boolean any = false;
        StringBuilder line = new StringBuilder("µs a scan:");
        for (int round = 0; round < 6; round++) {
            long start = System.nanoTime();
            for (int k = 0; k < 200; k++) {
                any |= scan(m, v, n);
            }
            line.append(String.format(" %.1f", (System.nanoTime() - start) / 200 / 1e3));
        }
        System.out.println(line + (any ? " (found one)" : ""));
    }
}
