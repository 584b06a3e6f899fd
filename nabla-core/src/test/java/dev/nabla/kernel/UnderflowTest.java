package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.withVector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Adam's and SGD with momentum's underflow paths ({@link Underflow}) give the bits of plain float
 * arithmetic (the scalar twin, subnormals and all) on moments that have underflowed, on the lanes around them, and on the lanes that
 * must fall back (a gradient that is not ±0, a tiny, zero or non-finite weight, a normal m with a
 * subnormal v), over several steps and for several β.
 */
class UnderflowTest {
    static final int N = 16 * 64 + 7;
    static final float SIGNALING_NAN = Float.intBitsToFloat(0x7f800001);

    @ParameterizedTest(name = "beta1={0}")
    @ValueSource(floats = {0.9f, 0.5f, 0.99f, 0.1f, 0f, 0.999f})
    void underflowedMomentsGiveTheScalarTwinsBits(float beta1) {
        for (long seed = 1; seed <= 20; seed++) {
            float[][] start = state(new SplittableRandom(seed));
            assertAdamBits(start, beta1, seed);
        }
    }

    /** Adam's five steps from {@code start} give the scalar twin's bits in θ, g, m and v. */
    static void assertAdamBits(float[][] start, float beta1, long seed) {
        assertPathsOn();
        float[][] simd = run(true, start, beta1), scalar = run(false, start, beta1);
        for (int a = 0; a < 4; a++) {
            for (int i = 0; i < N; i++) {
                int fa = a, fi = i;
                assertEquals(Float.floatToRawIntBits(scalar[a][i]), Float.floatToRawIntBits(simd[a][i]),
                        () -> "seed " + seed + " array " + "θgmv".charAt(fa) + "[" + fi + "]: scalar "
                                + scalar[fa][fi] + ", SIMD " + simd[fa][fi] + " (from m " + start[2][fi] + ", v "
                                + start[3][fi] + ", g " + start[1][fi] + ", θ " + start[0][fi] + ")");
            }
        }
    }

    @ParameterizedTest(name = "nesterov={0}")
    @ValueSource(booleans = {false, true})
    void anUnderflowedMomentumBufferGivesTheScalarTwinsBits(boolean nesterov) {
        for (long seed = 1; seed <= 20; seed++) {
            assertMomentumBits(state(new SplittableRandom(seed)), nesterov, seed);
        }
    }

    /** Five steps of SGD with momentum from {@code start} give the scalar twin's bits in θ and b. */
    static void assertMomentumBits(float[][] start, boolean nesterov, long seed) {
        assertPathsOn();
        float[][] simd = momentum(true, start, nesterov), scalar = momentum(false, start, nesterov);
        for (int a : new int[] {0, 2}) {
            for (int i = 0; i < N; i++) {
                int fa = a, fi = i;
                assertEquals(Float.floatToRawIntBits(scalar[a][i]), Float.floatToRawIntBits(simd[a][i]),
                        () -> "seed " + seed + " " + (fa == 0 ? "θ" : "b") + "[" + fi + "]: scalar " + scalar[fa][fi]
                                + ", SIMD " + simd[fa][fi] + " (from b " + start[2][fi] + ", g " + start[1][fi]
                                + ", θ " + start[0][fi] + ")");
            }
        }
    }

    /** RMSprop's square average decays into the subnormals under a zero gradient as Adam's v does. */
    @ParameterizedTest(name = "alpha={0}")
    @ValueSource(floats = {0.99f, 0.9f, 0.5f})
    void anUnderflowedSquareAverageGivesTheScalarTwinsBits(float alpha) {
        assertPathsOn();
        for (long seed = 1; seed <= 20; seed++) {
            float[][] start = state(new SplittableRandom(seed));
            float[][] simd = rmsprop(true, start, alpha), scalar = rmsprop(false, start, alpha);
            for (int a : new int[] {0, 3}) {
                for (int i = 0; i < N; i++) {
                    int fa = a, fi = i;
                    long s = seed;
                    assertEquals(Float.floatToRawIntBits(scalar[a][i]), Float.floatToRawIntBits(simd[a][i]),
                            () -> "seed " + s + " " + (fa == 0 ? "θ" : "s") + "[" + fi + "]: scalar " + scalar[fa][fi]
                                    + ", SIMD " + simd[fa][fi] + " (from s " + start[3][fi] + ", g " + start[1][fi]
                                    + ", θ " + start[0][fi] + ")");
                }
            }
        }
    }

