package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Convolution with several samples' columns in one product ({@link ConvF32#block}): a batch that leaves
 * a short last block, two groups, padding and stride, against a direct loop in double; the same bits on
 * one thread and on three. And a batch too small to share among the threads, whose forward is split by
 * output pixels on three threads: the same bits as the product over all pixels on one.
 */
class ConvBlockTest {
    private static final ConvGeometry BLOCKS = new ConvGeometry(21, 4, 7, 6, 6, 2, 3, 2, 1, 2, 1, 1, 0, 1, 1, 1);
    private static final ConvGeometry FEW = new ConvGeometry(2, 4, 9, 8, 6, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1);

    @Test
    void blocksOfSamplesMatchADirectLoopOnAnyThreadCount() {
        assertTrue(ConvF32.block(BLOCKS) > 1 && BLOCKS.batch() % ConvF32.block(BLOCKS) != 0,
                "the case has several blocks, the last short");
        check(BLOCKS);
    }

    @Test
    void aSampleSplitByPixelsGivesTheSameBitsAsOneProduct() {
        assertTrue(FEW.batch() <= ConvF32.block(FEW) && FEW.pixels() >= 2 * ConvF32.PIXEL_SHARE + 1,
                "one block, several pixel shares (the last short)");
        check(FEW);
        // forward() splits one image only from PIXEL_SPLIT_MIN multiply-adds; the split itself, called directly
        assertTrue((long) FEW.groupOut() * FEW.patch() * FEW.pixels() < ConvF32.PIXEL_SPLIT_MIN, "a small image");
        SplittableRandom rnd = new SplittableRandom(5);
        float[] x = randomFloats(rnd, FEW.batch() * FEW.channels() * FEW.plane());
        float[] w = randomFloats(rnd, FEW.outChannels() * FEW.patch()), b = randomFloats(rnd, FEW.outChannels());
        int size = FEW.batch() * FEW.outChannels() * FEW.pixels();
        float[] one = KernelTestSupport.withThreads(1, () -> {
            float[] out = new float[size];
            ConvF32.forward(x, w, b, FEW, out);
            return out;
        });
        float[] split = KernelTestSupport.withThreads(3, () -> {
            float[] out = new float[size];
            ConvF32.forwardByPixels(x, w, b, FEW, FusedActivation.IDENTITY, 0f, out);
            return out;
        });
        assertArrayEquals(one, split, "split by pixels on three threads: the bits of the one product");
    }

    /**
     * Stride 1: the input gradient is the forward convolution of g with the turned kernel ({@link ConvF32#dual}):
     * dilated, with an even kernel's uneven padding, 'valid', grouped, a 5×5 kernel wider than its padding.
     */
    @Test
    void theInputGradientAsADualConvolutionMatchesTheDefinition() {
        // batch, channels, h, w, out channels, groups, kh, kw, sh, sw, pad top, bottom, left, right, dh, dw
        ConvGeometry[] cases = {
            new ConvGeometry(3, 3, 7, 6, 3, 1, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2),
            new ConvGeometry(3, 4, 5, 6, 4, 2, 2, 2, 1, 1, 0, 1, 0, 1, 1, 1),
            new ConvGeometry(2, 3, 6, 7, 2, 1, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1),
            new ConvGeometry(2, 2, 6, 5, 2, 1, 5, 5, 1, 1, 1, 2, 2, 1, 1, 1)};
        for (ConvGeometry c : cases) {
            ConvGeometry d = ConvF32.dual(c);
            assertTrue(d != null && d.outH() == c.height() && d.outW() == c.width(), c + " has a dual of the input's size");
            check(c);
        }
        assertEquals(null, ConvF32.dual(BLOCKS), "stride 2 has no dual: the adjoint of im2col computes it");
        assertEquals(null, ConvF32.dual(new ConvGeometry(1, 2, 6, 6, 4, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                "more outputs than inputs: the adjoint's column matrix is the smaller one");
    }

    private static void check(ConvGeometry s) {
        SplittableRandom rnd = new SplittableRandom(3);
        float[] x = randomFloats(rnd, s.batch() * s.channels() * s.plane());
        float[] w = randomFloats(rnd, s.outChannels() * s.patch());
        float[] b = randomFloats(rnd, s.outChannels());
        float[] g = randomFloats(rnd, s.batch() * s.outChannels() * s.pixels());
        float[][] one = run(s, 1, x, w, b, g), three = run(s, 3, x, w, b, g);

        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], three[i], "output " + i + ": the same bits on 1 and 3 threads");
        }
        double[][] ref = reference(s, x, w, b, g);
        for (int i = 0; i < ref.length; i++) {
            assertEquals(ref[i].length, one[i].length);
            for (int j = 0; j < ref[i].length; j++) {
                assertEquals(ref[i][j], one[i][j], 1e-4 * Math.max(1, Math.abs(ref[i][j])), "output " + i + " at " + j);
            }
        }
    }

    private static float[][] run(ConvGeometry s, int threads, float[] x, float[] w, float[] b, float[] g) {
        return KernelTestSupport.withThreads(threads, () -> {
            float[] out = new float[g.length], dx = new float[x.length], dw = new float[w.length];
            ConvF32.forward(x, w, b, s, out);
            ConvF32.inputGrad(g, w, s, dx);
            ConvF32.weightGrad(g, x, s, dw);
            return new float[][] {out, dx, dw};
        });
    }

    /** out, dx and dw by the definition, every window position in turn. */
    static double[][] reference(ConvGeometry s, float[] x, float[] w, float[] b, float[] g) {
        double[] out = new double[g.length], dx = new double[x.length], dw = new double[w.length];
        int og = s.groupOut(), ci = s.groupIn();
        for (int n = 0; n < s.batch(); n++) {
            for (int o = 0; o < s.outChannels(); o++) {
                int grp = o / og;
                for (int oy = 0; oy < s.outH(); oy++) {
                    for (int ox = 0; ox < s.outW(); ox++) {
                        int at = ((n * s.outChannels() + o) * s.outH() + oy) * s.outW() + ox;
                        double sum = b[o];
                        for (int c = 0; c < ci; c++) {
                            for (int i = 0; i < s.kernelH(); i++) {
                                for (int j = 0; j < s.kernelW(); j++) {
                                    int iy = oy * s.strideH() - s.padTop() + i * s.dilationH();
                                    int ix = ox * s.strideW() - s.padLeft() + j * s.dilationW();
                                    if (iy < 0 || iy >= s.height() || ix < 0 || ix >= s.width()) {
                                        continue;
                                    }
                                    int xi = ((n * s.channels() + grp * ci + c) * s.height() + iy) * s.width() + ix;
                                    int wi = ((o * ci + c) * s.kernelH() + i) * s.kernelW() + j;
                                    sum += (double) w[wi] * x[xi];
                                    dx[xi] += (double) w[wi] * g[at];
                                    dw[wi] += (double) x[xi] * g[at];
                                }
                            }
                        }
                        out[at] = sum;
                    }
                }
            }
        }
        return new double[][] {out, dx, dw};
    }
}
