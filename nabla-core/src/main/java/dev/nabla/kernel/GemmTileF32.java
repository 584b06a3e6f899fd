package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link GemmF32}: C[MR × NR] = S + A[MR × kb] · (one packed panel of B: kb rows
 * of NR columns), or the same for one vector of columns ({@code narrow*}). S, where the sums start, is
 * C itself, or a row of zeros read with row stride 0 (the first k-block when beta = 0, so C's old
 * contents are never read). A is read in place: the {@code *Rows} tiles for A stored row-major (each
 * row of the tile contiguous in p), the {@code *Cols} tiles for A stored transposed (the tile's MR
 * values for one p contiguous).
 *
 * <p>Each element takes one fused multiply-add per p in ascending p, whichever tile computes it, so
 * every tile gives the same bits for the same element. A tile with fewer than MR valid rows repeats its
 * last row (reads and writes it again with the same values) instead of needing a kernel per row count.
 *
 * <p>Written out by hand, and kept this small, on purpose: the Vector API cannot say "MR × NV
 * accumulators" generically in a way C2 keeps in registers, and a larger method (or one branching per
 * accumulator) exceeds C2's inlining budget and runs in slow, boxed code. Indexing A from one
 * loop-invariant base per row lets C2 hoist the bounds checks out of the loop.
 */
