package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * Winograd's F(4×4, 3×3) ({@link Winograd4F32}, {@link Winograd4F64}) through {@link ConvF32#forward} and
 * {@link ConvF32#inputGrad} against the definition in double precision: the CNNs' 14×14 and 28×28 layers, odd
 * output sizes (last tiles of one, two and three pixels, on the right and below), no and uneven padding, an output
 * of one pixel, several blocks of tile rows, output channels of two vectors (the twelve-row tiles) and of three
 * and four (the packed panels). Every fused activation gives the activation of the plain output to the bit, and
 * the bits do not depend on the threads, on a kept kernel or, through one, on an image's company in the batch.
 */
class Winograd4Test {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();
    private static final int LD = DoubleVector.SPECIES_PREFERRED.length();

    /** batch, channels, h, w, out channels, padding top, bottom, left, right; channels in vectors. */
    private static final int[][] CASES = {
        {3, 4, 14, 14, 4, 1, 1, 1, 1},
        {2, 2, 28, 28, 2, 1, 1, 1, 1},
        {3, 2, 13, 11, 3, 1, 1, 1, 1},
        {2, 3, 9, 10, 2, 0, 0, 0, 0},
        {3, 2, 7, 6, 2, 0, 2, 2, 1},
        {2, 2, 3, 3, 2, 0, 0, 0, 0},
        {2, 2, 40, 19, 4, 1, 1, 1, 1}};

    private static ConvGeometry geometry(int[] c, int lanes) {
        return new ConvGeometry(c[0], c[1] * lanes, c[2], c[3], c[4] * lanes, 1, 3, 3, 1, 1, c[5], c[6], c[7], c[8], 1, 1);
    }

    @Test
    void itTakesTwoVectorsOfChannelsOrMoreEachSide() {
        assertTrue(WinogradF32.fourByFour(new ConvGeometry(2, 2 * L, 14, 14, 2 * L, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)));
        assertFalse(WinogradF32.fourByFour(new ConvGeometry(2, L, 14, 14, 2 * L, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                "one vector of channels: the wide grid");
        assertFalse(WinogradF32.fourByFour(new ConvGeometry(2, 2 * L + 1, 14, 14, 2 * L, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                "channels not whole vectors");
        ConvGeometry single = new ConvGeometry(1, 2 * L, 14, 14, 2 * L, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1);
        assertFalse(WinogradF32.fourByFour(single), "a single image: im2col, unless its kernel is kept");
        assertTrue(ConvF32.winograd4(single), "with its kernel kept: the bits it gets in a batch");
        assertFalse(ConvF32.winograd(new ConvGeometry(2, 2 * L, 14, 14, 2 * L, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                "no F(2×2, 3×3) kernel is cached for it");
    }

    /**
     * The batch through a kept kernel ({@link ConvF32#winograd4Kernel}: row-major for two vectors of output
     * channels, packed panels for three and four), and each of its images alone through it, give the batch's bits.
     */
    @Test
    void anImageAloneAndAKeptKernelGiveTheBatchsBits() {
        for (int[] c : CASES) {
            ConvGeometry s = geometry(c, L);
            SplittableRandom rnd = new SplittableRandom(6);
            float[] x = randomFloats(rnd, s.batch() * s.channels() * s.plane()), w = randomFloats(rnd, s.outChannels() * s.patch());
            float[] b = randomFloats(rnd, s.outChannels());
            int inImage = s.channels() * s.plane(), outImage = s.outChannels() * s.pixels();
            float[] batch = new float[s.batch() * outImage], kept = new float[batch.length];
            ConvF32.forward(x, w, b, s, FusedActivation.RELU, 0f, batch);
            ConvF32.Winograd4Kernel kernel = ConvF32.winograd4Kernel(w, s.outChannels(), s.channels());
            for (int threads : new int[] {1, 3}) {
                KernelTestSupport.withThreads(threads, () -> {
                    ConvF32.forward(x, kernel, b, s, FusedActivation.RELU, 0f, kept);
                    return null;
                });
                assertArrayEquals(batch, kept, "kept kernel, " + threads + " threads: " + s);
            }
            ConvGeometry one = new ConvGeometry(1, s.channels(), s.height(), s.width(), s.outChannels(), 1, 3, 3, 1, 1,
                    s.padTop(), s.padBottom(), s.padLeft(), s.padRight(), 1, 1);
            for (int n = 0; n < s.batch(); n++) {
                float[] alone = new float[outImage];
                ConvF32.forward(java.util.Arrays.copyOfRange(x, n * inImage, (n + 1) * inImage), kernel, b, one,
                        FusedActivation.RELU, 0f, alone);
                assertArrayEquals(java.util.Arrays.copyOfRange(batch, n * outImage, (n + 1) * outImage), alone,
                        "image " + n + " alone: " + s);
            }
        }
    }

    /** The same in float64 ({@link ConvF64#winograd4Kernel}: its vectors half as wide, so other tile layouts). */
    @Test
    void float64AKeptKernelGivesTheBatchsBits() {
        for (int[] c : CASES) {
            ConvGeometry s = geometry(c, LD);
            SplittableRandom rnd = new SplittableRandom(7);
            double[] x = KernelTestSupport.toDouble(randomFloats(rnd, s.batch() * s.channels() * s.plane()));
            double[] w = KernelTestSupport.toDouble(randomFloats(rnd, s.outChannels() * s.patch()));
            double[] b = KernelTestSupport.toDouble(randomFloats(rnd, s.outChannels()));
            int inImage = s.channels() * s.plane(), outImage = s.outChannels() * s.pixels();
            double[] batch = new double[s.batch() * outImage], kept = new double[batch.length];
            ConvF64.forward(x, w, b, s, FusedActivation.RELU, 0d, batch);
            ConvF64.Winograd4Kernel kernel = ConvF64.winograd4Kernel(w, s.outChannels(), s.channels());
            ConvF64.forward(x, kernel, b, s, FusedActivation.RELU, 0d, kept);
            assertArrayEquals(batch, kept, "kept kernel: " + s);
            ConvGeometry one = new ConvGeometry(1, s.channels(), s.height(), s.width(), s.outChannels(), 1, 3, 3, 1, 1,
                    s.padTop(), s.padBottom(), s.padLeft(), s.padRight(), 1, 1);
            double[] alone = new double[outImage];
            ConvF64.forward(java.util.Arrays.copyOfRange(x, 0, inImage), kernel, b, one, FusedActivation.RELU, 0d, alone);
            assertArrayEquals(java.util.Arrays.copyOfRange(batch, 0, outImage), alone, "the first image alone: " + s);
        }
    }

    @Test
    void float32MatchesTheDefinition() {
        for (int[] c : CASES) {
            ConvGeometry s = geometry(c, L);
            assertTrue(WinogradF32.fourByFour(s), s.toString());
            SplittableRandom rnd = new SplittableRandom(3);
            float[] x = randomFloats(rnd, s.batch() * s.channels() * s.plane()), w = randomFloats(rnd, s.outChannels() * s.patch());
            float[] b = randomFloats(rnd, s.outChannels()), g = randomFloats(rnd, s.batch() * s.outChannels() * s.pixels());
            double[][] ref = ConvBlockTest.reference(s, x, w, b, g);
            float[] out = new float[g.length], dx = new float[x.length];
            ConvF32.forward(x, w, b, s, out);
            ConvF32.inputGrad(g, w, s, dx);
            float[] dw = new float[w.length];
            ConvF32.weightGrad(g, x, s, dw);
            close(ref[0], KernelTestSupport.toDouble(out), 5e-5, "forward " + s);
            close(ref[1], KernelTestSupport.toDouble(dx), 5e-5, "input gradient " + s);
            close(ref[2], KernelTestSupport.toDouble(dw), 5e-5, "weight gradient " + s);
        }
    }

    @Test
    void float64MatchesTheDefinition() {
        for (int[] c : CASES) {
            ConvGeometry s = geometry(c, LD);
            assertTrue(WinogradF64.fourByFour(s), s.toString());
            SplittableRandom rnd = new SplittableRandom(4);
            float[] x = randomFloats(rnd, s.batch() * s.channels() * s.plane()), w = randomFloats(rnd, s.outChannels() * s.patch());
            float[] b = randomFloats(rnd, s.outChannels()), g = randomFloats(rnd, s.batch() * s.outChannels() * s.pixels());
            double[][] ref = ConvBlockTest.reference(s, x, w, b, g);
            double[] out = new double[g.length], dx = new double[x.length];
            ConvF64.forward(KernelTestSupport.toDouble(x), KernelTestSupport.toDouble(w), KernelTestSupport.toDouble(b), s, out);
            ConvF64.inputGrad(KernelTestSupport.toDouble(g), KernelTestSupport.toDouble(w), s, dx);
            double[] dw = new double[w.length];
            ConvF64.weightGrad(KernelTestSupport.toDouble(g), KernelTestSupport.toDouble(x), s, dw);
            close(ref[0], out, 1e-13, "float64 forward " + s);
            close(ref[1], dx, 1e-13, "float64 input gradient " + s);
            close(ref[2], dw, 1e-13, "float64 weight gradient " + s);
        }
    }

    @Test
    void aFusedActivationIsTheActivationOfThePlainOutputAndTheThreadsChangeNoBit() {
        for (int[] c : CASES) {
            ConvGeometry s = geometry(c, L);
            SplittableRandom rnd = new SplittableRandom(5);
            float[] x = randomFloats(rnd, s.batch() * s.channels() * s.plane()), w = randomFloats(rnd, s.outChannels() * s.patch());
            float[] b = randomFloats(rnd, s.outChannels());
            int size = s.batch() * s.outChannels() * s.pixels();
            float[] plain = new float[size];
            ConvF32.forward(x, w, b, s, plain);
            for (FusedActivation act : FusedActivation.values()) {
                float[] expected = plain.clone();
                act.applyRow(expected, 0, null, size, 0.1f);
                for (int threads : new int[] {1, 3}) {
                    float[] got = KernelTestSupport.withThreads(threads, () -> {
                        float[] out = new float[size];
                        ConvF32.forward(x, w, b, s, act, 0.1f, out);
                        return out;
                    });
                    assertArrayEquals(expected, got, s + " " + act + ", " + threads + " threads");
                }
            }
        }
    }

    /**
     * Each element within tol of the output's root mean square (at least 1): F(4×4, 3×3)'s rounding grows with
     * the sums' size rather than with each element's (about 5·10⁻⁶ of it in float32 here, a few times the
     * direct sum's), so an output near zero gets no tighter bound than its neighbours.
     */
    private static void close(double[] ref, double[] got, double tol, String what) {
        assertEquals(ref.length, got.length, what);
        double squares = 0;
        for (double r : ref) {
            squares += r * r;
        }
        double scale = Math.max(1, Math.sqrt(squares / ref.length)), worst = 0;
        for (int i = 0; i < ref.length; i++) {
            worst = Math.max(worst, Math.abs(ref[i] - got[i]) / scale);
            assertEquals(ref[i], got[i], tol * scale, what + " at " + i);
        }
        System.out.println("Winograd4Test " + what + ": worst error " + worst + " of the root mean square");
    }
}
