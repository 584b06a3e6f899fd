package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.randomFloats;
import static dev.nabla.kernel.KernelTestSupport.withThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code gemmInPlace}, B's rows read where they lie: the same bits as {@code gemm}, for either layout of A,
 * beta 0, 1 and ½, one k-block and several, panels full and partial (half, one vector, part of one), on one
 * thread and split across two; the columns of B's rows past n hold NaN, which no element of C may see, and
 * nothing outside C is written. A B without a vector's slack after its last row is packed as before.
 */
class GemmInPlaceTest {
    private static final int L = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    private static final int NR = GemmTileF32.NR;
    private static final int MR = GemmTileF32.MR;
    private static final int[][] SHAPES = {{1, 1, 1}, {MR, NR, 8}, {MR + 1, 2 * NR + L + 3, 32},
        {32, 392, 32}, {64, 490, 64}, {2 * MR + 5, NR - 1, GemmSimdF32.KC + 7}, {3, 2 * L, 9}, {40, L / 2, 16},
        {1, 3 * NR, 20}, {9, 5 * NR + 2 * L, 3 * GemmSimdF32.KC + 1}};

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void readingBInPlaceGivesThePackedBits(int threads) {
        SplittableRandom rnd = new SplittableRandom(31);
        for (int[] s : SHAPES) {
            int m = s[0], n = s[1], k = s[2], ldb = n + L + 3, ldc = n + 5, off = 7;
            for (int variant = 0; variant < 6; variant++) {
                boolean transA = variant % 2 == 1;
                float beta = new float[] {0f, 1f, 0.5f}[variant / 2];
                float[] a = randomFloats(rnd, m * k), b = new float[off + k * ldb];
                Arrays.fill(b, Float.NaN);
                for (int p = 0; p < k; p++) {
                    System.arraycopy(randomFloats(rnd, n), 0, b, off + p * ldb, n);
                }
                float[] c0 = randomFloats(rnd, off + m * ldc), expected = c0.clone(), got = c0.clone();
                int lda = transA ? m : k;
                withThreads(threads, () -> {
                    GemmF32.gemm(transA, false, m, n, k, a, 0, lda, b, off, ldb, beta, expected, off, ldc);
                    GemmF32.gemmInPlace(transA, m, n, k, a, 0, lda, b, off, ldb, beta, got, off, ldc);
                    return null;
                });
                for (int i = 0; i < got.length; i++) {
                    assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got[i]),
                            m + "x" + n + "x" + k + " transA=" + transA + " beta=" + beta + " element " + i);
                }
            }
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void aBWithoutSlackIsPackedAndGivesTheSameBits(int threads) {
        SplittableRandom rnd = new SplittableRandom(32);
        int m = 13, n = 2 * NR + 3, k = 24;
        float[] a = randomFloats(rnd, m * k), b = randomFloats(rnd, k * n), expected = new float[m * n], got = new float[m * n];
        withThreads(threads, () -> {
            GemmF32.gemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, expected, 0, n);
            GemmF32.gemmInPlace(false, m, n, k, a, 0, k, b, 0, n, 0f, got, 0, n);
            return null;
        });
        for (int i = 0; i < got.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got[i]), "element " + i);
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void float64InPlaceGivesTheSameBits(int threads) {
        SplittableRandom rnd = new SplittableRandom(33);
        int m = 20, n = 3 * GemmTileF64.NR + 5, k = 40, ldb = n + 11;
        double[] a = new double[m * k], b = new double[k * ldb], expected = new double[m * n], got = new double[m * n];
        Arrays.setAll(a, i -> rnd.nextDouble(-1, 1));
        Arrays.setAll(b, i -> i % ldb < n ? rnd.nextDouble(-1, 1) : Double.NaN);
        withThreads(threads, () -> {
            GemmF64.gemm(false, false, m, n, k, a, 0, k, b, 0, ldb, 0.0, expected, 0, n);
            GemmF64.gemmInPlace(false, m, n, k, a, 0, k, b, 0, ldb, 0.0, got, 0, n);
            return null;
        });
        for (int i = 0; i < got.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(got[i]), "element " + i);
        }
    }
}
