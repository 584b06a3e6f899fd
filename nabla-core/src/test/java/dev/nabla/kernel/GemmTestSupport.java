package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.assertClose;
import static dev.nabla.kernel.KernelTestSupport.toDouble;
import static dev.nabla.kernel.KernelTestSupport.toFloat;
import static dev.nabla.kernel.KernelTestSupport.withVector;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.kernel.KernelTestSupport.Precision;
import java.util.Arrays;
import java.util.function.DoubleSupplier;

/**
 * GEMM problems for the kernel tests (GemmTest, GemmBlockingTest): operands stored with offsets,
 * padded leading dimensions and NaN in every unused slot, a double-precision reference, and the check
 * that the SIMD path and the scalar twin both match it and leave the rest of C alone.
 */
final class GemmTestSupport {

    private GemmTestSupport() {}

    /** One product's operands as stored: offsets, padded leading dimensions, NaN in every unused slot. */
    record Problem(boolean transA, boolean transB, int m, int n, int k,
                           double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                           double beta, double[] c, int cOff, int ldc) {

        double a(int i, int p) {
            return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        double b(int p, int j) {
            return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        int ci(int i, int j) {
            return cOff + i * ldc + j;
        }

        /** {op(A)·op(B) + beta·C, sum |a·b| + |beta·c|} for element (i, j), in double. */
        double[] reference(int i, int j) {
            double sum = 0, magnitude = 0;
            for (int p = 0; p < k; p++) {
                double t = a(i, p) * b(p, j);
                sum += t;
                magnitude += Math.abs(t);
            }
            if (beta != 0) {
                double t = beta * c[ci(i, j)];
                sum += t;
                magnitude += Math.abs(t);
            }
            return new double[] {sum, magnitude};
        }

        /** Runs the kernel of precision {@code p} in the given mode on copies; returns the new C. */
        double[] run(Precision p, boolean vector) {
            return withVector(vector, () -> {
                if (p == Precision.F32) {
                    float[] fc = toFloat(c);
                    GemmF32.gemm(transA, transB, m, n, k, toFloat(a), aOff, lda, toFloat(b), bOff, ldb,
                            (float) beta, fc, cOff, ldc);
                    return toDouble(fc);
                }
                double[] dc = c.clone();
                GemmF64.gemm(transA, transB, m, n, k, a.clone(), aOff, lda, b.clone(), bOff, ldb,
                        beta, dc, cOff, ldc);
                return dc;
            });
        }
    }

    /**
     * A problem with A stored at offset 3 with lda = row + 5, B at offset 2 with ldb = row + 3, C at
     * offset 4 with ldc = n + 2. Values come from {@code value}; C's entries are NaN when beta = 0.
     */
    static Problem problem(Precision p, boolean transA, boolean transB, int m, int n, int k,
                                   double beta, DoubleSupplier value) {
        int aRows = transA ? k : m, aCols = transA ? m : k, lda = aCols + 5, aOff = 3;
        int bRows = transB ? n : k, bCols = transB ? k : n, ldb = bCols + 3, bOff = 2;
        int ldc = n + 2, cOff = 4;
        double[] a = filled(aOff + aRows * lda + 2, aOff, aRows, aCols, lda, p, value);
        double[] b = filled(bOff + bRows * ldb + 2, bOff, bRows, bCols, ldb, p, value);
        double[] c = beta == 0
                ? filled(cOff + m * ldc + 2, cOff, m, n, ldc, p, () -> Double.NaN)
                : filled(cOff + m * ldc + 2, cOff, m, n, ldc, p, value);
        return new Problem(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    private static double[] filled(int length, int off, int rows, int cols, int ld, Precision p,
                                   DoubleSupplier value) {
        double[] x = new double[length];
        Arrays.fill(x, Double.NaN);
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) {
                x[off + r * ld + col] = p.round(value.getAsDouble());
            }
        }
        return x;
    }

    /** C outside the m×n block (offset, padding, tail) must come back bit-for-bit as it went in. */
    static void assertOutsideUntouched(Problem pr, double[] got, String where) {
        boolean[] inside = new boolean[got.length];
        for (int i = 0; i < pr.m(); i++) {
            for (int j = 0; j < pr.n(); j++) {
                inside[pr.ci(i, j)] = true;
            }
        }
        for (int x = 0; x < got.length; x++) {
            if (!inside[x]) {
                assertEquals(Double.doubleToRawLongBits(pr.c()[x]), Double.doubleToRawLongBits(got[x]),
                        where + ": C[" + x + "] outside the result was written");
            }
        }
    }

    /**
     * Runs the SIMD path and the scalar twin on copies of the problem and checks both against the
     * double-precision reference (tolerance relative to the magnitude of the terms summed), against each
     * other, and that C outside the result is untouched.
     */
    static void assertMatchesReference(Problem pr, Precision p) {
        double[] simd = pr.run(p, true);
        double[] scalar = pr.run(p, false);
        String where = p + " " + pr.m() + "x" + pr.n() + "x" + pr.k() + " transA=" + pr.transA()
                + " transB=" + pr.transB() + " beta=" + pr.beta();
        for (int i = 0; i < pr.m(); i++) {
            for (int j = 0; j < pr.n(); j++) {
                int ci = pr.ci(i, j), ii = i, jj = j;
                double[] ref = pr.reference(i, j);
                double tol = p.sumTolerance * ref[1] + Double.MIN_NORMAL;
                assertClose(ref[0], simd[ci], tol, () -> where + " SIMD C[" + ii + "," + jj + "]");
                assertClose(ref[0], scalar[ci], tol, () -> where + " scalar C[" + ii + "," + jj + "]");
                assertClose(scalar[ci], simd[ci], 2 * tol, () -> where + " SIMD vs scalar C[" + ii + "," + jj + "]");
            }
        }
        assertOutsideUntouched(pr, simd, where + " SIMD");
        assertOutsideUntouched(pr, scalar, where + " scalar");
    }
}
