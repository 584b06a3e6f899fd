package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The column matrix and its adjoint against their definitions, bit for bit: geometries whose taps are one
 * contiguous run (stride 1, output as wide as the input: "same" padding, dilated, uneven, a kernel wider
 * than the padding) and others (stride 2, "valid" padding), several samples side by side, and the scratch
 * around a sample's columns left alone.
 */
class Im2colTest {
    // batch, channels, h, w, out channels, groups, kh, kw, sh, sw, pad top, bottom, left, right, dh, dw
    private static final List<ConvGeometry> CASES = List.of(
            new ConvGeometry(1, 3, 7, 7, 4, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),   // "same" 3×3
            new ConvGeometry(1, 2, 6, 5, 2, 1, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1),   // "same" 5×5
            new ConvGeometry(1, 2, 6, 6, 2, 1, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2),   // "same", dilation 2
            new ConvGeometry(1, 1, 5, 6, 1, 1, 2, 2, 1, 1, 0, 1, 0, 1, 1, 1),   // "same", even kernel
            new ConvGeometry(1, 2, 4, 3, 2, 1, 3, 5, 1, 1, 0, 0, 2, 2, 1, 1),   // rows valid, columns "same"
            new ConvGeometry(1, 1, 2, 2, 1, 1, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1),   // the kernel wider than the input
            new ConvGeometry(1, 2, 7, 7, 2, 1, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1),   // stride 2
            new ConvGeometry(1, 2, 6, 7, 2, 1, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1));  // "valid"

    @Test
    void columnsMatchTheDefinitionBitForBit() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (ConvGeometry s : CASES) {
            float[] x = randomFloats(rnd, 2 * s.channels() * s.plane());
            int k = s.patch(), p = s.pixels(), ld = 2 * p + 3;
            float[] cols = new float[k * ld + 1];
            java.util.Arrays.fill(cols, Float.NaN);
            for (int n = 0; n < 2; n++) {
                Im2colF32.im2col(x, n * s.channels() * s.plane(), s, cols, n * p, ld);
            }
            for (int r = 0; r < k; r++) {
                for (int n = 0; n < 2; n++) {
                    for (int q = 0; q < p; q++) {
                        assertEquals(definition(x, n, s, r, q), cols[r * ld + n * p + q], s + " row " + r + " sample " + n + " pixel " + q);
                    }
                }
                for (int q = 2 * p; q < ld && r * ld + q < cols.length; q++) {
                    assertEquals(Float.NaN, cols[r * ld + q], s + ": the scratch beyond the samples is untouched");
                }
            }
        }
    }

    @Test
    void anyRangeOfPixelsMatchesTheDefinitionAndWritesNothingElse() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (ConvGeometry s : CASES) {
            float[] x = randomFloats(rnd, s.channels() * s.plane());
            int k = s.patch(), p = s.pixels();
            for (int p0 = 0; p0 <= p; p0 += Math.max(1, p / 7)) {
                for (int p1 : new int[] {p0, Math.min(p, p0 + 1), (p0 + p) / 2, Math.max(p0, p - 1), p}) {
                    int width = p1 - p0, ld = width + 2;
                    float[] cols = new float[k * ld + 1];
                    java.util.Arrays.fill(cols, Float.NaN);
                    Im2colF32.im2col(x, 0, s, p0, p1, cols, 1, ld);
                    for (int r = 0; r < k; r++) {
                        for (int q = 0; q < ld; q++) {
                            float expected = q >= 1 && q <= width ? definition(x, 0, s, r, p0 + q - 1) : Float.NaN;
                            assertEquals(expected, cols[r * ld + q], s + " pixels [" + p0 + ", " + p1 + ") row " + r + " at " + q);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theAdjointAddsEachEntryWhereItCameFromInTheSameOrder() {
        SplittableRandom rnd = new SplittableRandom(6);
        for (ConvGeometry s : CASES) {
            int k = s.patch(), p = s.pixels(), plane = s.channels() * s.plane();
            float[] cols = randomFloats(rnd, k * p), start = randomFloats(rnd, plane);
            float[] dx = start.clone(), expected = start.clone();
            for (int r = 0; r < k; r++) {  // the definition: taps in order, each entry added where it came from
                for (int q = 0; q < p; q++) {
                    int at = source(s, r, q);
                    if (at >= 0) {
                        expected[at] += cols[r * p + q];
                    }
                }
            }
            Im2colF32.col2im(cols.clone(), 0, p, s, dx, 0);
            assertArrayEquals(expected, dx, s.toString());
        }
    }

    private static float definition(float[] x, int n, ConvGeometry s, int row, int q) {
        int at = source(s, row, q);
        return at < 0 ? 0f : x[n * s.channels() * s.plane() + at];
    }

    /** The input index (within one sample) under column row {@code row} at output pixel {@code q}, or -1 in the padding. */
    private static int source(ConvGeometry s, int row, int q) {
        int c = row / (s.kernelH() * s.kernelW()), i = row / s.kernelW() % s.kernelH(), j = row % s.kernelW();
        int iy = q / s.outW() * s.strideH() - s.padTop() + i * s.dilationH();
        int ix = q % s.outW() * s.strideW() - s.padLeft() + j * s.dilationW();
        boolean inside = iy >= 0 && iy < s.height() && ix >= 0 && ix < s.width();
        return inside ? c * s.plane() + iy * s.width() + ix : -1;
    }
}
