package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile of {@link DirectConvF32}: MR output channels × {@link #NR} positions of the wide output
 * grid, summed over every input channel and kernel tap. Tap p's inputs for the tile's positions are one
 * contiguous run of the padded input, {@code xp[q0 + koff[p] ..]}, so B is read where it lies, with no column
 * matrix and no packing; A is the kernel packed {@code MR} values per tap ({@link DirectConvF32#pack}).
 *
 * <p>Each output starts from its bias (or 0) and takes one fused multiply-add per tap in ascending tap order,
 * the order of im2col's rows, so the sums are im2col's products' to the bit. Written out by hand, as {@link
 * GemmTileF32}'s are, so that C2 keeps the sixteen accumulators in registers.
 */
final class DirectTileF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output channels of a tile. */
    static final int MR = 8;
    /** Wide-grid positions of a tile: three vectors. */
    static final int NR = 3 * L;

    private DirectTileF32() {}

    /**
     * c[r·ldc + coff .. + NR) for tile rows r (row {@code min(r, last)} where r passes the last valid one, so a
     * partial tile writes its last row again with the same values) = bias[row] + Σ_p a[ao + p·MR + r] ·
     * b[bq + koff[p] ..]. {@code bias} may be null (then 0), read from {@code biasOff}.
     */
    static void tile(int k, float[] a, int ao, float[] b, int bq, int[] koff, float[] bias, int biasOff, int last,
                     float[] c, int coff, int ldc) {
        int r1 = Math.min(1, last), r2 = Math.min(2, last), r3 = Math.min(3, last);
        int r4 = Math.min(4, last), r5 = Math.min(5, last), r6 = Math.min(6, last);
        FloatVector x00 = start(bias, biasOff), x01 = x00, x02 = x00;
        FloatVector x10 = start(bias, biasOff + r1), x11 = x10, x12 = x10;
        FloatVector x20 = start(bias, biasOff + r2), x21 = x20, x22 = x20;
        FloatVector x30 = start(bias, biasOff + r3), x31 = x30, x32 = x30;
        FloatVector x40 = start(bias, biasOff + r4), x41 = x40, x42 = x40;
        FloatVector x50 = start(bias, biasOff + r5), x51 = x50, x52 = x50;
        FloatVector x60 = start(bias, biasOff + r6), x61 = x60, x62 = x60;
        FloatVector x70 = start(bias, biasOff + Math.min(7, last)), x71 = x70, x72 = x70;
        for (int p = 0; p < k; p++) {
            int bo = bq + koff[p], ap = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bo), b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * L);
            FloatVector y = FloatVector.broadcast(S, a[ap]);
            x00 = y.fma(b0, x00); x01 = y.fma(b1, x01); x02 = y.fma(b2, x02);
            y = FloatVector.broadcast(S, a[ap + 1]);
            x10 = y.fma(b0, x10); x11 = y.fma(b1, x11); x12 = y.fma(b2, x12);
            y = FloatVector.broadcast(S, a[ap + 2]);
            x20 = y.fma(b0, x20); x21 = y.fma(b1, x21); x22 = y.fma(b2, x22);
            y = FloatVector.broadcast(S, a[ap + 3]);
            x30 = y.fma(b0, x30); x31 = y.fma(b1, x31); x32 = y.fma(b2, x32);
            y = FloatVector.broadcast(S, a[ap + 4]);
            x40 = y.fma(b0, x40); x41 = y.fma(b1, x41); x42 = y.fma(b2, x42);
            y = FloatVector.broadcast(S, a[ap + 5]);
            x50 = y.fma(b0, x50); x51 = y.fma(b1, x51); x52 = y.fma(b2, x52);
            y = FloatVector.broadcast(S, a[ap + 6]);
            x60 = y.fma(b0, x60); x61 = y.fma(b1, x61); x62 = y.fma(b2, x62);
            y = FloatVector.broadcast(S, a[ap + 7]);
            x70 = y.fma(b0, x70); x71 = y.fma(b1, x71); x72 = y.fma(b2, x72);
        }
        int c7 = coff + Math.min(7, last) * ldc;
        x70.intoArray(c, c7); x71.intoArray(c, c7 + L); x72.intoArray(c, c7 + 2 * L);
        x60.intoArray(c, coff + r6 * ldc); x61.intoArray(c, coff + r6 * ldc + L); x62.intoArray(c, coff + r6 * ldc + 2 * L);
        x50.intoArray(c, coff + r5 * ldc); x51.intoArray(c, coff + r5 * ldc + L); x52.intoArray(c, coff + r5 * ldc + 2 * L);
        x40.intoArray(c, coff + r4 * ldc); x41.intoArray(c, coff + r4 * ldc + L); x42.intoArray(c, coff + r4 * ldc + 2 * L);
        x30.intoArray(c, coff + r3 * ldc); x31.intoArray(c, coff + r3 * ldc + L); x32.intoArray(c, coff + r3 * ldc + 2 * L);
        x20.intoArray(c, coff + r2 * ldc); x21.intoArray(c, coff + r2 * ldc + L); x22.intoArray(c, coff + r2 * ldc + 2 * L);
        x10.intoArray(c, coff + r1 * ldc); x11.intoArray(c, coff + r1 * ldc + L); x12.intoArray(c, coff + r1 * ldc + 2 * L);
        x00.intoArray(c, coff); x01.intoArray(c, coff + L); x02.intoArray(c, coff + 2 * L);
    }

    private static FloatVector start(float[] bias, int i) {
        return bias == null ? FloatVector.zero(S) : FloatVector.broadcast(S, bias[i]);
    }
}