    /**
     * The comparisons above test the paths only where they run: on a CPU without the subnormal assist
     * they are off by default ({@link SubnormalCost}), so the build turns them on for the tests.
     */
    static void assertPathsOn() {
        assertTrue(SubnormalCost.PATHS, "the underflow paths are off in this JVM (" + SubnormalCost.describe()
                + "): the tests run with -D" + SubnormalCost.PROPERTY + "=on (the parent pom's argLine)");
    }

    /** Five plain RMSprop steps over copies of θ, g and v as the square average. */
    private static float[][] rmsprop(boolean vector, float[][] start, float alpha) {
        float[][] a = {start[0].clone(), start[1].clone(), null, start[3].clone()};
        return withVector(vector, () -> {
            for (int t = 1; t <= 5; t++) {
                OptimF32.rmsprop(new OptimStep.Rmsprop(1e-2, alpha, 1e-8, 0), a[0], a[1], a[3], null, null);
            }
            return a;
        });
    }

    /** Five SGD steps with momentum 0.9 (dampening 0, then 0.5) over copies of θ, g and m as the buffer. */
    private static float[][] momentum(boolean vector, float[][] start, boolean nesterov) {
        float[][] a = {start[0].clone(), start[1].clone(), start[2].clone()};
        return withVector(vector, () -> {
            for (int t = 1; t <= 5; t++) {
                OptimF32.sgdMomentum(new OptimStep.Momentum(1e-2f, 0.9f, t < 3 ? 0 : 0.5, nesterov), a[0], a[1], a[2]);
            }
            return a;
        });
    }

    /** stuck(β) against the decay itself: every significand up to it is left as it is, the next is not (or ties). */
    @ParameterizedTest(name = "beta={0}")
    @ValueSource(floats = {0.9f, 0.99f, 0.999f, 0.5f, 0.3f, 0.75f, 0.9999f, 0f, 1f})
    void theStuckSignificandsAreExactlyThoseTheDecayKeeps(float beta) {
        int stuck = Underflow.stuck(beta);
        for (int mant = 1; mant <= Math.min(stuck + 1, 0x7fffff); mant++) {
            double exact = mant * (double) beta; // exact: 23 + 24 bits
            double kept = Math.rint(exact);
            boolean tie = Math.abs(exact - Math.floor(exact) - 0.5) == 0;
            if (mant <= stuck) {
                assertEquals(mant, kept, 0, "β " + beta + ": M " + mant + " counted as stuck");
            } else {
                assertTrue(kept != mant || tie, "β " + beta + ": M " + mant + " is stuck too");
            }
        }
        // and what the float hardware does with the subnormal itself
        if (stuck > 0 && stuck < 0x7fffff) {
            assertEquals(Float.intBitsToFloat(stuck), Float.intBitsToFloat(stuck) * beta, 0f);
        }
    }

    @Test
    void everyTieOfTheDecayRoundsToEven() {
        // significands M whose product M·β lies at or next to a half: the float product can make a tie
        // that the exact product is not, in both directions
        for (float beta : new float[] {0.9f, 0.5f, 0.75f, 0.999f, 0.3f}) {
            float[] m = new float[N], theta = new float[N], g = new float[N], v = new float[N];
            for (int i = 0; i < N; i++) {
                int mant = i < 64 ? i + 1 : (int) ((i * 2654435761L) & 0x7fffff) | 1;
                m[i] = Float.intBitsToFloat((i % 3 == 0 ? 0x80000000 : 0) | mant);
                theta[i] = 0.25f + i;
                v[i] = 1e-12f;
            }
            float[][] start = {theta, g, m, v};
            float[][] simd = run(true, start, beta), scalar = run(false, start, beta);
            for (int i = 0; i < N; i++) {
                assertEquals(Float.floatToRawIntBits(scalar[2][i]), Float.floatToRawIntBits(simd[2][i]),
                        "β " + beta + ", m " + m[i]);
            }
        }
    }

