package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The tiles of {@link GemmF32}'s products with few rows ({@link #MAX_ROWS} at most) and B stored
 * row-major: B is read in place instead of packed. Packing reads and writes all of B, and m rows use
 * each packed element only m times; for the MLP's last weight gradient (m = 10, B 128 × 128) the
 * packing cost as much as the arithmetic, and the product ran at 60% of OpenBLAS.
 *
 * <p>All the rows at once over two vectors of columns ({@link #tall}), or two rows over the one vector
 * left, all of k in one pass. Each element starts from S (C itself, a bias row or zeros) and takes one
 * fused multiply-add per p in ascending p, as in every other tile, so the bits are those of the packed
 * path. A first version that took two rows at a time over four vectors reached only 68 GFLOP/s on that
 * gradient: it loaded B once per pair of rows.
 */
final class GemmSmallF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Up to this many rows, reading B in place beats packing it. */
    static final int MAX_ROWS = 12;

    private GemmSmallF32() {}

    /**
     * C[0..m) × [j0, j1) (multiples of the vector length) over all of k. The sums start from the bias
     * row, or from {@code zeros} (at least two vectors long), when {@code fromZero} (beta = 0), else from
     * C itself (already scaled by beta when beta is not 1).
     */
    static void multiply(int m, int k, float[] a, int aOff, int rsA, int csA, float[] b, int bOff, int rsB,
                         boolean fromZero, float[] bias, int biasOff, float[] zeros, float[] c, int cOff, int ldc,
                         int j0, int j1) {
        float[] s = fromZero ? (bias != null ? bias : zeros) : c;
        int j = j0;
        for (; j + 2 * L <= j1; j += 2 * L) {
            int so = fromZero ? (bias != null ? biasOff + j : 0) : cOff + j;
            tall(k, m, a, aOff, rsA, csA, b, bOff + j, rsB, s, so, fromZero ? 0 : ldc, c, cOff + j, ldc);
        }
        for (; j < j1; j += L) { // one vector left: two rows at a time
            for (int i = 0; i < m; i += 2) {
                int i1 = Math.min(i + 1, m - 1), c0 = cOff + i * ldc, c1 = cOff + i1 * ldc;
                int s0 = fromZero ? (bias != null ? biasOff + j : 0) : c0 + j, s1 = fromZero ? s0 : c1 + j;
                pair1(k, a, aOff + i * rsA, aOff + i1 * rsA, csA, b, bOff + j, rsB, s, s0, s1, c, c0 + j, c1 + j);
            }
        }
    }

    /**
     * Rows [0, rows) of C (rows ≤ 12; the tile repeats its last row for the others) × two vectors of
     * columns from bOff: each p loads B's two vectors once for all the rows, so B is read n / (2L) times
     * in all and every load feeds up to 24 fmas. A's rows start at aOff + r·rsA (column stride csA), S's
     * at sOff + r·lds (lds = 0: one bias row or zeros for all), C's at cOff + r·ldc.
     */
    static void tall(int k, int rows, float[] a, int aOff, int rsA, int csA, float[] b, int bOff, int rsB,
                     float[] s, int sOff, int lds, float[] c, int cOff, int ldc) {
        int last = rows - 1;
        int r1 = Math.min(1, last), r2 = Math.min(2, last), r3 = Math.min(3, last), r4 = Math.min(4, last);
        int r5 = Math.min(5, last), r6 = Math.min(6, last), r7 = Math.min(7, last), r8 = Math.min(8, last);
        int r9 = Math.min(9, last), r10 = Math.min(10, last), r11 = Math.min(11, last);
        FloatVector x00 = load(s, sOff), x01 = load(s, sOff + L);
        FloatVector x10 = load(s, sOff + r1 * lds), x11 = load(s, sOff + r1 * lds + L);
        FloatVector x20 = load(s, sOff + r2 * lds), x21 = load(s, sOff + r2 * lds + L);
        FloatVector x30 = load(s, sOff + r3 * lds), x31 = load(s, sOff + r3 * lds + L);
        FloatVector x40 = load(s, sOff + r4 * lds), x41 = load(s, sOff + r4 * lds + L);
        FloatVector x50 = load(s, sOff + r5 * lds), x51 = load(s, sOff + r5 * lds + L);
        FloatVector x60 = load(s, sOff + r6 * lds), x61 = load(s, sOff + r6 * lds + L);
        FloatVector x70 = load(s, sOff + r7 * lds), x71 = load(s, sOff + r7 * lds + L);
        FloatVector x80 = load(s, sOff + r8 * lds), x81 = load(s, sOff + r8 * lds + L);
        FloatVector x90 = load(s, sOff + r9 * lds), x91 = load(s, sOff + r9 * lds + L);
        FloatVector xa0 = load(s, sOff + r10 * lds), xa1 = load(s, sOff + r10 * lds + L);
        FloatVector xb0 = load(s, sOff + r11 * lds), xb1 = load(s, sOff + r11 * lds + L);
        int a1 = aOff + r1 * rsA, a2 = aOff + r2 * rsA, a3 = aOff + r3 * rsA, a4 = aOff + r4 * rsA;
        int a5 = aOff + r5 * rsA, a6 = aOff + r6 * rsA, a7 = aOff + r7 * rsA, a8 = aOff + r8 * rsA;
        int a9 = aOff + r9 * rsA, a10 = aOff + r10 * rsA, a11 = aOff + r11 * rsA;
        for (int p = 0; p < k; p++) {
            int bp = bOff + p * rsB, ap = p * csA;
            FloatVector b0 = load(b, bp), b1 = load(b, bp + L);
            FloatVector y = FloatVector.broadcast(S, a[aOff + ap]);
            x00 = y.fma(b0, x00); x01 = y.fma(b1, x01);
            y = FloatVector.broadcast(S, a[a1 + ap]);
            x10 = y.fma(b0, x10); x11 = y.fma(b1, x11);
            y = FloatVector.broadcast(S, a[a2 + ap]);
            x20 = y.fma(b0, x20); x21 = y.fma(b1, x21);
            y = FloatVector.broadcast(S, a[a3 + ap]);
            x30 = y.fma(b0, x30); x31 = y.fma(b1, x31);
            y = FloatVector.broadcast(S, a[a4 + ap]);
            x40 = y.fma(b0, x40); x41 = y.fma(b1, x41);
            y = FloatVector.broadcast(S, a[a5 + ap]);
            x50 = y.fma(b0, x50); x51 = y.fma(b1, x51);
            y = FloatVector.broadcast(S, a[a6 + ap]);
            x60 = y.fma(b0, x60); x61 = y.fma(b1, x61);
            y = FloatVector.broadcast(S, a[a7 + ap]);
            x70 = y.fma(b0, x70); x71 = y.fma(b1, x71);
            y = FloatVector.broadcast(S, a[a8 + ap]);
            x80 = y.fma(b0, x80); x81 = y.fma(b1, x81);
            y = FloatVector.broadcast(S, a[a9 + ap]);
            x90 = y.fma(b0, x90); x91 = y.fma(b1, x91);
            y = FloatVector.broadcast(S, a[a10 + ap]);
            xa0 = y.fma(b0, xa0); xa1 = y.fma(b1, xa1);
            y = FloatVector.broadcast(S, a[a11 + ap]);
            xb0 = y.fma(b0, xb0); xb1 = y.fma(b1, xb1);
        }
        // the repeated rows are written last-to-first, so each row's final store is its own values
        xb0.intoArray(c, cOff + r11 * ldc); xb1.intoArray(c, cOff + r11 * ldc + L);
        xa0.intoArray(c, cOff + r10 * ldc); xa1.intoArray(c, cOff + r10 * ldc + L);
        x90.intoArray(c, cOff + r9 * ldc); x91.intoArray(c, cOff + r9 * ldc + L);
        x80.intoArray(c, cOff + r8 * ldc); x81.intoArray(c, cOff + r8 * ldc + L);
        x70.intoArray(c, cOff + r7 * ldc); x71.intoArray(c, cOff + r7 * ldc + L);
        x60.intoArray(c, cOff + r6 * ldc); x61.intoArray(c, cOff + r6 * ldc + L);
        x50.intoArray(c, cOff + r5 * ldc); x51.intoArray(c, cOff + r5 * ldc + L);
        x40.intoArray(c, cOff + r4 * ldc); x41.intoArray(c, cOff + r4 * ldc + L);
        x30.intoArray(c, cOff + r3 * ldc); x31.intoArray(c, cOff + r3 * ldc + L);
        x20.intoArray(c, cOff + r2 * ldc); x21.intoArray(c, cOff + r2 * ldc + L);
        x10.intoArray(c, cOff + r1 * ldc); x11.intoArray(c, cOff + r1 * ldc + L);
        x00.intoArray(c, cOff); x01.intoArray(c, cOff + L);
    }

    /** Rows at a0 and a1 of A (column stride csA) times B[0..k) × one vector from bOff (row stride rsB). */
    static void pair1(int k, float[] a, int a0, int a1, int csA, float[] b, int bOff, int rsB,
                      float[] s, int s0, int s1, float[] c, int c0, int c1) {
        FloatVector x = load(s, s0), y = load(s, s1);
        for (int p = 0; p < k; p++) {
            FloatVector bv = load(b, bOff + p * rsB);
            x = FloatVector.broadcast(S, a[a0 + p * csA]).fma(bv, x);
            y = FloatVector.broadcast(S, a[a1 + p * csA]).fma(bv, y);
        }
        x.intoArray(c, c0);
        y.intoArray(c, c1);
    }

    private static FloatVector load(float[] x, int off) {
        return FloatVector.fromArray(S, x, off);
    }
}
