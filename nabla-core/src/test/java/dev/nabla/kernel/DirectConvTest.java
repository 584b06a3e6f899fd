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
 * The wide-grid convolution ({@link DirectConvF32}): the geometries it takes; the bits of im2col's products
 * (its sums are theirs, in their order) in float32 and float64, with each fused activation, on one thread and
 * on three (whole images; fewer images than threads go to im2col's split by pixels); and the input gradient
 * through it (the dual convolution) against the definition.
 */
class DirectConvTest {
    // batch, channels, h, w, out channels, groups, kh, kw, sh, sw, pad top, bottom, left, right, dh, dw
    private static final ConvGeometry[] CASES = {
        new ConvGeometry(3, 3, 28, 28, 10, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), // "same"; 10 channels: a partial tile
        new ConvGeometry(1, 3, 28, 28, 32, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), // an RGB first layer, one image
        new ConvGeometry(2, 2, 9, 40, 8, 1, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1),
        new ConvGeometry(2, 3, 10, 32, 9, 1, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2), // dilated
        new ConvGeometry(2, 2, 8, 30, 16, 1, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1), // "valid"
        new ConvGeometry(3, 4, 7, 24, 8, 1, 2, 2, 1, 1, 0, 1, 0, 1, 1, 1), // an even kernel's uneven padding
    };
    private static final FusedActivation[] ACTS = {FusedActivation.IDENTITY, FusedActivation.RELU, FusedActivation.TANH};

    @Test
    void theGeometriesItTakes() {
        for (ConvGeometry s : CASES) {
            assertTrue(DirectConvF32.applies(s), s.toString());
            assertFalse(ConvF32.winograd(s), "no Winograd filter is cached for " + s);
        }
        ConvGeometry narrow = new ConvGeometry(8, 32, 14, 14, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1);
        assertFalse(DirectConvF32.applies(narrow), "2 of 16 grid columns dropped: Winograd's");
        assertTrue(WinogradF32.fourByFour(narrow), "two vectors of channels or more: F(4×4, 3×3)");
        assertFalse(ConvF32.winograd(narrow), "which transforms its kernel itself (no F(2×2) filter cached)");
        ConvGeometry wide = new ConvGeometry(8, 64, 28, 28, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1);
        assertFalse(DirectConvF32.applies(wide), "64 → 64 channels: Winograd's products are the faster");
        assertTrue(WinogradF32.fourByFour(wide));
        assertFalse(DirectConvF32.applies(new ConvGeometry(1, 64, 28, 28, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                "64 → 64 channels, one image (no Winograd there): past the channel pairs the grid takes");
        assertFalse(DirectConvF32.applies(new ConvGeometry(2, 3, 28, 28, 8, 1, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1)), "stride 2");
        assertFalse(DirectConvF32.applies(new ConvGeometry(2, 4, 28, 28, 8, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)), "groups");
        assertFalse(DirectConvF32.applies(new ConvGeometry(2, 3, 28, 28, 4, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                "fewer output channels than a tile");
        assertFalse(DirectConvF32.applies(new ConvGeometry(2, 1, 28, 28, 32, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                "one input channel, 9 taps: im2col's");
        assertFalse(KernelTestSupport.withVector(false, () -> DirectConvF32.applies(CASES[0])), "scalar kernels");
    }

    @Test
    void theBitsOfIm2colsProductsInFloat32OnAnyThreadCount() {
        for (ConvGeometry s : CASES) {
            SplittableRandom rnd = new SplittableRandom(7);
            float[] x = randomFloats(rnd, s.batch() * s.channels() * s.plane());
            float[] w = randomFloats(rnd, s.outChannels() * s.patch()), b = randomFloats(rnd, s.outChannels());
            int size = s.batch() * s.outChannels() * s.pixels();
            for (FusedActivation act : ACTS) {
                for (float[] bias : new float[][] {b, null}) {
                    float[] want = KernelTestSupport.withThreads(1, () -> {
                        float[] out = new float[size];
                        ConvF32.forwardIm2col(x, w, bias, s, act, 0f, out);
                        return out;
                    });
                    for (int threads : new int[] {1, 3}) {
                        float[] got = KernelTestSupport.withThreads(threads, () -> {
                            float[] out = new float[size];
                            ConvF32.forward(x, w, null, bias, s, act, 0f, out);
                            return out;
                        });
                        assertArrayEquals(want, got, s + " " + act + (bias == null ? "" : " with a bias") + ", "
                                + threads + " threads");
                    }
                }
            }
        }
    }

    @Test
    void theBitsOfIm2colsProductsInFloat64() {
        for (ConvGeometry s : CASES) {
            SplittableRandom rnd = new SplittableRandom(8);
            double[] x = toDouble(randomFloats(rnd, s.batch() * s.channels() * s.plane()));
            double[] w = toDouble(randomFloats(rnd, s.outChannels() * s.patch()));
            double[] b = toDouble(randomFloats(rnd, s.outChannels()));
            int size = s.batch() * s.outChannels() * s.pixels();
            assertTrue(DirectConvF64.applies(s));
            for (int threads : new int[] {1, 3}) {
                double[] want = new double[size], got = new double[size];
                KernelTestSupport.withThreads(threads, () -> {
                    ConvF64.forwardIm2col(x, w, b, s, FusedActivation.RELU, 0d, want);
                    ConvF64.forward(x, w, null, b, s, FusedActivation.RELU, 0d, got);
                    return null;
                });
                assertArrayEquals(want, got, s + ", " + threads + " threads");
            }
        }
    }

    /** Stride 1 with as many outputs as inputs or fewer: the input gradient is the dual's forward, here direct. */
    @Test
    void theInputGradientThroughTheDualMatchesTheDefinition() {
        ConvGeometry[] cases = {
            new ConvGeometry(2, 8, 6, 28, 8, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
            new ConvGeometry(2, 9, 5, 32, 3, 1, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2)};
        for (ConvGeometry s : cases) {
            ConvGeometry d = ConvF32.dual(s);
            assertTrue(d != null && DirectConvF32.applies(d), s + ": its dual runs direct");
            SplittableRandom rnd = new SplittableRandom(9);
            float[] x = randomFloats(rnd, s.batch() * s.channels() * s.plane());
            float[] w = randomFloats(rnd, s.outChannels() * s.patch()), b = randomFloats(rnd, s.outChannels());
            float[] g = randomFloats(rnd, s.batch() * s.outChannels() * s.pixels());
            float[] dx = new float[x.length];
            ConvF32.inputGrad(g, w, s, dx);
            double[] ref = ConvBlockTest.reference(s, x, w, b, g)[1];
            for (int i = 0; i < ref.length; i++) {
                assertEquals(ref[i], dx[i], 1e-4 * Math.max(1, Math.abs(ref[i])), s + " dx at " + i);
            }
        }
    }
}