    @Test
    void aNonFiniteWeightOrSecondMomentInAnUnderflowedLaneGivesThePlainResult() {
        // a signalling NaN weight comes out quieted (by Adam and by SGD with momentum), and a NaN v makes
        // the weight NaN: neither is "unchanged"
        float[] theta = new float[N], g = new float[N], m = new float[N], v = new float[N];
        for (int i = 0; i < N; i++) {
            theta[i] = 0.5f;
            m[i] = Float.intBitsToFloat(100 + i);
            v[i] = 1e-6f;
        }
        theta[3] = SIGNALING_NAN;
        theta[21] = Float.NEGATIVE_INFINITY;
        v[40] = Float.NaN;
        v[57] = Float.POSITIVE_INFINITY;
        float[][] start = {theta, g, m, v};
        float[][] simd = run(true, start, 0.9f), scalar = run(false, start, 0.9f);
        for (int i : new int[] {3, 21, 40, 57}) {
            assertEquals(Float.floatToRawIntBits(scalar[0][i]), Float.floatToRawIntBits(simd[0][i]), "θ[" + i + "]");
            assertEquals(Float.floatToRawIntBits(scalar[3][i]), Float.floatToRawIntBits(simd[3][i]), "v[" + i + "]");
        }
        assertTrue(Float.isNaN(simd[0][40]));
        for (boolean nesterov : new boolean[] {false, true}) {
            float[][] simdM = momentum(true, start, nesterov), scalarM = momentum(false, start, nesterov);
            for (int i : new int[] {3, 21}) {
                assertEquals(Float.floatToRawIntBits(scalarM[0][i]), Float.floatToRawIntBits(simdM[0][i]),
                        "momentum θ[" + i + "], nesterov=" + nesterov);
            }
        }
    }

    @Test
    void aVectorWithoutSubnormalsIsLeftToTheCaller() {
        float[] m = new float[16], v = new float[16], theta = new float[16], g = new float[16];
        java.util.Arrays.fill(m, 1e-3f);
        java.util.Arrays.fill(v, 1e-6f);
        java.util.Arrays.fill(theta, 0.5f);
        float min = Underflow.thetaMin(1e-3, 1e-8);
        assertFalse(Underflow.adam(theta, g, m, v, 0.9f, 0.1f, 0.999f, 0.001f, 1e-3f, 1f, 1e-8f, min, 4, 0));
        m[3] = 1e-40f;
        assertTrue(Underflow.adam(theta, g, m, v, 0.9f, 0.1f, 0.999f, 0.001f, 1e-3f, 1f, 1e-8f, min, 4, 0));
        assertEquals(0.5f, theta[3]);
        g[3] = 1e-3f; // the step from this lane is no longer negligible: the caller must compute it
        m[3] = 1e-40f;
        assertFalse(Underflow.adam(theta, g, m, v, 0.9f, 0.1f, 0.999f, 0.001f, 1e-3f, 1f, 1e-8f, min, 4, 0));
    }

