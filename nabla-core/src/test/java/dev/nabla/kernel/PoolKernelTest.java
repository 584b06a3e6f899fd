package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 2×2 stride-2 max pooling (the vector path and the branch-free scalar one) against a plain scan: the
 * same maxima and positions, the first of ties, the first NaN winning, on ReLU-like data full of ties
 * with NaNs and infinities sprinkled in, for planes narrower and wider than a vector, odd sizes too.
 */
class PoolKernelTest {

    @ParameterizedTest
    @CsvSource({"3, 2, 28, 28", "2, 3, 14, 14", "2, 2, 7, 7", "1, 2, 9, 40", "2, 1, 70, 66"})
    void twoByTwoMatchesAPlainScan(int n, int c, int h, int w) {
        SplittableRandom rnd = new SplittableRandom(h * 31L + w);
        float[] x = new float[n * c * h * w];
        for (int i = 0; i < x.length; i++) {
            double u = rnd.nextDouble();
            x[i] = u < 0.5 ? 0f : u < 0.51 ? Float.NaN : u < 0.515 ? Float.POSITIVE_INFINITY
                    : u < 0.52 ? Float.NEGATIVE_INFINITY : (float) rnd.nextDouble(-1, 1);
        }
        ConvGeometry s = ConvGeometry.pool(n, c, h, w, 2, 2, 2, 2, 0, 0, 1, 1);
        int outSize = n * c * s.pixels();
        float[] expected = new float[outSize];
        int[] expectedArg = new int[outSize];
        scan(x, s, expected, expectedArg);
        double[] x64 = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x64[i] = x[i];
        }
        for (boolean vector : new boolean[] {true, false}) {
            float[] out = new float[outSize];
            int[] arg = new int[outSize];
            double[] out64 = new double[outSize];
            int[] arg64 = new int[outSize];
            KernelTestSupport.withVector(vector, () -> {
                PoolF32.maxForward(x, s, out, arg);
                PoolF64.maxForward(x64, s, out64, arg64);
                return null;
            });
            assertArrayEquals(expected, out, "float32 maxima, vector " + vector);
            assertArrayEquals(expectedArg, arg, "float32 positions, vector " + vector);
            float[] out64f = new float[outSize];
            for (int i = 0; i < outSize; i++) {
                out64f[i] = (float) out64[i];
            }
            assertArrayEquals(expected, out64f, "float64 maxima, vector " + vector);
            assertArrayEquals(expectedArg, arg64, "float64 positions, vector " + vector);
        }
    }

    /**
     * One image on two threads is pooled by output rows: the same maxima and positions as on one thread, for
     * the 2×2 vector loop, windows inside the input (3×3, stride 2) and padded, dilated windows. The images
     * are large enough to be split (64k window visits and more; a smaller one runs on the caller).
     */
    @Test
    void oneImageSplitByRowsMatchesOneThread() {
        ConvGeometry[] cases = {ConvGeometry.pool(1, 16, 65, 70, 2, 2, 2, 2, 0, 0, 1, 1),
            ConvGeometry.pool(1, 16, 65, 70, 3, 3, 2, 2, 0, 0, 1, 1), ConvGeometry.pool(1, 16, 65, 70, 3, 3, 2, 1, 1, 1, 2, 1)};
        for (ConvGeometry s : cases) {
            SplittableRandom rnd = new SplittableRandom(9);
            float[] x = new float[s.channels() * s.plane()];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextDouble() < 0.3 ? 0f : (float) rnd.nextDouble(-1, 1);
            }
            int size = s.channels() * s.pixels();
            float[] one = new float[size], two = new float[size];
            int[] argOne = new int[size], argTwo = new int[size];
            int before = Parallel.setThreads(1);
            try {
                PoolF32.maxForward(x, s, one, argOne);
                Parallel.setThreads(2);
                PoolF32.maxForward(x, s, two, argTwo);
            } finally {
                Parallel.setThreads(before);
            }
            assertArrayEquals(one, two, s + ": maxima");
            assertArrayEquals(argOne, argTwo, s + ": positions");
        }
    }

    /** Each window in scan order: the first strictly larger value replaces, the first NaN ends it. */
    private static void scan(float[] x, ConvGeometry s, float[] out, int[] arg) {
        int h = s.height(), w = s.width(), oh = s.outH(), ow = s.outW(), o = 0;
        for (int q = 0; q < s.batch() * s.channels(); q++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, o++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int at = -1;
                    window:
                    for (int i = 0; i < 2; i++) {
                        for (int j = 0; j < 2; j++) {
                            int pos = (2 * oy + i) * w + 2 * ox + j;
                            float v = x[q * h * w + pos];
                            if (at < 0 || v > best || Float.isNaN(v)) {
                                best = v;
                                at = pos;
                                if (Float.isNaN(v)) {
                                    break window;
                                }
                            }
                        }
                    }
                    out[o] = best;
                    arg[o] = at;
                }
            }
        }
    }
}
