package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * Winograd's forward pass with the channels as the vector lanes ({@link WinogradNhwcF32}, {@link WinogradNhwcF64})
 * gives the planar path's bits ({@link WinogradF32#planar}): the 14×14 and 28×28 layers of the CNNs, odd output
 * sizes (a last tile cut in half, on the right and below), no and uneven padding, channels of one, two and three
 * vectors, several blocks of tile rows, with and without a bias, every fused activation, on one thread and on
 * three. The same for the weight gradient's images ({@link WinogradNhwcGradF32} against
 * {@link WinogradGradF32#planarBlock}), from zero and over sums already there. The definitions themselves are
 * {@link WinogradTest}'s and {@link WinogradGradTest}'s to check, through {@link ConvF32}, which now takes these
 * paths where they apply.
 */
class WinogradNhwcTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();
    private static final int LD = DoubleVector.SPECIES_PREFERRED.length();

    /** batch, channels, h, w, out channels, padding top, bottom, left, right; channels in vectors of L. */
    private static final int[][] CASES = {
        {4, 2, 14, 14, 4, 1, 1, 1, 1},
        {3, 2, 28, 28, 2, 1, 1, 1, 1},
        {3, 1, 13, 11, 3, 1, 1, 1, 1},
        {2, 3, 9, 10, 1, 0, 0, 0, 0},
        {3, 1, 7, 6, 2, 0, 2, 2, 1},
        {5, 1, 3, 3, 1, 0, 0, 0, 0},
        {2, 1, 40, 19, 1, 1, 1, 1, 1}};

    private static ConvGeometry geometry(int[] c, int lanes) {
        return new ConvGeometry(c[0], c[1] * lanes, c[2], c[3], c[4] * lanes, 1, 3, 3, 1, 1, c[5], c[6], c[7], c[8], 1, 1);
    }

    @Test
    void itTakesWholeVectorsOfChannelsAndAnImageForEachThread() {
        KernelTestSupport.withThreads(2, () -> {
            assertTrue(WinogradNhwcF32.applies(new ConvGeometry(2, 2 * L, 14, 14, L, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)));
            assertFalse(WinogradNhwcF32.applies(new ConvGeometry(2, L + 1, 14, 14, L, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                    "channels not a whole number of vectors");
            assertFalse(WinogradNhwcF32.applies(new ConvGeometry(2, L, 14, 14, L / 2, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                    "output channels not a whole number of vectors");
            assertFalse(WinogradNhwcF32.applies(new ConvGeometry(1, L, 14, 14, L, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                    "fewer images than threads: the planar path splits one by tile rows");
            return null;
        });
    }

    @Test
    void float32GivesThePlanarPathsBits() {
        for (int[] c : CASES) {
            ConvGeometry s = geometry(c, L);
            for (FusedActivation act : FusedActivation.values()) {
                for (boolean withBias : new boolean[] {true, false}) {
                    SplittableRandom rnd = new SplittableRandom(act.ordinal() * 2L + (withBias ? 1 : 0));
                    float[] x = randomFloats(rnd, s.batch() * s.channels() * s.plane());
                    float[] u = WinogradF32.filter(randomFloats(rnd, s.outChannels() * s.patch()), s.outChannels(),
                            s.channels());
                    float[] b = withBias ? randomFloats(rnd, s.outChannels()) : null;
                    int size = s.batch() * s.outChannels() * s.pixels();
                    float[] planar = new float[size];
                    WinogradF32.planar(x, u, b, s, act, 0.1f, planar);
                    for (int threads : new int[] {1, 3}) {
                        float[] got = KernelTestSupport.withThreads(threads, () -> {
                            float[] out = new float[size];
                            WinogradNhwcF32.forward(x, u, b, s, act, 0.1f, out);
                            return out;
                        });
                        assertArrayEquals(planar, got, s + " " + act + (withBias ? " bias" : "") + ", " + threads + " threads");
                    }
                }
            }
        }
    }

    @Test
    void float64GivesThePlanarPathsBits() {
        for (int[] c : CASES) {
            ConvGeometry s = geometry(c, LD);
            SplittableRandom rnd = new SplittableRandom(5);
            double[] x = rnd.doubles(s.batch() * s.channels() * s.plane(), -1, 1).toArray();
            double[] u = WinogradF64.filter(rnd.doubles(s.outChannels() * s.patch(), -1, 1).toArray(), s.outChannels(),
                    s.channels());
            double[] b = rnd.doubles(s.outChannels(), -1, 1).toArray();
            int size = s.batch() * s.outChannels() * s.pixels();
            double[] planar = new double[size], got = new double[size];
            WinogradF64.planar(x, u, b, s, FusedActivation.RELU, 0, planar);
            WinogradNhwcF64.forward(x, u, b, s, FusedActivation.RELU, 0, got);
            assertArrayEquals(planar, got, s.toString());
        }
    }

    /** Geometries whose padded rows fit a vector, as the planar weight gradient needs (its transforms read rows in place). */
    private static final int[][] GRAD_CASES = {
        {5, 2, 14, 14, 4, 1, 1, 1, 1},
        {3, 3, 13, 11, 2, 1, 1, 1, 1},
        {4, 2, 9, 10, 3, 0, 0, 0, 0},
        {3, 1, 7, 6, 1, 0, 2, 2, 1},
        {2, 4, 3, 3, 4, 0, 0, 0, 0}};

    @Test
    void theWeightGradientsImagesGiveThePlanarPathsBits() {
        for (int[] c : GRAD_CASES) {
            ConvGeometry s = geometry(c, L);
            WinogradF32.Tiling t = new WinogradF32.Tiling(s);
            assertTrue(WinogradF32.paired(t), s.toString());
            SplittableRandom rnd = new SplittableRandom(3);
            float[] x = randomFloats(rnd, s.batch() * s.channels() * s.plane());
            float[] g = randomFloats(rnd, s.batch() * s.outChannels() * s.pixels());
            float[] start = randomFloats(rnd, 16 * s.outChannels() * s.channels() + 5);
            for (float beta : new float[] {0f, 1f}) {
                // images 1 .. batch − 1 into dU from offset 5, over sums already there (beta 1) or not (beta 0)
                float[] planar = start.clone(), nhwc = start.clone();
                WinogradGradF32.planarBlock(g, x, s, t, 1, s.batch() - 1, beta, planar, 5);
                WinogradNhwcGradF32.block(g, x, s, t, 1, s.batch() - 1, beta, nhwc, 5);
                assertArrayEquals(planar, nhwc, s + " beta " + beta);
            }
        }
    }
}
