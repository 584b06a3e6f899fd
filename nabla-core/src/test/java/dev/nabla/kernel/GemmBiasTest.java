package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.randomFloats;
import static dev.nabla.kernel.KernelTestSupport.withVector;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code gemmBias}: C = op(A)·op(B) + bias, each sum starting from its bias. Against a double reference
 * in both modes; with the same bits whichever block of C is computed (so a sample's output does not
 * depend on the batch around it); and with k = 0 giving the bias itself.
 */
class GemmBiasTest {
    private static final int L = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    private static final int[][] SHAPES = {{1, 1, 1}, {1, 3, 5}, {7, GemmTileF32.NR + L + 3, 9},
        {13, L / 2 + 1, GemmSimdF32.KC + 2}, {GemmTileF32.MR, GemmTileF32.NR, 5}, {5, 17, 0}, {2, 300, 70}};

    private static float[] run(boolean vector, boolean transA, boolean transB, int m, int n, int k, float[] a,
                               float[] b, float[] bias, int rowFrom, int rowTo) {
        float[] c = new float[m * n];
        java.util.Arrays.fill(c, Float.NaN); // beta = 0 semantics: the old contents never leak in
        int rows = rowTo - rowFrom;
        int aOff = transA ? rowFrom : rowFrom * k;
        withVector(vector, () -> {
            GemmF32.gemmBias(transA, transB, rows, n, k, a, aOff, transA ? m : k, b, 0, transB ? k : n, bias, 0,
                    c, rowFrom * n, n);
            return null;
        });
        return c;
    }

    @ParameterizedTest(name = "transA={0}")
    @ValueSource(booleans = {false, true})
    void addsTheBiasToEveryRowInBothModes(boolean transA) {
        SplittableRandom rnd = new SplittableRandom(11);
        for (boolean transB : new boolean[] {false, true}) {
            for (int[] s : SHAPES) {
                int m = s[0], n = s[1], k = s[2];
                float[] a = randomFloats(rnd, m * k), b = randomFloats(rnd, k * n), bias = randomFloats(rnd, n);
                for (boolean vector : new boolean[] {true, false}) {
                    float[] c = run(vector, transA, transB, m, n, k, a, b, bias, 0, m);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double ref = bias[j];
                            for (int p = 0; p < k; p++) {
                                ref += (double) a[transA ? p * m + i : i * k + p] * b[transB ? j * k + p : p * n + j];
                            }
                            assertEquals(ref, c[i * n + j], 1e-5 * (k + 1),
                                    "vector=" + vector + " transB=" + transB + " " + m + "x" + n + "x" + k + " C[" + i + "," + j + "]");
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "transB={0}")
    @ValueSource(booleans = {false, true})
    void eachRowHasTheSameBitsAloneAsInTheBatch(boolean transB) {
        SplittableRandom rnd = new SplittableRandom(12);
        int m = 2 * GemmTileF32.MR + 1, n = GemmTileF32.NR + L + 5, k = GemmSimdF32.KC + 9;
        float[] a = randomFloats(rnd, m * k), b = randomFloats(rnd, k * n), bias = randomFloats(rnd, n);
        float[] whole = run(true, false, transB, m, n, k, a, b, bias, 0, m);
        for (int i = 0; i < m; i++) {
            float[] alone = run(true, false, transB, m, n, k, a, b, bias, i, i + 1);
            for (int j = 0; j < n; j++) {
                assertEquals(Float.floatToRawIntBits(whole[i * n + j]), Float.floatToRawIntBits(alone[i * n + j]),
                        "C[" + i + "," + j + "] alone vs in a batch of " + m);
            }
        }
    }
}
