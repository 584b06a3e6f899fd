package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Convolution with several samples' columns in one product ({@link ConvF32#block}): a batch that leaves
 * a short last block, two groups, padding and stride, against a direct loop in double; the same bits on
 * one thread and on three.
 */
class ConvBlockTest {
    private static final ConvGeometry S = new ConvGeometry(21, 4, 7, 6, 6, 2, 3, 2, 1, 2, 1, 1, 0, 1, 1, 1);

    @Test
    void blocksOfSamplesMatchADirectLoopOnAnyThreadCount() {
        assertTrue(ConvF32.block(S) > 1 && S.batch() % ConvF32.block(S) != 0, "the case has several blocks, the last short");
        SplittableRandom rnd = new SplittableRandom(3);
        float[] x = random(rnd, S.batch() * S.channels() * S.plane());
        float[] w = random(rnd, S.outChannels() * S.patch());
        float[] b = random(rnd, S.outChannels());
        float[] g = random(rnd, S.batch() * S.outChannels() * S.pixels());
        float[][] one = run(1, x, w, b, g), three = run(3, x, w, b, g);
        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], three[i], "output " + i + ": the same bits on 1 and 3 threads");
        }
        double[][] ref = reference(x, w, b, g);
        for (int i = 0; i < ref.length; i++) {
            assertEquals(ref[i].length, one[i].length);
            for (int j = 0; j < ref[i].length; j++) {
                assertEquals(ref[i][j], one[i][j], 1e-4 * Math.max(1, Math.abs(ref[i][j])), "output " + i + " at " + j);
            }
        }
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
        }
        return a;
    }

    private static float[][] run(int threads, float[] x, float[] w, float[] b, float[] g) {
        return KernelTestSupport.withThreads(threads, () -> {
            float[] out = new float[g.length], dx = new float[x.length], dw = new float[w.length];
            ConvF32.forward(x, w, b, S, out);
            ConvF32.inputGrad(g, w, S, dx);
            ConvF32.weightGrad(g, x, S, dw);
            return new float[][] {out, dx, dw};
        });
    }

    /** out, dx and dw by the definition, every window position in turn. */
    private static double[][] reference(float[] x, float[] w, float[] b, float[] g) {
        double[] out = new double[g.length], dx = new double[x.length], dw = new double[w.length];
        int og = S.groupOut(), ci = S.groupIn();
        for (int n = 0; n < S.batch(); n++) {
            for (int o = 0; o < S.outChannels(); o++) {
                int grp = o / og;
                for (int oy = 0; oy < S.outH(); oy++) {
                    for (int ox = 0; ox < S.outW(); ox++) {
                        int at = ((n * S.outChannels() + o) * S.outH() + oy) * S.outW() + ox;
                        double sum = b[o];
                        for (int c = 0; c < ci; c++) {
                            for (int i = 0; i < S.kernelH(); i++) {
                                for (int j = 0; j < S.kernelW(); j++) {
                                    int iy = oy * S.strideH() - S.padTop() + i * S.dilationH();
                                    int ix = ox * S.strideW() - S.padLeft() + j * S.dilationW();
                                    if (iy < 0 || iy >= S.height() || ix < 0 || ix >= S.width()) {
                                        continue;
                                    }
                                    int xi = ((n * S.channels() + grp * ci + c) * S.height() + iy) * S.width() + ix;
                                    int wi = ((o * ci + c) * S.kernelH() + i) * S.kernelW() + j;
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
