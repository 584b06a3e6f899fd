package dev.nabla.kernel;

import static dev.nabla.kernel.UnderflowTest.N;
import static dev.nabla.kernel.UnderflowTest.SIGNALING_NAN;
import static dev.nabla.kernel.UnderflowTest.assertAdamBits;
import static dev.nabla.kernel.UnderflowTest.assertMomentumBits;
import static dev.nabla.kernel.UnderflowTest.subnormal;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Underflow} on a dead unit's vectors (every gradient ±0, the moments decayed into the subnormals):
 * mixed with live lanes, whole (Adam's shortest path, which only decays v, and momentum's, which writes
 * nothing), and beside vectors where one lane sends the update down a longer path. Each against the
 * scalar twin's bits, with {@link UnderflowTest}'s helpers.
 */
class DeadUnitVectorsTest {

    /**
     * Vectors of a dead unit (every gradient ±0, every m ±0 or subnormal, stuck or still decaying: the
     * decay is skipped for stuck lanes), and the same with one lane that changes the path: a signalling
     * NaN, infinite, tiny or zero weight, a NaN, infinite or subnormal v, a v whose decay underflows, a
     * gradient that is not zero, a normal m.
     */
    @ParameterizedTest(name = "beta1={0}")
    @ValueSource(floats = {0.9f, 0.99f, 0.5f, 0.3f, 0.999f})
    void deadUnitVectorsGiveTheScalarTwinsBits(float beta1) {
        float[] odd = {SIGNALING_NAN, Float.NaN, Float.POSITIVE_INFINITY, 1e-30f, -0f, 0f};
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            float[] theta = weights(r), g = zeroGradients(r), m = new float[N], v = new float[N];
            for (int i = 0; i < N; i++) {
                // significands around where the decay stops changing them (M ≤ 4 for β1 = 0.9, 49 for 0.99)
                int mant = 1 + r.nextInt(r.nextBoolean() ? 64 : 0x7fffff);
                m[i] = r.nextInt(4) == 0 ? (r.nextBoolean() ? 0f : -0f)
                        : Float.intBitsToFloat((r.nextBoolean() ? 0x80000000 : 0) | mant);
                v[i] = r.nextInt(8) == 0 ? 0f : (float) r.nextDouble(0, 1e-4);
            }
            for (int vec = 1; vec < N / 16; vec += 2) { // every other vector gets one lane that must fall back
                int i = vec * 16 + r.nextInt(16);
                switch (r.nextInt(5)) {
                    case 0 -> theta[i] = odd[r.nextInt(odd.length)];
                    case 1 -> v[i] = new float[] {Float.NaN, Float.POSITIVE_INFINITY, Math.abs(subnormal(r))}[r.nextInt(3)];
                    case 2 -> v[i] = Float.MIN_NORMAL; // its decay is subnormal: the plain product's bits
                    case 3 -> g[i] = 1e-20f;
                    default -> m[i] = 1e-3f;
                }
            }
            assertAdamBits(new float[][] {theta, g, m, v}, beta1, seed);
        }
    }

    /**
     * Whole vectors of a dead unit (every m a stuck subnormal, every g ±0), which take the shortest path
     * (only v changes), among vectors where one lane makes it fall back to the longer ones: a signalling
     * NaN, infinite or tiny weight, a NaN, infinite, −0, subnormal or underflowing v, an m that still decays.
     */
    @ParameterizedTest(name = "beta1={0}")
    @ValueSource(floats = {0.9f, 0.99f, 0.5f})
    void wholeDeadVectorsGiveTheScalarTwinsBits(float beta1) {
        int stuck = Underflow.stuck(beta1);
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            float[] theta = weights(r), g = zeroGradients(r), m = new float[N], v = new float[N];
            for (int i = 0; i < N; i++) {
                m[i] = Float.intBitsToFloat((r.nextBoolean() ? 0x80000000 : 0) | 1 + r.nextInt(Math.max(1, stuck)));
                v[i] = r.nextInt(8) == 0 ? 0f : (float) r.nextDouble(1e-30, 1e-4);
            }
            for (int vec = 1; vec < N / 16; vec += 2) {
                int i = vec * 16 + r.nextInt(16);
                switch (r.nextInt(6)) {
                    case 0 -> theta[i] = new float[] {SIGNALING_NAN, Float.NaN, Float.NEGATIVE_INFINITY, 1e-30f}[r.nextInt(4)];
                    case 1 -> v[i] = new float[] {Float.NaN, Float.POSITIVE_INFINITY, -0f, Math.abs(subnormal(r))}[r.nextInt(4)];
                    case 2 -> v[i] = Float.MIN_NORMAL; // its decay is subnormal
                    case 3 -> m[i] = Float.intBitsToFloat(stuck + 1 + (r.nextBoolean() ? 0 : r.nextInt(1000))); // still decaying
                    case 4 -> m[i] = 0f;
                    default -> { }
                }
            }
            assertAdamBits(new float[][] {theta, g, m, v}, beta1, seed);
        }
    }

    /**
     * SGD with momentum over whole dead vectors (every b a stuck subnormal, every g ±0), which it leaves
     * untouched, among vectors where one lane (a signalling NaN, infinite or tiny weight, a b that still
     * decays, a zero b, a live gradient) sends it down the longer paths.
     */
    @ParameterizedTest(name = "nesterov={0}")
    @ValueSource(booleans = {false, true})
    void wholeDeadMomentumVectorsGiveTheScalarTwinsBits(boolean nesterov) {
        int stuck = Underflow.stuck(0.9f);
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            float[] theta = weights(r), g = zeroGradients(r), b = new float[N];
            for (int i = 0; i < N; i++) {
                b[i] = Float.intBitsToFloat((r.nextBoolean() ? 0x80000000 : 0) | 1 + r.nextInt(stuck));
            }
            for (int vec = 1; vec < N / 16; vec += 2) {
                int i = vec * 16 + r.nextInt(16);
                switch (r.nextInt(5)) {
                    case 0 -> theta[i] = new float[] {SIGNALING_NAN, Float.NaN, Float.NEGATIVE_INFINITY, 1e-30f}[r.nextInt(4)];
                    case 1 -> b[i] = Float.intBitsToFloat(stuck + 1 + (r.nextBoolean() ? 0 : r.nextInt(1000)));
                    case 2 -> b[i] = r.nextBoolean() ? 0f : -0f;
                    case 3 -> g[i] = 1e-20f;
                    default -> b[i] = 1e-3f;
                }
            }
            assertMomentumBits(new float[][] {theta, g, b}, nesterov, seed);
        }
    }

    /** A dead unit's weights: |θ| in [1e-3, 1), far above any bound on a step, either sign. */
    private static float[] weights(SplittableRandom r) {
        float[] theta = new float[N];
        for (int i = 0; i < N; i++) {
            theta[i] = (float) (r.nextDouble(1e-3, 1) * (r.nextBoolean() ? 1 : -1));
        }
        return theta;
    }

    /** A dead unit's gradients: +0 and −0. */
    private static float[] zeroGradients(SplittableRandom r) {
        float[] g = new float[N];
        for (int i = 0; i < N; i++) {
            g[i] = r.nextBoolean() ? 0f : -0f;
        }
        return g;
    }
}
