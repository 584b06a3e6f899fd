package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * Winograd's F(2×2, 3×3) convolutions ({@link WinogradF32}) against the definition, in both precisions and
 * with the vector loops and without: odd and even output sizes (a last tile cut in half), no, uneven and wide
 * padding, an output of one pixel, several blocks of images the last one short, a pair of images split by tile rows,
 * rows of 7 tiles (14×14), whose tile rows go through the transforms two to a vector, an odd one last, and
 * input rows of 32 and 40 columns (split into even and odd columns a pair of whole vectors at a time).
 * The bits do not depend on the threads, nor on which other images share an image's products.
 */
class WinogradTest {
    // batch, channels, h, w, out channels, groups, kh, kw, sh, sw, pad top, bottom, left, right, dh, dw
    private static final ConvGeometry[] CASES = {
        new ConvGeometry(2, 8, 28, 28, 8, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(3, 9, 7, 6, 10, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(2, 8, 8, 9, 8, 1, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1),
        new ConvGeometry(2, 8, 6, 5, 9, 1, 3, 3, 1, 1, 0, 2, 2, 1, 1, 1),
        new ConvGeometry(2, 8, 3, 3, 8, 1, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1),
        new ConvGeometry(37, 8, 5, 5, 8, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(2, 12, 30, 17, 8, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(3, 8, 14, 14, 9, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(2, 8, 5, 40, 8, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(2, 8, 4, 32, 8, 1, 3, 3, 1, 1, 0, 0, 1, 0, 1, 1)};

    @Test
    void theGeometriesItTakes() {
        for (ConvGeometry s : CASES) {
            assertTrue(WinogradF32.applies(s), s.toString());
        }
        assertFalse(WinogradF32.applies(new ConvGeometry(2, 1, 28, 28, 32, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                "one input channel: im2col");
        assertFalse(WinogradF32.applies(new ConvGeometry(1, 8, 28, 28, 8, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                "a single image: im2col");
        assertFalse(WinogradF32.applies(new ConvGeometry(2, 8, 9, 9, 8, 1, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1)), "stride 2");
        assertFalse(WinogradF32.applies(new ConvGeometry(2, 8, 9, 9, 8, 1, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2)), "dilation 2");
        assertFalse(WinogradF32.applies(new ConvGeometry(2, 8, 9, 9, 8, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)), "groups");
        assertFalse(WinogradF32.applies(new ConvGeometry(2, 8, 9, 9, 8, 1, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1)), "5×5");
        assertTrue(37 > Math.clamp(WinogradF32.TILES / 9, 1, ConvF32.CHUNK), "the 5×5 case has several blocks");
    }

    @Test
    void forwardAndInputGradientMatchTheDefinitionInFloat32() {
        for (boolean vector : new boolean[] {true, false}) {
            for (ConvGeometry s : CASES) {
                SplittableRandom rnd = new SplittableRandom(7);
                float[] x = randomFloats(rnd, s.batch() * s.channels() * s.plane()), w = randomFloats(rnd, s.outChannels() * s.patch());
                float[] b = randomFloats(rnd, s.outChannels()), g = randomFloats(rnd, s.batch() * s.outChannels() * s.pixels());
                double[][] ref = ConvBlockTest.reference(s, x, w, b, g);
                float[][] got = KernelTestSupport.withVector(vector, () -> {
                    float[] out = new float[g.length], dx = new float[x.length];
                    ConvF32.forward(x, w, b, s, out);
                    ConvF32.inputGrad(g, w, s, dx);
                    return new float[][] {out, dx};
                });
                String what = s + (vector ? " vector" : " scalar");
                close(ref[0], KernelTestSupport.toDouble(got[0]), 1e-5, "forward " + what);
                close(ref[1], KernelTestSupport.toDouble(got[1]), 1e-5, "input gradient " + what);
            }
        }
    }

    @Test
    void forwardMatchesTheDefinitionInFloat64WithAFusedActivation() {
        for (ConvGeometry s : CASES) {
            SplittableRandom rnd = new SplittableRandom(11);
            float[] x = randomFloats(rnd, s.batch() * s.channels() * s.plane()), w = randomFloats(rnd, s.outChannels() * s.patch());
            float[] b = randomFloats(rnd, s.outChannels()), g = new float[s.batch() * s.outChannels() * s.pixels()];
            double[] ref = ConvBlockTest.reference(s, x, w, b, g)[0];
            double[] out = new double[ref.length];
            ConvF64.forward(KernelTestSupport.toDouble(x), KernelTestSupport.toDouble(w), KernelTestSupport.toDouble(b),
                    s, FusedActivation.RELU, 0, out);
            close(Arrays.stream(ref).map(v -> Math.max(v, 0)).toArray(), out, 1e-13, "float64 relu " + s);
        }
    }

    @Test
    void theBitsDoNotDependOnTheThreadsNorOnTheOtherImages() {
        for (ConvGeometry s : CASES) {
            SplittableRandom rnd = new SplittableRandom(5);
            float[] x = randomFloats(rnd, s.batch() * s.channels() * s.plane()), w = randomFloats(rnd, s.outChannels() * s.patch());
            float[] b = randomFloats(rnd, s.outChannels());
            float[] one = forward(s, 1, x, w, b), three = forward(s, 3, x, w, b);
            assertArrayEquals(one, three, "1 and 3 threads: " + s);
            // the last image twice: one block, split by tile rows on three threads, against its share of the batch's
            ConvGeometry pair = new ConvGeometry(2, s.channels(), s.height(), s.width(), s.outChannels(), 1, 3, 3, 1, 1,
                    s.padTop(), s.padBottom(), s.padLeft(), s.padRight(), 1, 1);
            int in = s.channels() * s.plane(), outSize = s.outChannels() * s.pixels();
            float[] last = Arrays.copyOfRange(x, (s.batch() - 1) * in, s.batch() * in), twice = new float[2 * in];
            System.arraycopy(last, 0, twice, 0, in);
            System.arraycopy(last, 0, twice, in, in);
            float[] expected = Arrays.copyOfRange(one, (s.batch() - 1) * outSize, s.batch() * outSize);
            float[] got = forward(pair, 3, twice, w, b);
            assertArrayEquals(expected, Arrays.copyOfRange(got, 0, outSize), "the image in a pair on three threads: " + s);
            assertArrayEquals(expected, Arrays.copyOfRange(got, outSize, 2 * outSize), "and again: " + s);
        }
    }

    @Test
    void inputRowsLoadedInPlaceGiveTheDeinterleavedRowsBits() {
        int checked = 0;
        for (ConvGeometry s : CASES) {
            WinogradF32.Tiling t = new WinogradF32.Tiling(s);
            if (!WinogradF32.paired(t)) {
                continue;
            }
            checked++;
            float[] x = randomFloats(new SplittableRandom(11), s.batch() * s.channels() * s.plane());
            // the whole batch; then the last image's tile rows from the second on (a thread's share of one image)
            int[][] ranges = {{0, s.batch(), 0, t.rows()}, {s.batch() - 1, 1, Math.min(1, t.rows() - 1), t.rows()}};
            for (int[] r : ranges) {
                int tiles = r[1] * (r[3] - r[2]) * t.cols(), ld = tiles + WinogradF32.SLACK;
                int vStride = WinogradF32.apart(s.channels() * ld);
                float[] inPlace = new float[16 * vStride], planes = new float[16 * vStride];
                Arrays.fill(inPlace, Float.NaN);
                WinogradF32.transformInput(x, s, t, r[0], r[1], r[2], r[3], inPlace, vStride, ld, true);
                WinogradF32.transformInput(x, s, t, r[0], r[1], r[2], r[3], planes, vStride, ld, false);
                for (int xi = 0; xi < 16; xi++) {
                    for (int ch = 0; ch < s.channels(); ch++) {
                        int at = xi * vStride + ch * ld;
                        assertArrayEquals(Arrays.copyOfRange(planes, at, at + tiles), Arrays.copyOfRange(inPlace, at, at + tiles),
                                "V_" + xi + ", channel " + ch + ", images and tile rows " + Arrays.toString(r) + ": " + s);
                    }
                }
            }
        }
        long fit = Arrays.stream(CASES).filter(s -> (s.outW() + 1) / 2 + 1 <= FloatVector.SPECIES_PREFERRED.length() / 2).count();
        assertEquals(fit, checked, "geometries with rows that fit a vector");
        assertTrue(checked >= 4, "geometries with rows that fit a vector: " + checked);
    }

    private static float[] forward(ConvGeometry s, int threads, float[] x, float[] w, float[] b) {
        return KernelTestSupport.withThreads(threads, () -> {
            float[] out = new float[s.batch() * s.outChannels() * s.pixels()];
            ConvF32.forward(x, w, b, s, out);
            return out;
        });
    }

    /** |got − ref| within tol times the larger of 1 and |ref|, everywhere. */
    private static void close(double[] ref, double[] got, double tol, String what) {
        assertEquals(ref.length, got.length, what);
        for (int i = 0; i < ref.length; i++) {
            assertEquals(ref[i], got[i], tol * Math.max(1, Math.abs(ref[i])), what + " at " + i);
        }
    }
}
