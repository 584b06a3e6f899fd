package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.randomFloats;
import static dev.nabla.kernel.KernelTestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The weight gradient by Winograd's F(2×2, 3×3) ({@link WinogradGradF32}, through {@link ConvF32#weightGrad}):
 * the geometries it takes; the definition's values in float32 and float64 on odd output sizes (a last tile
 * row and column cut in half), uneven and no padding, an output of one pixel, a batch of three chunks the
 * last one short, chunks cut into several blocks, and channel counts that fill whole vectors or not; the
 * same bits on one thread and on three; a scratch left by a larger call.
 */
class WinogradGradTest {
    // batch, channels, h, w, out channels, groups, kh, kw, sh, sw, pad top, bottom, left, right, dh, dw
    private static final ConvGeometry[] CASES = {
        new ConvGeometry(37, 48, 14, 14, 49, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), // chunks 16 + 16 + 5, two blocks each
        new ConvGeometry(4, 64, 14, 14, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), // whole vectors of channels
        new ConvGeometry(3, 49, 7, 6, 50, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), // odd rows and columns of output
        new ConvGeometry(2, 48, 6, 5, 50, 1, 3, 3, 1, 1, 0, 2, 2, 1, 1, 1), // uneven padding
        new ConvGeometry(2, 48, 3, 3, 48, 1, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1), // one output pixel
        new ConvGeometry(2, 48, 8, 9, 48, 1, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1), // "valid"
        new ConvGeometry(20, 48, 5, 5, 48, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), // 9 tiles an image: one block a chunk
    };

    @Test
    void theGeometriesItTakes() {
        for (ConvGeometry s : CASES) {
            assertTrue(WinogradGradF32.applies(s), s.toString());
        }
        assertTrue(WinogradGradF64.applies(CASES[2]), "float64, rows of 6");
        assertFalse(WinogradGradF64.applies(CASES[0]), "float64: rows of 14 do not fit a vector of doubles");
        assertFalse(WinogradGradF32.applies(new ConvGeometry(2, 64, 28, 28, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                "rows of 28: the wide grid's");
        assertFalse(WinogradGradF32.applies(new ConvGeometry(1, 64, 14, 14, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)), "one image");
        assertFalse(WinogradGradF32.applies(new ConvGeometry(2, 4, 14, 14, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                "four input channels");
        assertFalse(WinogradGradF32.applies(new ConvGeometry(2, 32, 14, 14, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                "32 × 64 channel pairs: the wide grid's");
        assertFalse(WinogradGradF32.applies(new ConvGeometry(2, 64, 9, 9, 64, 1, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1)), "stride 2");
        assertFalse(WinogradGradF32.applies(new ConvGeometry(2, 64, 9, 9, 64, 1, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1)), "5×5");
        assertFalse(KernelTestSupport.withVector(false, () -> WinogradGradF32.applies(CASES[0])), "scalar kernels");
    }

    @Test
    void theDefinitionInFloat32WithTheSameBitsOnAnyThreadCount() {
        for (ConvGeometry s : CASES) {
            SplittableRandom rnd = new SplittableRandom(21);
            float[] x = randomFloats(rnd, s.batch() * s.channels() * s.plane());
            float[] w = randomFloats(rnd, s.outChannels() * s.patch()), b = randomFloats(rnd, s.outChannels());
            float[] g = randomFloats(rnd, s.batch() * s.outChannels() * s.pixels());
            double[] want = ConvBlockTest.reference(s, x, w, b, g)[2];
            // float32's rounding grows with the sum of the terms' sizes (thousands of them here), not the sum's
            double[] size = ConvBlockTest.reference(s, abs(x), abs(w), abs(b), abs(g))[2];
            float[] one = KernelTestSupport.withThreads(1, () -> grad(s, g, x));
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], one[i], 1e-5 * size[i], s + " dw at " + i);
            }
            float[] three = KernelTestSupport.withThreads(3, () -> grad(s, g, x));
            assertArrayEquals(one, three, s + ": 1 and 3 threads");
        }
    }

    @Test
    void theDefinitionInFloat64() {
        for (ConvGeometry s : CASES) {
            SplittableRandom rnd = new SplittableRandom(22);
            float[] x = randomFloats(rnd, s.batch() * s.channels() * s.plane());
            float[] w = randomFloats(rnd, s.outChannels() * s.patch()), b = randomFloats(rnd, s.outChannels());
            float[] g = randomFloats(rnd, s.batch() * s.outChannels() * s.pixels());
            double[] want = ConvBlockTest.reference(s, x, w, b, g)[2];
            for (int threads : new int[] {1, 3}) {
                double[] got = KernelTestSupport.withThreads(threads, () -> {
                    double[] dw = new double[s.outChannels() * s.patch()];
                    ConvF64.weightGrad(toDouble(g), toDouble(x), s, dw);
                    return dw;
                });
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], got[i], 1e-12 * Math.max(1, Math.abs(want[i])), s + " dw at " + i);
                }
            }
        }
    }

    /** dU's chunks and the transforms' scratch left by a larger call must not leak into a smaller one. */
    @Test
    void aSmallerCallAfterALargerOneGetsItsOwnValues() {
        ConvGeometry large = CASES[0], small = CASES[2];
        SplittableRandom rnd = new SplittableRandom(23);
        float[] xl = randomFloats(rnd, large.batch() * large.channels() * large.plane());
        float[] gl = randomFloats(rnd, large.batch() * large.outChannels() * large.pixels());
        float[] x = randomFloats(rnd, small.batch() * small.channels() * small.plane());
        float[] g = randomFloats(rnd, small.batch() * small.outChannels() * small.pixels());
        float[] fresh = KernelTestSupport.withThreads(1, () -> grad(small, g, x));
        float[] after = KernelTestSupport.withThreads(1, () -> {
            grad(large, gl, xl);
            return grad(small, g, x);
        });
        assertArrayEquals(fresh, after);
    }

    private static float[] abs(float[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.abs(a[i]);
        }
        return out;
    }

    private static float[] grad(ConvGeometry s, float[] g, float[] x) {
        float[] dw = new float[s.outChannels() * s.patch()];
        ConvF32.weightGrad(g, x, s, dw);
        return dw;
    }
}
