package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.randomFloats;
import static dev.nabla.kernel.KernelTestSupport.withThreads;
import static dev.nabla.kernel.KernelTestSupport.withVector;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Products with few rows and B row-major ({@link GemmSmallF32}: B read in place) give the bits of the
 * packed path (the same rows computed inside a product too tall for the small path) for every row count
 * up to the limit, odd and even, with A in either layout, beta 0, 1 and other, with and without a bias,
 * on one and two threads, and leave C's other elements alone.
 */
class GemmSmallTest {
    private static final int L = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();

    @Test
    void fewRowsGiveTheScalarTwinsBits() {
        SplittableRandom rnd = new SplittableRandom(5);
        int[] ns = {L, 3 * L, GemmTileF32.NR, GemmTileF32.NR + 2 * L, 8 * GemmTileF32.NR + L};
        int[] ks = {1, 9, GemmSimdF32.KC + 3, 300};
        for (int m = 1; m <= GemmSmallF32.MAX_ROWS; m++) {
            for (int n : ns) {
                for (int k : ks) {
                    for (boolean transA : new boolean[] {false, true}) {
                        for (float beta : new float[] {0f, 1f, 0.5f}) {
                            check(rnd, m, n, k, transA, beta, false);
                        }
                        check(rnd, m, n, k, transA, 0f, true);
                    }
                }
            }
        }
    }

    private static void check(SplittableRandom rnd, int m, int n, int k, boolean transA, float beta, boolean bias) {
        int ldc = n + 3, cOff = 2; // C inside a larger array: the elements around it must stay
        float[] a = randomFloats(rnd, m * k), b = randomFloats(rnd, k * n), bb = randomFloats(rnd, n), c0 = randomFloats(rnd, cOff + m * ldc + 5);
        float[] expected = reference(rnd, m, n, k, transA, a, b, bias ? bb : null, beta, c0, cOff, ldc);
        for (int threads : new int[] {1, 2}) {
            float[] got = withThreads(threads, () -> withVector(true, () -> {
                float[] c = Arrays.copyOf(c0, c0.length);
                multiply(transA, m, n, k, a, transA ? m : k, b, bias ? bb : null, beta, c, cOff, ldc);
                return c;
            }));
            for (int i = 0; i < got.length; i++) {
                int fi = i;
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got[i]),
                        () -> m + "x" + n + "x" + k + " transA=" + transA + " beta=" + beta + " bias=" + bias
                                + " threads=" + threads + " element " + fi + ": " + expected[fi] + " vs " + got[fi]);
            }
        }
    }

    /** The same m rows as the top of a product one row taller than the small path takes (so packed). */
    private static float[] reference(SplittableRandom rnd, int m, int n, int k, boolean transA, float[] a, float[] b,
                                     float[] bias, float beta, float[] c0, int cOff, int ldc) {
        int tall = GemmSmallF32.MAX_ROWS + 1;
        float[] at = randomFloats(rnd, tall * k), ct = randomFloats(rnd, tall * n);
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                at[transA ? p * tall + i : i * k + p] = a[transA ? p * m + i : i * k + p];
            }
            System.arraycopy(c0, cOff + i * ldc, ct, i * n, n);
        }
        withThreads(1, () -> withVector(true, () -> {
            multiply(transA, tall, n, k, at, transA ? tall : k, b, bias, beta, ct, 0, n);
            return null;
        }));
        float[] expected = Arrays.copyOf(c0, c0.length);
        for (int i = 0; i < m; i++) {
            System.arraycopy(ct, i * n, expected, cOff + i * ldc, n);
        }
        return expected;
    }

    private static void multiply(boolean transA, int m, int n, int k, float[] a, int lda, float[] b, float[] bias,
                                 float beta, float[] c, int cOff, int ldc) {
        if (bias != null) {
            GemmF32.gemmBias(transA, false, m, n, k, a, 0, lda, b, 0, n, bias, 0, c, cOff, ldc);
        } else {
            GemmF32.gemm(transA, false, m, n, k, a, 0, lda, b, 0, n, beta, c, cOff, ldc);
        }
    }
}
