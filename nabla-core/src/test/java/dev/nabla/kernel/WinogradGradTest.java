package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
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
        // rows fit a vector: every case with 16 floats to a vector (AVX-512), those of 6 columns or fewer with 8
        for (ConvGeometry s : CASES) {
            assertEquals(rowsFit(s, FloatVector.SPECIES_PREFERRED.length()), WinogradGradF32.applies(s), s.toString());
            assertEquals(rowsFit(s, DoubleVector.SPECIES_PREFERRED.length()), WinogradGradF64.applies(s), s.toString());
        }
        assertTrue(taking() >= 3, "cases that take the path: " + taking());
        assertFalse(WinogradGradF32.applies(new ConvGeometry(2, 64, 28, 28, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                "rows of 28: the wide grid's");
        assertFalse(WinogradGradF32.applies(new ConvGeometry(1, 64, 14, 14, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)), "one image");
        assertFalse(WinogradGradF32.applies(new ConvGeometry(2, 4, 14, 14, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                "four input channels");
        boolean lanes16 = FloatVector.SPECIES_PREFERRED.length() == 16;
        assertEquals(lanes16, WinogradGradF32.applies(new ConvGeometry(2, 32, 14, 14, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1,
                1)), "32 × 64 channel pairs, whole vectors of channels (NHWC) where rows fit");
        assertFalse(WinogradGradF32.applies(new ConvGeometry(2, 40, 14, 14, 40, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                "40 × 40 channel pairs, not whole vectors: the wide grid's");
        assertFalse(WinogradGradF32.applies(new ConvGeometry(2, 64, 9, 9, 64, 1, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1)), "stride 2");
        assertFalse(WinogradGradF32.applies(new ConvGeometry(2, 64, 9, 9, 64, 1, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1)), "5×5");
        assertFalse(KernelTestSupport.withVector(false, () -> WinogradGradF32.applies(CASES[0])), "scalar kernels");
    }

    /** Whether a padded row of s's output tiles fits a vector of this many lanes (4 columns per tile, overlapping by 2). */
    private static boolean rowsFit(ConvGeometry s, int lanes) {
        return 2 * ((s.outW() + 1) / 2) + 2 <= lanes && lanes <= WinogradF32.SLACK;
    }

    /** How many cases take this path here (all with 16 floats to a vector, the three narrow ones with 8). */
    private static long taking() {
        return java.util.Arrays.stream(CASES).filter(WinogradGradF32::applies).count();
    }

    @Test
    void theDefinitionInFloat32WithTheSameBitsOnAnyThreadCount() {
        for (ConvGeometry s : CASES) {
            WeightGrads.Data d = WeightGrads.Data.of(s, 21);
            float[] x = d.x(), g = d.g();
            // float32's rounding grows with the sum of the terms' sizes (thousands of them here), not the sum's
            double[] size = ConvBlockTest.reference(s, abs(x), new float[s.outChannels() * s.patch()],
                    new float[s.outChannels()], abs(g))[2];
            float[] one = KernelTestSupport.withThreads(1, () -> WeightGrads.grad(s, g, x));
            for (int i = 0; i < d.want().length; i++) {
                assertEquals(d.want()[i], one[i], 1e-5 * size[i], s + " dw at " + i);
            }
            float[] three = KernelTestSupport.withThreads(3, () -> WeightGrads.grad(s, g, x));
            assertArrayEquals(one, three, s + ": 1 and 3 threads");
        }
    }

    @Test
    void theDefinitionInFloat64() {
        for (ConvGeometry s : CASES) {
            WeightGrads.matchesInFloat64(s, WeightGrads.Data.of(s, 22));
        }
    }

    /** dU's chunks and the transforms' scratch left by a larger call must not leak into a smaller one. */
    @Test
    void aSmallerCallAfterALargerOneGetsItsOwnValues() {
        WeightGrads.unaffectedByALargerCall(CASES[0], CASES[2], 23);
    }

    private static float[] abs(float[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.abs(a[i]);
        }
        return out;
    }
}