final class GemmTileF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of the register tile. */
    static final int MR = 6;
    /** Columns of a packed panel: four vectors. */
    static final int NR = 4 * L;

    private GemmTileF32() {}

    /** A row-major (column stride 1): tile row r starts at a[aOff + r * rsA]. */
    static void fullRows(int kb, float[] a, int aOff, int rsA, int rows, float[] b, int bOff,
                         float[] s, int sOff, int lds, float[] c, int cOff, int ldc) {
        int last = rows - 1;
        int a1 = aOff + Math.min(1, last) * rsA;
        int a2 = aOff + Math.min(2, last) * rsA;
        int a3 = aOff + Math.min(3, last) * rsA;
        int a4 = aOff + Math.min(4, last) * rsA;
        int a5 = aOff + last * rsA;
        int s1 = sOff + Math.min(1, last) * lds, c1 = cOff + Math.min(1, last) * ldc;
        int s2 = sOff + Math.min(2, last) * lds, c2 = cOff + Math.min(2, last) * ldc;
        int s3 = sOff + Math.min(3, last) * lds, c3 = cOff + Math.min(3, last) * ldc;
        int s4 = sOff + Math.min(4, last) * lds, c4 = cOff + Math.min(4, last) * ldc;
        int s5 = sOff + last * lds, c5 = cOff + last * ldc;
        FloatVector x00 = load(s, sOff), x01 = load(s, sOff + L);
        FloatVector x02 = load(s, sOff + 2 * L), x03 = load(s, sOff + 3 * L);
        FloatVector x10 = load(s, s1), x11 = load(s, s1 + L);
        FloatVector x12 = load(s, s1 + 2 * L), x13 = load(s, s1 + 3 * L);
        FloatVector x20 = load(s, s2), x21 = load(s, s2 + L);
        FloatVector x22 = load(s, s2 + 2 * L), x23 = load(s, s2 + 3 * L);
        FloatVector x30 = load(s, s3), x31 = load(s, s3 + L);
        FloatVector x32 = load(s, s3 + 2 * L), x33 = load(s, s3 + 3 * L);
        FloatVector x40 = load(s, s4), x41 = load(s, s4 + L);
        FloatVector x42 = load(s, s4 + 2 * L), x43 = load(s, s4 + 3 * L);
        FloatVector x50 = load(s, s5), x51 = load(s, s5 + L);
        FloatVector x52 = load(s, s5 + 2 * L), x53 = load(s, s5 + 3 * L);
        for (int p = 0; p < kb; p++) {
            int bp = bOff + p * NR;
            FloatVector b0 = load(b, bp), b1 = load(b, bp + L);
            FloatVector b2 = load(b, bp + 2 * L), b3 = load(b, bp + 3 * L);
            FloatVector y0 = FloatVector.broadcast(S, a[aOff + p]);
            x00 = y0.fma(b0, x00); x01 = y0.fma(b1, x01); x02 = y0.fma(b2, x02); x03 = y0.fma(b3, x03);
            FloatVector y1 = FloatVector.broadcast(S, a[a1 + p]);
            x10 = y1.fma(b0, x10); x11 = y1.fma(b1, x11); x12 = y1.fma(b2, x12); x13 = y1.fma(b3, x13);
            FloatVector y2 = FloatVector.broadcast(S, a[a2 + p]);
            x20 = y2.fma(b0, x20); x21 = y2.fma(b1, x21); x22 = y2.fma(b2, x22); x23 = y2.fma(b3, x23);
            FloatVector y3 = FloatVector.broadcast(S, a[a3 + p]);
            x30 = y3.fma(b0, x30); x31 = y3.fma(b1, x31); x32 = y3.fma(b2, x32); x33 = y3.fma(b3, x33);
            FloatVector y4 = FloatVector.broadcast(S, a[a4 + p]);
            x40 = y4.fma(b0, x40); x41 = y4.fma(b1, x41); x42 = y4.fma(b2, x42); x43 = y4.fma(b3, x43);
            FloatVector y5 = FloatVector.broadcast(S, a[a5 + p]);
            x50 = y5.fma(b0, x50); x51 = y5.fma(b1, x51); x52 = y5.fma(b2, x52); x53 = y5.fma(b3, x53);
        }
        x00.intoArray(c, cOff); x01.intoArray(c, cOff + L);
        x02.intoArray(c, cOff + 2 * L); x03.intoArray(c, cOff + 3 * L);
        x10.intoArray(c, c1); x11.intoArray(c, c1 + L);
        x12.intoArray(c, c1 + 2 * L); x13.intoArray(c, c1 + 3 * L);
        x20.intoArray(c, c2); x21.intoArray(c, c2 + L);
        x22.intoArray(c, c2 + 2 * L); x23.intoArray(c, c2 + 3 * L);
        x30.intoArray(c, c3); x31.intoArray(c, c3 + L);
        x32.intoArray(c, c3 + 2 * L); x33.intoArray(c, c3 + 3 * L);
        x40.intoArray(c, c4); x41.intoArray(c, c4 + L);
        x42.intoArray(c, c4 + 2 * L); x43.intoArray(c, c4 + 3 * L);
        x50.intoArray(c, c5); x51.intoArray(c, c5 + L);
        x52.intoArray(c, c5 + 2 * L); x53.intoArray(c, c5 + 3 * L);
    }

    /** A transposed (row stride 1): the tile's values for one p start at a[aOff + p * csA]. */
    static void fullCols(int kb, float[] a, int aOff, int csA, int rows, float[] b, int bOff,
                         float[] s, int sOff, int lds, float[] c, int cOff, int ldc) {
        int last = rows - 1;
        int a1 = Math.min(1, last);
        int a2 = Math.min(2, last);
        int a3 = Math.min(3, last);
        int a4 = Math.min(4, last);
        int s1 = sOff + Math.min(1, last) * lds, c1 = cOff + Math.min(1, last) * ldc;
        int s2 = sOff + Math.min(2, last) * lds, c2 = cOff + Math.min(2, last) * ldc;
        int s3 = sOff + Math.min(3, last) * lds, c3 = cOff + Math.min(3, last) * ldc;
        int s4 = sOff + Math.min(4, last) * lds, c4 = cOff + Math.min(4, last) * ldc;
        int s5 = sOff + last * lds, c5 = cOff + last * ldc;
        FloatVector x00 = load(s, sOff), x01 = load(s, sOff + L);
        FloatVector x02 = load(s, sOff + 2 * L), x03 = load(s, sOff + 3 * L);
        FloatVector x10 = load(s, s1), x11 = load(s, s1 + L);
        FloatVector x12 = load(s, s1 + 2 * L), x13 = load(s, s1 + 3 * L);
        FloatVector x20 = load(s, s2), x21 = load(s, s2 + L);
        FloatVector x22 = load(s, s2 + 2 * L), x23 = load(s, s2 + 3 * L);
        FloatVector x30 = load(s, s3), x31 = load(s, s3 + L);
        FloatVector x32 = load(s, s3 + 2 * L), x33 = load(s, s3 + 3 * L);
        FloatVector x40 = load(s, s4), x41 = load(s, s4 + L);
        FloatVector x42 = load(s, s4 + 2 * L), x43 = load(s, s4 + 3 * L);
        FloatVector x50 = load(s, s5), x51 = load(s, s5 + L);
        FloatVector x52 = load(s, s5 + 2 * L), x53 = load(s, s5 + 3 * L);
        for (int p = 0; p < kb; p++) {
            int bp = bOff + p * NR, ap = aOff + p * csA;
            FloatVector b0 = load(b, bp), b1 = load(b, bp + L);
            FloatVector b2 = load(b, bp + 2 * L), b3 = load(b, bp + 3 * L);
            FloatVector y0 = FloatVector.broadcast(S, a[ap]);
            x00 = y0.fma(b0, x00); x01 = y0.fma(b1, x01); x02 = y0.fma(b2, x02); x03 = y0.fma(b3, x03);
            FloatVector y1 = FloatVector.broadcast(S, a[ap + a1]);
            x10 = y1.fma(b0, x10); x11 = y1.fma(b1, x11); x12 = y1.fma(b2, x12); x13 = y1.fma(b3, x13);
            FloatVector y2 = FloatVector.broadcast(S, a[ap + a2]);
            x20 = y2.fma(b0, x20); x21 = y2.fma(b1, x21); x22 = y2.fma(b2, x22); x23 = y2.fma(b3, x23);
            FloatVector y3 = FloatVector.broadcast(S, a[ap + a3]);
            x30 = y3.fma(b0, x30); x31 = y3.fma(b1, x31); x32 = y3.fma(b2, x32); x33 = y3.fma(b3, x33);
            FloatVector y4 = FloatVector.broadcast(S, a[ap + a4]);
            x40 = y4.fma(b0, x40); x41 = y4.fma(b1, x41); x42 = y4.fma(b2, x42); x43 = y4.fma(b3, x43);
            FloatVector y5 = FloatVector.broadcast(S, a[ap + last]);
            x50 = y5.fma(b0, x50); x51 = y5.fma(b1, x51); x52 = y5.fma(b2, x52); x53 = y5.fma(b3, x53);
        }
        x00.intoArray(c, cOff); x01.intoArray(c, cOff + L);
        x02.intoArray(c, cOff + 2 * L); x03.intoArray(c, cOff + 3 * L);
        x10.intoArray(c, c1); x11.intoArray(c, c1 + L);
        x12.intoArray(c, c1 + 2 * L); x13.intoArray(c, c1 + 3 * L);
        x20.intoArray(c, c2); x21.intoArray(c, c2 + L);
        x22.intoArray(c, c2 + 2 * L); x23.intoArray(c, c2 + 3 * L);
        x30.intoArray(c, c3); x31.intoArray(c, c3 + L);
        x32.intoArray(c, c3 + 2 * L); x33.intoArray(c, c3 + 3 * L);
        x40.intoArray(c, c4); x41.intoArray(c, c4 + L);
        x42.intoArray(c, c4 + 2 * L); x43.intoArray(c, c4 + 3 * L);
        x50.intoArray(c, c5); x51.intoArray(c, c5 + L);
        x52.intoArray(c, c5 + 2 * L); x53.intoArray(c, c5 + 3 * L);
    }

    /** As {@link #fullRows}, for one vector of columns. */
    static void narrowRows(int kb, float[] a, int aOff, int rsA, int rows, float[] b, int bOff,
                           float[] s, int sOff, int lds, float[] c, int cOff, int ldc) {
        int last = rows - 1;
        int a1 = aOff + Math.min(1, last) * rsA;
        int a2 = aOff + Math.min(2, last) * rsA;
        int a3 = aOff + Math.min(3, last) * rsA;
        int a4 = aOff + Math.min(4, last) * rsA;
        int a5 = aOff + last * rsA;
        int s1 = sOff + Math.min(1, last) * lds, c1 = cOff + Math.min(1, last) * ldc;
        int s2 = sOff + Math.min(2, last) * lds, c2 = cOff + Math.min(2, last) * ldc;
        int s3 = sOff + Math.min(3, last) * lds, c3 = cOff + Math.min(3, last) * ldc;
        int s4 = sOff + Math.min(4, last) * lds, c4 = cOff + Math.min(4, last) * ldc;
        int s5 = sOff + last * lds, c5 = cOff + last * ldc;
        FloatVector x0 = load(s, sOff), x1 = load(s, s1), x2 = load(s, s2);
        FloatVector x3 = load(s, s3), x4 = load(s, s4), x5 = load(s, s5);
        for (int p = 0; p < kb; p++) {
            FloatVector y = load(b, bOff + p * NR);
            x0 = FloatVector.broadcast(S, a[aOff + p]).fma(y, x0);
            x1 = FloatVector.broadcast(S, a[a1 + p]).fma(y, x1);
            x2 = FloatVector.broadcast(S, a[a2 + p]).fma(y, x2);
            x3 = FloatVector.broadcast(S, a[a3 + p]).fma(y, x3);
            x4 = FloatVector.broadcast(S, a[a4 + p]).fma(y, x4);
            x5 = FloatVector.broadcast(S, a[a5 + p]).fma(y, x5);
        }
        x0.intoArray(c, cOff); x1.intoArray(c, c1); x2.intoArray(c, c2);
        x3.intoArray(c, c3); x4.intoArray(c, c4); x5.intoArray(c, c5);
    }

    /** As {@link #fullCols}, for one vector of columns. */
    static void narrowCols(int kb, float[] a, int aOff, int csA, int rows, float[] b, int bOff,
                           float[] s, int sOff, int lds, float[] c, int cOff, int ldc) {
        int last = rows - 1;
        int a1 = Math.min(1, last);
        int a2 = Math.min(2, last);
        int a3 = Math.min(3, last);
        int a4 = Math.min(4, last);
        int s1 = sOff + Math.min(1, last) * lds, c1 = cOff + Math.min(1, last) * ldc;
        int s2 = sOff + Math.min(2, last) * lds, c2 = cOff + Math.min(2, last) * ldc;
        int s3 = sOff + Math.min(3, last) * lds, c3 = cOff + Math.min(3, last) * ldc;
        int s4 = sOff + Math.min(4, last) * lds, c4 = cOff + Math.min(4, last) * ldc;
        int s5 = sOff + last * lds, c5 = cOff + last * ldc;
        FloatVector x0 = load(s, sOff), x1 = load(s, s1), x2 = load(s, s2);
        FloatVector x3 = load(s, s3), x4 = load(s, s4), x5 = load(s, s5);
        for (int p = 0; p < kb; p++) {
            FloatVector y = load(b, bOff + p * NR);
            int ap = aOff + p * csA;
            x0 = FloatVector.broadcast(S, a[ap]).fma(y, x0);
            x1 = FloatVector.broadcast(S, a[ap + a1]).fma(y, x1);
            x2 = FloatVector.broadcast(S, a[ap + a2]).fma(y, x2);
            x3 = FloatVector.broadcast(S, a[ap + a3]).fma(y, x3);
            x4 = FloatVector.broadcast(S, a[ap + a4]).fma(y, x4);
            x5 = FloatVector.broadcast(S, a[ap + last]).fma(y, x5);
        }
        x0.intoArray(c, cOff); x1.intoArray(c, c1); x2.intoArray(c, c2);
        x3.intoArray(c, c3); x4.intoArray(c, c4); x5.intoArray(c, c5);
    }

    /**
     * As {@link #fullRows}, for two vectors of columns: a panel of 2L to 4L − 1 columns (32 output channels of a
     * convolution's weight gradient) ran one vector at a time, six FMAs to seven loads, at half the speed.
     */
    static void halfRows(int kb, float[] a, int aOff, int rsA, int rows, float[] b, int bOff,
                         float[] s, int sOff, int lds, float[] c, int cOff, int ldc) {
        int last = rows - 1;
        int a1 = aOff + Math.min(1, last) * rsA;
        int a2 = aOff + Math.min(2, last) * rsA;
        int a3 = aOff + Math.min(3, last) * rsA;
        int a4 = aOff + Math.min(4, last) * rsA;
        int a5 = aOff + last * rsA;
        int s1 = sOff + Math.min(1, last) * lds, c1 = cOff + Math.min(1, last) * ldc;
        int s2 = sOff + Math.min(2, last) * lds, c2 = cOff + Math.min(2, last) * ldc;
        int s3 = sOff + Math.min(3, last) * lds, c3 = cOff + Math.min(3, last) * ldc;
        int s4 = sOff + Math.min(4, last) * lds, c4 = cOff + Math.min(4, last) * ldc;
        int s5 = sOff + last * lds, c5 = cOff + last * ldc;
        FloatVector x00 = load(s, sOff), x01 = load(s, sOff + L), x10 = load(s, s1), x11 = load(s, s1 + L);
        FloatVector x20 = load(s, s2), x21 = load(s, s2 + L), x30 = load(s, s3), x31 = load(s, s3 + L);
        FloatVector x40 = load(s, s4), x41 = load(s, s4 + L), x50 = load(s, s5), x51 = load(s, s5 + L);
        for (int p = 0; p < kb; p++) {
            int bp = bOff + p * NR;
            FloatVector b0 = load(b, bp), b1 = load(b, bp + L);
            FloatVector y0 = FloatVector.broadcast(S, a[aOff + p]);
            x00 = y0.fma(b0, x00); x01 = y0.fma(b1, x01);
            FloatVector y1 = FloatVector.broadcast(S, a[a1 + p]);
            x10 = y1.fma(b0, x10); x11 = y1.fma(b1, x11);
            FloatVector y2 = FloatVector.broadcast(S, a[a2 + p]);
            x20 = y2.fma(b0, x20); x21 = y2.fma(b1, x21);
            FloatVector y3 = FloatVector.broadcast(S, a[a3 + p]);
            x30 = y3.fma(b0, x30); x31 = y3.fma(b1, x31);
            FloatVector y4 = FloatVector.broadcast(S, a[a4 + p]);
            x40 = y4.fma(b0, x40); x41 = y4.fma(b1, x41);
            FloatVector y5 = FloatVector.broadcast(S, a[a5 + p]);
            x50 = y5.fma(b0, x50); x51 = y5.fma(b1, x51);
        }
        x00.intoArray(c, cOff); x01.intoArray(c, cOff + L); x10.intoArray(c, c1); x11.intoArray(c, c1 + L);
        x20.intoArray(c, c2); x21.intoArray(c, c2 + L); x30.intoArray(c, c3); x31.intoArray(c, c3 + L);
        x40.intoArray(c, c4); x41.intoArray(c, c4 + L); x50.intoArray(c, c5); x51.intoArray(c, c5 + L);
    }

    /** As {@link #fullCols}, for two vectors of columns (see {@link #halfRows}). */
    static void halfCols(int kb, float[] a, int aOff, int csA, int rows, float[] b, int bOff,
                         float[] s, int sOff, int lds, float[] c, int cOff, int ldc) {
        int last = rows - 1;
        int a1 = Math.min(1, last);
        int a2 = Math.min(2, last);
        int a3 = Math.min(3, last);
        int a4 = Math.min(4, last);
        int s1 = sOff + Math.min(1, last) * lds, c1 = cOff + Math.min(1, last) * ldc;
        int s2 = sOff + Math.min(2, last) * lds, c2 = cOff + Math.min(2, last) * ldc;
        int s3 = sOff + Math.min(3, last) * lds, c3 = cOff + Math.min(3, last) * ldc;
        int s4 = sOff + Math.min(4, last) * lds, c4 = cOff + Math.min(4, last) * ldc;
        int s5 = sOff + last * lds, c5 = cOff + last * ldc;
        FloatVector x00 = load(s, sOff), x01 = load(s, sOff + L), x10 = load(s, s1), x11 = load(s, s1 + L);
        FloatVector x20 = load(s, s2), x21 = load(s, s2 + L), x30 = load(s, s3), x31 = load(s, s3 + L);
        FloatVector x40 = load(s, s4), x41 = load(s, s4 + L), x50 = load(s, s5), x51 = load(s, s5 + L);
        for (int p = 0; p < kb; p++) {
            int bp = bOff + p * NR, ap = aOff + p * csA;
            FloatVector b0 = load(b, bp), b1 = load(b, bp + L);
            FloatVector y0 = FloatVector.broadcast(S, a[ap]);
            x00 = y0.fma(b0, x00); x01 = y0.fma(b1, x01);
            FloatVector y1 = FloatVector.broadcast(S, a[ap + a1]);
            x10 = y1.fma(b0, x10); x11 = y1.fma(b1, x11);
            FloatVector y2 = FloatVector.broadcast(S, a[ap + a2]);
            x20 = y2.fma(b0, x20); x21 = y2.fma(b1, x21);
            FloatVector y3 = FloatVector.broadcast(S, a[ap + a3]);
            x30 = y3.fma(b0, x30); x31 = y3.fma(b1, x31);
            FloatVector y4 = FloatVector.broadcast(S, a[ap + a4]);
            x40 = y4.fma(b0, x40); x41 = y4.fma(b1, x41);
            FloatVector y5 = FloatVector.broadcast(S, a[ap + last]);
            x50 = y5.fma(b0, x50); x51 = y5.fma(b1, x51);
        }
        x00.intoArray(c, cOff); x01.intoArray(c, cOff + L); x10.intoArray(c, c1); x11.intoArray(c, c1 + L);
        x20.intoArray(c, c2); x21.intoArray(c, c2 + L); x30.intoArray(c, c3); x31.intoArray(c, c3 + L);
        x40.intoArray(c, c4); x41.intoArray(c, c4 + L); x50.intoArray(c, c5); x51.intoArray(c, c5 + L);
    }

    /**
     * One row of C over a full panel: the same fused multiply-adds in the same order as {@link #fullRows}
     * gives that row, without the five repeated rows a lone row would cost there (single-sample
     * inference). A's p-th value is at {@code a[aOff + p * csA]}, for either layout of A.
     */
    static void fullRow(int kb, float[] a, int aOff, int csA, float[] b, int bOff, float[] s, int sOff,
                        float[] c, int cOff) {
        FloatVector x0 = load(s, sOff), x1 = load(s, sOff + L), x2 = load(s, sOff + 2 * L), x3 = load(s, sOff + 3 * L);
        for (int p = 0; p < kb; p++) {
            int bp = bOff + p * NR;
            FloatVector y = FloatVector.broadcast(S, a[aOff + p * csA]);
            x0 = y.fma(load(b, bp), x0);
            x1 = y.fma(load(b, bp + L), x1);
            x2 = y.fma(load(b, bp + 2 * L), x2);
            x3 = y.fma(load(b, bp + 3 * L), x3);
        }
        x0.intoArray(c, cOff); x1.intoArray(c, cOff + L); x2.intoArray(c, cOff + 2 * L); x3.intoArray(c, cOff + 3 * L);
    }

    /**
     * One row of C over two full panels (from {@code bOff} and {@code bOff2}) at once: each sum is a
     * chain of k dependent fused multiply-adds, so a lone row over one panel waits on that chain; eight
     * chains in flight keep both FMA units busy. The same operations per element as {@link #fullRow}.
     */
    static void fullRowPair(int kb, float[] a, int aOff, int csA, float[] b, int bOff, int bOff2, float[] s, int sOff,
                            float[] c, int cOff) {
        FloatVector x0 = load(s, sOff), x1 = load(s, sOff + L), x2 = load(s, sOff + 2 * L), x3 = load(s, sOff + 3 * L);
        FloatVector x4 = load(s, sOff + NR), x5 = load(s, sOff + NR + L);
        FloatVector x6 = load(s, sOff + NR + 2 * L), x7 = load(s, sOff + NR + 3 * L);
        for (int p = 0; p < kb; p++) {
            int bp = bOff + p * NR, bq = bOff2 + p * NR;
            FloatVector y = FloatVector.broadcast(S, a[aOff + p * csA]);
            x0 = y.fma(load(b, bp), x0);
            x1 = y.fma(load(b, bp + L), x1);
            x2 = y.fma(load(b, bp + 2 * L), x2);
            x3 = y.fma(load(b, bp + 3 * L), x3);
            x4 = y.fma(load(b, bq), x4);
            x5 = y.fma(load(b, bq + L), x5);
            x6 = y.fma(load(b, bq + 2 * L), x6);
            x7 = y.fma(load(b, bq + 3 * L), x7);
        }
        x0.intoArray(c, cOff); x1.intoArray(c, cOff + L); x2.intoArray(c, cOff + 2 * L); x3.intoArray(c, cOff + 3 * L);
        x4.intoArray(c, cOff + NR); x5.intoArray(c, cOff + NR + L);
        x6.intoArray(c, cOff + NR + 2 * L); x7.intoArray(c, cOff + NR + 3 * L);
    }

    /** As {@link #fullRow}, for one vector of columns. */
    static void narrowRow(int kb, float[] a, int aOff, int csA, float[] b, int bOff, float[] s, int sOff,
                          float[] c, int cOff) {
        FloatVector x = load(s, sOff);
        for (int p = 0; p < kb; p++) {
            x = FloatVector.broadcast(S, a[aOff + p * csA]).fma(load(b, bOff + p * NR), x);
        }
        x.intoArray(c, cOff);
    }

    private static FloatVector load(float[] x, int off) {
        return FloatVector.fromArray(S, x, off);
    }
}
