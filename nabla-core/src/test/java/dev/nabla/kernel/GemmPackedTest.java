package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.randomFloats;
import static dev.nabla.kernel.KernelTestSupport.withThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code gemmPacked}, B packed once: the same bits as {@code gemmBias} and {@code gemm} on the unpacked
 * B, for either layout of A and B, with and without a bias, on one thread and split across two (a few
 * rows of a large packed B are split by panels), including the one-row paths single-sample inference takes.
 */
class GemmPackedTest {
    private static final int L = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    private static final int NR = GemmTileF32.NR;
    private static final int[][] SHAPES = {{1, 1, 1}, {1, 2 * NR, 9}, {1, 4 * NR + L + 3, GemmSimdF32.KC + 5},
        {1, 256, 784}, {3, 2 * NR + 1, 17}, {GemmTileF32.MR + 1, NR - 1, 40}, {16, 3 * NR, GemmSimdF32.KC * 2 + 1},
        {2, L / 2, 3}, {4, 7, 0}};

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void packedGivesTheUnpackedBits(int threads) {
        SplittableRandom rnd = new SplittableRandom(21);
        for (int[] s : SHAPES) {
            int m = s[0], n = s[1], k = s[2];
            for (int layout = 0; layout < 4; layout++) {
                boolean transA = (layout & 1) != 0, transB = (layout & 2) != 0, withBias = layout % 3 == 0;
                float[] a = randomFloats(rnd, m * k), b = randomFloats(rnd, k * n), bias = withBias ? randomFloats(rnd, n) : null;
                int lda = transA ? m : k, ldb = transB ? k : n;
                float[] expected = new float[m * n], got = new float[m * n];
                java.util.Arrays.fill(got, Float.NaN);
                withThreads(threads, () -> {
                    if (withBias) {
                        GemmF32.gemmBias(transA, transB, m, n, k, a, 0, lda, b, 0, ldb, bias, 0, expected, 0, n);
                    } else {
                        GemmF32.gemm(transA, transB, m, n, k, a, 0, lda, b, 0, ldb, 0f, expected, 0, n);
                    }
                    GemmF32.gemmPacked(transA, m, a, 0, lda, GemmF32.pack(transB, k, n, b, 0, ldb), bias, 0, got, 0, n);
                    return null;
                });
                for (int i = 0; i < m * n; i++) {
                    assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got[i]),
                            m + "x" + n + "x" + k + " transA=" + transA + " transB=" + transB + " bias=" + withBias
                                    + " element " + i);
                }
            }
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void float64PackedGivesTheUnpackedBits(int threads) {
        SplittableRandom rnd = new SplittableRandom(22);
        int m = 1, n = 3 * GemmTileF64.NR + 2, k = GemmSimdF64.KC + 3;
        double[] a = new double[m * k], b = new double[k * n], bias = new double[n];
        java.util.Arrays.setAll(a, i -> rnd.nextDouble(-1, 1));
        java.util.Arrays.setAll(b, i -> rnd.nextDouble(-1, 1));
        java.util.Arrays.setAll(bias, i -> rnd.nextDouble(-1, 1));
        double[] expected = new double[n], got = new double[n];
        withThreads(threads, () -> {
            GemmF64.gemmBias(false, true, m, n, k, a, 0, k, b, 0, k, bias, 0, expected, 0, n);
            GemmF64.gemmPacked(false, m, a, 0, k, GemmF64.pack(true, k, n, b, 0, k), bias, 0, got, 0, n);
            return null;
        });
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(got[i]), "element " + i);
        }
    }

    @org.junit.jupiter.api.Test
    void scalarModeRefusesPackedOperands() {
        GemmF32.Packed p = GemmF32.pack(false, 2, 2, new float[4], 0, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelTestSupport.withVector(false, () -> {
            GemmF32.gemmPacked(false, 1, new float[2], 0, 2, p, null, 0, new float[2], 0, 2);
            return null;
        }));
        assertEquals(true, e.getMessage().startsWith("gemmPacked:"), e.getMessage());
    }
}