    @Test
    void theLoopsFilterFlagsExactlyTheSubnormalsInEitherOperand() {
        int len = FloatVector.SPECIES_PREFERRED.length();
        int[] bits = {0, 0x80000000, 1, 0x80000001, 0x007fffff, 0x807fffff, 0x00800000, 0x80800000, 0x3f800000,
            0x7f7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0xffffffff, 0x00400000};
        for (int x : bits) {
            for (int y : bits) {
                for (int lane = 0; lane < len; lane++) {
                    float[] a = new float[len], b = new float[len];
                    java.util.Arrays.fill(a, 1f);
                    java.util.Arrays.fill(b, 1f);
                    a[lane] = Float.intBitsToFloat(x);
                    b[(lane + 1) % len] = Float.intBitsToFloat(y);
                    boolean expected = isSubnormal(x) || isSubnormal(y);
                    var va = FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, a, 0);
                    var vb = FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, b, 0);
                    assertEquals(expected, Underflow.anySubnormal(va, vb),
                            () -> Integer.toHexString(x) + ", " + Integer.toHexString(y));
                }
            }
        }
    }

    private static boolean isSubnormal(int bits) {
        float f = Math.abs(Float.intBitsToFloat(bits));
        return f > 0 && f < Float.MIN_NORMAL;
    }

    @Test
    void theWeightBoundAllowsNoStepOfHalfAnUlp() {
        // the largest step a subnormal moment can make, against the least half ulp of a weight let through
        // (|θ|·2^-25, for θ just above a power of two)
        for (double[] se : new double[][] {{1e-3, 1e-8}, {10, 1e-8}, {1e-2, 1e-30}, {1, 1e-40}, {1e-6, 1}}) {
            float min = Underflow.thetaMin(se[0], se[1]);
            double largestStep = Float.MIN_NORMAL / se[1] * se[0] * (1 + 0x1p-23);
            assertTrue(largestStep < min * 0x1p-25 || Float.isInfinite(min), () -> "stepSize " + se[0] + ", eps " + se[1]);
        }
        assertEquals(Float.POSITIVE_INFINITY, Underflow.thetaMin(1e10, Double.MIN_VALUE));
    }

    /** Five Adam steps over copies of the state, in one mode. */
    private static float[][] run(boolean vector, float[][] start, float beta1) {
        float[][] a = new float[4][];
        for (int i = 0; i < 4; i++) {
            a[i] = start[i].clone();
        }
        float beta2 = 0.999f, eps = 1e-8f;
        return withVector(vector, () -> {
            for (int t = 1; t <= 5; t++) {
                double stepSize = 1e-3 / (1 - Math.pow(beta1, t)), bc2 = Math.sqrt(1 - Math.pow(beta2, t));
                OptimF32.adam(new OptimStep.Adam(beta1, beta2, eps, stepSize, bc2), a[0], a[1], a[2], a[3], null, 0, N);
            }
            return a;
        });
    }

    /**
     * θ, g, m, v by vectors of 16: half of them the case the path exists for (subnormal or zero m, g = ±0,
     * plain weights, normal m in lanes between), the other half mixed with every case that must fall back.
     */
    private static float[][] state(SplittableRandom r) {
        float[] theta = new float[N], g = new float[N], m = new float[N], v = new float[N];
        for (int i = 0; i < N; i++) {
            boolean clean = (i / 16) % 2 == 0;
            theta[i] = (float) r.nextDouble(-1, 1);
            g[i] = r.nextBoolean() ? 0f : -0f;
            int kind = r.nextInt(10);
            m[i] = kind < 6 ? subnormal(r) : kind < 9 ? (float) r.nextDouble(-1e-3, 1e-3) : r.nextBoolean() ? 0f : -0f;
            v[i] = kind != 7 && r.nextInt(4) == 0 ? Math.abs(subnormal(r)) : (float) r.nextDouble(0, 1e-4);
            if (clean) {
                if (Math.abs(theta[i]) < 1e-3f) {
                    theta[i] = 0.5f;
                }
                if (r.nextInt(6) == 0) {
                    // a weight small enough that a subnormal m over a denominator of eps moves it or nearly
                    theta[i] = (float) (Math.pow(10, r.nextDouble(-28, -22)) * (r.nextBoolean() ? 1 : -1));
                    v[i] = r.nextBoolean() ? 0f : Math.abs(subnormal(r));
                }
                continue;
            }
            switch (r.nextInt(12)) {
                case 0 -> g[i] = (float) r.nextDouble(-1e-2, 1e-2);
                case 1 -> theta[i] = r.nextBoolean() ? 0f : -0f;
                case 2 -> theta[i] = (float) r.nextDouble(-1e-25, 1e-25);
                case 3 -> theta[i] = switch (r.nextInt(4)) {
                    case 0 -> Float.NaN;
                    case 1 -> Float.POSITIVE_INFINITY;
                    case 2 -> SIGNALING_NAN; // arithmetic quiets it: the weight must not be passed through
                    default -> Float.NEGATIVE_INFINITY;
                };
                case 4 -> g[i] = subnormal(r);
                case 5 -> v[i] = r.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NaN;
                case 6 -> m[i] = Float.MIN_NORMAL * (r.nextBoolean() ? 1 : -1);
                case 7 -> v[i] = Math.abs(subnormal(r)); // with a normal m: must fall back
                default -> { }
            }
        }
        return new float[][] {theta, g, m, v};
    }

    static float subnormal(SplittableRandom r) {
        int mant = r.nextBoolean() ? 1 + r.nextInt(8) : 1 + r.nextInt(0x7fffff);
        return Float.intBitsToFloat((r.nextBoolean() ? 0x80000000 : 0) | mant);
    }
}
