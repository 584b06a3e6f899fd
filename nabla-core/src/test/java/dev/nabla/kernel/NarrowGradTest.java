package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The weight gradient of convolutions with few taps ({@link NarrowGradF32}, {@link NarrowGradF64}) through
 * {@link ConvF32#weightGrad} against the definition in double precision: the CNNs' first layer at 28×28 and
 * 14×14, three channels (three passes of nine taps), two (a pass with missing taps), a 5×5 kernel, an odd
 * number of output channels, "valid" and uneven padding, a dilation, several chunks of images; the bits do not
 * depend on the threads.
 */
class NarrowGradTest {
    // batch, channels, h, w, out channels, groups, kh, kw, sh, sw, pad top, bottom, left, right, dh, dw
    private static final ConvGeometry[] CASES = {
        new ConvGeometry(4, 1, 28, 28, 32, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(3, 1, 14, 14, 32, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(2, 3, 20, 17, 33, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(2, 2, 16, 21, 32, 1, 3, 3, 1, 1, 0, 2, 2, 1, 1, 1),
        new ConvGeometry(2, 1, 24, 24, 35, 1, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1),
        new ConvGeometry(37, 1, 12, 30, 32, 1, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1),
        new ConvGeometry(2, 1, 20, 32, 32, 1, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2)};

    @Test
    void itTakesFewTaps() {
        for (ConvGeometry s : CASES) {
            assertTrue(NarrowGradF32.applies(s), s.toString());
        }
        assertFalse(NarrowGradF32.applies(new ConvGeometry(2, 4, 28, 28, 32, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1)),
                "36 taps: the wide grid's tile is full");
        assertFalse(NarrowGradF32.applies(new ConvGeometry(2, 1, 28, 28, 32, 1, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1)), "stride 2");
    }

    @Test
    void float32AndFloat64MatchTheDefinitionWhateverTheThreads() {
        for (ConvGeometry s : CASES) {
            SplittableRandom rnd = new SplittableRandom(9);
            float[] x = randomFloats(rnd, s.batch() * s.channels() * s.plane()), w = randomFloats(rnd, s.outChannels() * s.patch());
            float[] g = randomFloats(rnd, s.batch() * s.outChannels() * s.pixels());
            double[] ref = ConvBlockTest.reference(s, x, w, new float[s.outChannels()], g)[2];
            float[] one = KernelTestSupport.withThreads(1, () -> weightGrad(s, g, x));
            float[] three = KernelTestSupport.withThreads(3, () -> weightGrad(s, g, x));
            assertArrayEquals(one, three, "1 and 3 threads: " + s);
            double[] dw64 = new double[ref.length];
            ConvF64.weightGrad(KernelTestSupport.toDouble(g), KernelTestSupport.toDouble(x), s, dw64);
            // within a bound of the sums' root mean square: a sum of thousands of terms that cancels to near zero
            // keeps the rounding of its terms' size
            double squares = 0;
            for (double r : ref) {
                squares += r * r;
            }
            double scale = Math.max(1, Math.sqrt(squares / ref.length));
            for (int i = 0; i < ref.length; i++) {
                assertEquals(ref[i], one[i], 1e-5 * scale, "float32 " + s + " at " + i);
                assertEquals(ref[i], dw64[i], 1e-12 * scale, "float64 " + s + " at " + i);
            }
        }
    }

    private static float[] weightGrad(ConvGeometry s, float[] g, float[] x) {
        float[] dw = new float[s.outChannels() * s.patch()];
        ConvF32.weightGrad(g, x, s, dw);
        return dw;
    }
}
