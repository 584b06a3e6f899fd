package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.randomFloats;
import static dev.nabla.kernel.KernelTestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

/** What the weight-gradient tests ({@link DirectGradTest}, {@link WinogradGradTest}) share. */
final class WeightGrads {
    private WeightGrads() {}

    /** Random input and output gradient for s (from the seed), and the definition's weight gradient for them. */
    record Data(float[] x, float[] g, double[] want) {
        static Data of(ConvGeometry s, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            float[] x = randomFloats(rnd, s.batch() * s.channels() * s.plane());
            float[] w = randomFloats(rnd, s.outChannels() * s.patch()), b = randomFloats(rnd, s.outChannels());
            float[] g = randomFloats(rnd, s.batch() * s.outChannels() * s.pixels());
            return new Data(x, g, ConvBlockTest.reference(s, x, w, b, g)[2]);
        }
    }

    /** {@link ConvF32#weightGrad} of s for g and x. */
    static float[] grad(ConvGeometry s, float[] g, float[] x) {
        float[] dw = new float[s.outChannels() * s.patch()];
        ConvF32.weightGrad(g, x, s, dw);
        return dw;
    }

    /** {@link ConvF64#weightGrad} on d's data equals the definition to 1e-12, on one thread and on three. */
    static void matchesInFloat64(ConvGeometry s, Data d) {
        for (int threads : new int[] {1, 3}) {
            double[] got = KernelTestSupport.withThreads(threads, () -> {
                double[] dw = new double[s.outChannels() * s.patch()];
                ConvF64.weightGrad(toDouble(d.g()), toDouble(d.x()), s, dw);
                return dw;
            });
            for (int i = 0; i < d.want().length; i++) {
                assertEquals(d.want()[i], got[i], 1e-12 * Math.max(1, Math.abs(d.want()[i])), s + " dw at " + i);
            }
        }
    }

    /** s's gradient on fresh scratch equals its gradient right after a call of the larger geometry's, on one thread. */
    static void unaffectedByALargerCall(ConvGeometry large, ConvGeometry s, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] xl = randomFloats(rnd, large.batch() * large.channels() * large.plane());
        float[] gl = randomFloats(rnd, large.batch() * large.outChannels() * large.pixels());
        float[] x = randomFloats(rnd, s.batch() * s.channels() * s.plane());
        float[] g = randomFloats(rnd, s.batch() * s.outChannels() * s.pixels());
        float[] fresh = KernelTestSupport.withThreads(1, () -> grad(s, g, x));
        float[] after = KernelTestSupport.withThreads(1, () -> {
            grad(large, gl, xl);
            return grad(s, g, x);
        });
        assertArrayEquals(fresh, after, s + " after " + large);
    }
}
