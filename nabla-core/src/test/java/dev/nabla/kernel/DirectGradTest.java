package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The weight gradient on the wide grid ({@link DirectGradF32}, through {@link ConvF32#weightGrad}): the
 * geometries it takes; the definition's values in float32 and float64, on batches that end in a partial
 * chunk, with output channels past a whole tile, taps past a whole tile, rows shorter than a vector (the
 * transposed gradient's compact path), dilation and uneven padding; and the same bits on one thread and on
 * three.
 */
class DirectGradTest {
    // batch, channels, h, w, out channels, groups, kh, kw, sh, sw, pad top, bottom, left, right, dh, dw
    private static final ConvGeometry[] CASES = {
        new ConvGeometry(19, 3, 28, 28, 32, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), // 16 + 3 images; 27 taps
        new ConvGeometry(3, 1, 28, 28, 32, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), // the CNNs' first layer: 9 taps
        new ConvGeometry(5, 2, 10, 20, 40, 1, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1), // 40 channels: a partial panel
        new ConvGeometry(3, 4, 14, 14, 48, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), // rows of 14: the compact path
        new ConvGeometry(2, 5, 12, 28, 32, 1, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2), // dilated
        new ConvGeometry(2, 3, 9, 30, 33, 1, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1), // "valid", 33 channels
        new ConvGeometry(2, 4, 7, 24, 32, 1, 2, 2, 1, 1, 0, 1, 0, 1, 1, 1), // an even kernel's uneven padding
        new ConvGeometry(2, 3, 14, 14, 40, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), // compact, with channels one by one
        new ConvGeometry(2, 2, 12, 24, 32, 1, 3, 3, 1, 1, 4, 4, 4, 4, 1, 1), // padding past the kernel's reach
        new ConvGeometry(3, 2, 7, 7, 33, 1, 2, 2, 1, 1, 0, 0, 0, 0, 1, 1), // rows of 6: float64's compact path too
    };

    @Test
    void theGeometriesItTakes() {
        for (ConvGeometry s : CASES) {
            assertTrue(DirectGradF32.applies(s), s.toString());
            assertTrue(DirectGradF64.applies(s), s.toString());
        }
        assertFalse(DirectGradF32.applies(new ConvGeometry(2, 8, 28, 28, 32, 1, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1)), "stride 2");
        assertFalse(DirectGradF32.applies(new ConvGeometry(2, 8, 28, 28, 32, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)), "groups");
        assertFalse(DirectGradF32.applies(new ConvGeometry(2, 8, 28, 28, 16, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                "fewer output channels than a tile");
        assertFalse(DirectGradF32.applies(new ConvGeometry(2, 64, 7, 7, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                "2 of 9 grid columns dropped: im2col's");
        assertFalse(KernelTestSupport.withVector(false, () -> DirectGradF32.applies(CASES[0])), "scalar kernels");
    }

    @Test
    void theDefinitionInFloat32WithTheSameBitsOnAnyThreadCount() {
        for (ConvGeometry s : CASES) {
            WeightGrads.Data d = WeightGrads.Data.of(s, 11);
            float[] x = d.x(), g = d.g();
            double[] want = d.want();
            float[] one = KernelTestSupport.withThreads(1, () -> WeightGrads.grad(s, g, x));
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], one[i], 1e-4 * Math.max(1, Math.abs(want[i])),
                        s + " dw at " + i);
            }
            float[] three = KernelTestSupport.withThreads(3, () -> WeightGrads.grad(s, g, x));
            assertArrayEquals(one, three, s + ": 1 and 3 threads");
        }
    }

    @Test
    void theDefinitionInFloat64() {
        for (ConvGeometry s : CASES) {
            WeightGrads.matchesInFloat64(s, WeightGrads.Data.of(s, 12));
        }
    }

    /** A scratch left dirty by a larger call must not leak into a smaller one (borders, dropped columns, panels). */
    @Test
    void aSmallerCallAfterALargerOneGetsItsOwnValues() {
        WeightGrads.unaffectedByALargerCall(new ConvGeometry(4, 6, 20, 20, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), CASES[3], 13);
    }
}
