package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * General matrix product on {@code float[]}: {@code C = op(A) * op(B) + beta * C}, row-major, where
 * {@code op(X)} is X or its transpose. The three products of a dense layer's training step
 * (X·Wᵀ, G·W, Gᵀ·X) all come here without the caller copying a transpose.
 *
 * <p>SIMD path: a 4-row by 2-vector register tile accumulates each C element over k with fused
 * multiply-adds in ascending k, then adds {@code beta * C}. Every element is computed the same way
 * whichever tile, mask or thread it falls in, so results do not depend on the thread count.
 * A transposed B is packed once into row-major order. Rows of C are split across the shared pool.
 */
public final class GemmF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = 4;

    private GemmF32() {}

    /**
     * C[m×n] = op(A)[m×k] · op(B)[k×n] + beta·C. {@code lda}, {@code ldb}, {@code ldc} are the row
     * lengths of the arrays as stored (so for a transposed A stored as [k×m], lda ≥ m).
     * With beta = 0, C's old contents are ignored (even NaN), as in BLAS.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        int rsA = transA ? 1 : lda;
        int csA = transA ? lda : 1;
        if (!KernelMode.vector()) {
            scalar(m, n, k, a, aOff, rsA, csA, b, bOff, transB ? 1 : ldb, transB ? ldb : 1, beta, c, cOff, ldc);
            return;
        }
        float[] bb = b;
        int bbOff = bOff;
        int bbLd = ldb;
        if (transB) {
            bb = packTransposed(b, bOff, ldb, k, n);
            bbOff = 0;
            bbLd = n;
        }
        float[] pb = bb;
        int pbOff = bbOff;
        int pbLd = bbLd;
        int blocks = (m + MR - 1) / MR;
        Parallel.forRange(blocks, (long) MR * n * Math.max(k, 1), (from, to) -> {
            for (int blk = from; blk < to; blk++) {
                int i = blk * MR;
                int rows = Math.min(MR, m - i);
                rowBlock(rows, n, k, a, aOff + i * rsA, rsA, csA, pb, pbOff, pbLd, beta, c, cOff + i * ldc, ldc);
            }
        });
    }

    private static void rowBlock(int rows, int n, int k, float[] a, int aOff, int rsA, int csA,
                                 float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (rows == MR) {
            int j = 0;
            for (; j + 2 * L <= n; j += 2 * L) {
                tile4x2(k, a, aOff, rsA, csA, b, bOff + j, ldb, beta, c, cOff + j, ldc);
            }
            for (; j < n; j += L) {
                tile4x1(k, a, aOff, rsA, csA, b, bOff + j, ldb, beta, c, cOff + j, ldc, S.indexInRange(j, n));
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j += L) {
                tile1x1(k, a, aOff + r * rsA, csA, b, bOff + j, ldb, beta, c, cOff + r * ldc + j,
                        S.indexInRange(j, n));
            }
        }
    }

    private static void tile4x2(int k, float[] a, int aOff, int rsA, int csA,
                                float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bp = bOff + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            int ap = aOff + p * csA;
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[ap + rsA]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[ap + 2 * rsA]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[ap + 3 * rsA]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
        }
        VectorMask<Float> all = S.maskAll(true);
        store(c00, beta, c, cOff, all);
        store(c01, beta, c, cOff + L, all);
        store(c10, beta, c, cOff + ldc, all);
        store(c11, beta, c, cOff + ldc + L, all);
        store(c20, beta, c, cOff + 2 * ldc, all);
        store(c21, beta, c, cOff + 2 * ldc + L, all);
        store(c30, beta, c, cOff + 3 * ldc, all);
        store(c31, beta, c, cOff + 3 * ldc + L, all);
    }

    private static void tile4x1(int k, float[] a, int aOff, int rsA, int csA, float[] b, int bOff, int ldb,
                                float beta, float[] c, int cOff, int ldc, VectorMask<Float> mask) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bOff + p * ldb, mask);
            int ap = aOff + p * csA;
            c0 = FloatVector.broadcast(S, a[ap]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[ap + rsA]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[ap + 2 * rsA]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[ap + 3 * rsA]).fma(b0, c3);
        }
        store(c0, beta, c, cOff, mask);
        store(c1, beta, c, cOff + ldc, mask);
        store(c2, beta, c, cOff + 2 * ldc, mask);
        store(c3, beta, c, cOff + 3 * ldc, mask);
    }

    private static void tile1x1(int k, float[] a, int aOff, int csA, float[] b, int bOff, int ldb,
                                float beta, float[] c, int cOff, VectorMask<Float> mask) {
        FloatVector acc = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            acc = FloatVector.broadcast(S, a[aOff + p * csA]).fma(FloatVector.fromArray(S, b, bOff + p * ldb, mask), acc);
        }
        store(acc, beta, c, cOff, mask);
    }

    private static void store(FloatVector acc, float beta, float[] c, int off, VectorMask<Float> mask) {
        if (beta != 0f) {
            acc = FloatVector.fromArray(S, c, off, mask).fma(FloatVector.broadcast(S, beta), acc);
        }
        acc.intoArray(c, off, mask);
    }

    private static float[] packTransposed(float[] b, int bOff, int ldb, int k, int n) {
        float[] packed = new float[k * n];
        for (int j = 0; j < n; j++) {
            int src = bOff + j * ldb;
            for (int p = 0; p < k; p++) {
                packed[p * n + j] = b[src + p];
            }
        }
        return packed;
    }

    /** The scalar twin: the reference the SIMD path is tested against. */
    private static void scalar(int m, int n, int k, float[] a, int aOff, int rsA, int csA,
                               float[] b, int bOff, int rsB, int csB, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    acc += a[aOff + i * rsA + p * csA] * b[bOff + p * rsB + j * csB];
                }
                int ci = cOff + i * ldc + j;
                c[ci] = beta == 0f ? acc : acc + beta * c[ci];
            }
        }
    }
}
