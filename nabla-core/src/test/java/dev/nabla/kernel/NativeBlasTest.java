package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.tensor.Generator;
import org.junit.jupiter.api.Test;

/** The optional OpenBLAS path agrees with the pure-Java GEMM (skipped where OpenBLAS is not installed). */
class NativeBlasTest {

    @Test
    void offByDefaultAndDescribesItself() {
        assertFalse(NativeBlas.enabled(), "the pure-Java kernels are the default");
        assertTrue(NativeBlas.describe().startsWith("OpenBLAS: "), NativeBlas.describe());
    }

    @Test
    void agreesWithTheJavaKernelOnEveryTransposeCombination() {
        assumeTrue(NativeBlas.available(), "OpenBLAS not installed (apt-get install libopenblas0)");
        Generator g = new Generator(5);
        int m = 37, n = 53, k = 29;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                float[] a = random(g, m * k + 3), b = random(g, k * n + 5), c1 = random(g, m * n + 2);
                float[] c2 = c1.clone();
                int lda = ta ? m : k, ldb = tb ? k : n;
                GemmF32.gemm(ta, tb, m, n, k, a, 3, lda, b, 5, ldb, 0.5f, c1, 2, n);
                NativeBlas.gemmF32(ta, tb, m, n, k, a, 3, lda, b, 5, ldb, 0.5f, c2, 2, n);
                for (int i = 0; i < c1.length; i++) {
                    assertEquals(c1[i], c2[i], 1e-4f * (1 + Math.abs(c1[i])), "ta=" + ta + " tb=" + tb + " at " + i);
                }
                double[] ad = toDouble(a), bd = toDouble(b), cd1 = toDouble(c1), cd2 = cd1.clone();
                GemmF64.gemm(ta, tb, m, n, k, ad, 3, lda, bd, 5, ldb, 0.5, cd1, 2, n);
                NativeBlas.gemmF64(ta, tb, m, n, k, ad, 3, lda, bd, 5, ldb, 0.5, cd2, 2, n);
                for (int i = 0; i < cd1.length; i++) {
                    assertEquals(cd1[i], cd2[i], 1e-12 * (1 + Math.abs(cd1[i])));
                }
            }
        }
    }

    @Test
    void whenEnabledGemmGoesThroughOpenBlas() {
        assumeTrue(NativeBlas.available(), "OpenBLAS not installed (apt-get install libopenblas0)");
        float[] a = {1, 2, 3, 4}, b = {5, 6, 7, 8}, viaJava = new float[4], viaBlas = new float[4];
        GemmF32.gemm(false, false, 2, 2, 2, a, 0, 2, b, 0, 2, 0f, viaJava, 0, 2);
        boolean previous = NativeBlas.setEnabled(true);
        try {
            assertTrue(NativeBlas.enabled());
            GemmF32.gemm(false, false, 2, 2, 2, a, 0, 2, b, 0, 2, 0f, viaBlas, 0, 2);
        } finally {
            NativeBlas.setEnabled(previous);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {19, 22, 43, 50}, viaBlas);
        org.junit.jupiter.api.Assertions.assertArrayEquals(viaJava, viaBlas);
    }

    private static float[] random(Generator g, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) g.nextGaussian();
        }
        return v;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
