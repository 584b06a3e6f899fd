package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile of {@link DirectGradF32}: {@link #MR} taps × {@link #NR} output channels of one image's
 * weight gradient, {@code dWᵀ[tap][o] = Σ_q xp[koff[tap] + q] · gt[q][o]} over the positions q of the wide output
 * grid. Each tap's inputs are a run of the padded image read where it lies (one broadcast a position), and the
 * gradient, transposed once per image into panels of NR channels (zero in the grid's dropped columns), gives
 * the two vectors of B: no column matrix and no packing.
 *
 * <p>One loop over the grid, not one per output row: with the rows' loops (28 or 14 positions each) the tile
 * ran at half the speed. Each sum starts from 0, takes one fused multiply-add per position in order, and is
 * then added to its row of C: the same bits whatever the threads. Written out by hand, as {@link
 * GemmTileF32}'s tiles are, so that C2 keeps the 24 accumulators in registers.
 */
final class DirectGradTileF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Taps of a tile. */
    static final int MR = 12;
    /** Output channels of a tile: two vectors. */
    static final int NR = 2 * L;

    private DirectGradTileF32() {}

    /**
     * c[cOff + r·ldc .. + NR) += Σ_(q < grid) xp[koff[t0 + r] + q] · gt[gOff + q·NR ..], for r below {@link #MR}.
     */
    static void tile(float[] xp, int[] koff, int t0, int grid, float[] gt, int gOff,
                     float[] c, int cOff, int ldc) {
        int k0 = koff[t0], k1 = koff[t0 + 1], k2 = koff[t0 + 2], k3 = koff[t0 + 3];
        int k4 = koff[t0 + 4], k5 = koff[t0 + 5], k6 = koff[t0 + 6], k7 = koff[t0 + 7];
        int k8 = koff[t0 + 8], k9 = koff[t0 + 9], k10 = koff[t0 + 10], k11 = koff[t0 + 11];
        FloatVector z = FloatVector.zero(S);
        FloatVector x00 = z, x01 = z, x10 = z, x11 = z, x20 = z, x21 = z, x30 = z, x31 = z;
        FloatVector x40 = z, x41 = z, x50 = z, x51 = z, x60 = z, x61 = z, x70 = z, x71 = z;
        FloatVector x80 = z, x81 = z, x90 = z, x91 = z, xa0 = z, xa1 = z, xb0 = z, xb1 = z;
        for (int at = 0; at < grid; at++) {
            int gp = gOff + at * NR;
            FloatVector b0 = FloatVector.fromArray(S, gt, gp), b1 = FloatVector.fromArray(S, gt, gp + L);
            FloatVector y = FloatVector.broadcast(S, xp[k0 + at]);
            x00 = y.fma(b0, x00); x01 = y.fma(b1, x01);
            y = FloatVector.broadcast(S, xp[k1 + at]);
            x10 = y.fma(b0, x10); x11 = y.fma(b1, x11);
            y = FloatVector.broadcast(S, xp[k2 + at]);
            x20 = y.fma(b0, x20); x21 = y.fma(b1, x21);
            y = FloatVector.broadcast(S, xp[k3 + at]);
            x30 = y.fma(b0, x30); x31 = y.fma(b1, x31);
            y = FloatVector.broadcast(S, xp[k4 + at]);
            x40 = y.fma(b0, x40); x41 = y.fma(b1, x41);
            y = FloatVector.broadcast(S, xp[k5 + at]);
            x50 = y.fma(b0, x50); x51 = y.fma(b1, x51);
            y = FloatVector.broadcast(S, xp[k6 + at]);
            x60 = y.fma(b0, x60); x61 = y.fma(b1, x61);
            y = FloatVector.broadcast(S, xp[k7 + at]);
            x70 = y.fma(b0, x70); x71 = y.fma(b1, x71);
            y = FloatVector.broadcast(S, xp[k8 + at]);
            x80 = y.fma(b0, x80); x81 = y.fma(b1, x81);
            y = FloatVector.broadcast(S, xp[k9 + at]);
            x90 = y.fma(b0, x90); x91 = y.fma(b1, x91);
            y = FloatVector.broadcast(S, xp[k10 + at]);
            xa0 = y.fma(b0, xa0); xa1 = y.fma(b1, xa1);
            y = FloatVector.broadcast(S, xp[k11 + at]);
            xb0 = y.fma(b0, xb0); xb1 = y.fma(b1, xb1);
        }
        x00.add(FloatVector.fromArray(S, c, cOff)).intoArray(c, cOff);
        x01.add(FloatVector.fromArray(S, c, cOff + L)).intoArray(c, cOff + L);
        x10.add(FloatVector.fromArray(S, c, cOff + ldc)).intoArray(c, cOff + ldc);
        x11.add(FloatVector.fromArray(S, c, cOff + ldc + L)).intoArray(c, cOff + ldc + L);
        x20.add(FloatVector.fromArray(S, c, cOff + 2 * ldc)).intoArray(c, cOff + 2 * ldc);
        x21.add(FloatVector.fromArray(S, c, cOff + 2 * ldc + L)).intoArray(c, cOff + 2 * ldc + L);
        x30.add(FloatVector.fromArray(S, c, cOff + 3 * ldc)).intoArray(c, cOff + 3 * ldc);
        x31.add(FloatVector.fromArray(S, c, cOff + 3 * ldc + L)).intoArray(c, cOff + 3 * ldc + L);
        x40.add(FloatVector.fromArray(S, c, cOff + 4 * ldc)).intoArray(c, cOff + 4 * ldc);
        x41.add(FloatVector.fromArray(S, c, cOff + 4 * ldc + L)).intoArray(c, cOff + 4 * ldc + L);
        x50.add(FloatVector.fromArray(S, c, cOff + 5 * ldc)).intoArray(c, cOff + 5 * ldc);
        x51.add(FloatVector.fromArray(S, c, cOff + 5 * ldc + L)).intoArray(c, cOff + 5 * ldc + L);
        x60.add(FloatVector.fromArray(S, c, cOff + 6 * ldc)).intoArray(c, cOff + 6 * ldc);
        x61.add(FloatVector.fromArray(S, c, cOff + 6 * ldc + L)).intoArray(c, cOff + 6 * ldc + L);
        x70.add(FloatVector.fromArray(S, c, cOff + 7 * ldc)).intoArray(c, cOff + 7 * ldc);
        x71.add(FloatVector.fromArray(S, c, cOff + 7 * ldc + L)).intoArray(c, cOff + 7 * ldc + L);
        x80.add(FloatVector.fromArray(S, c, cOff + 8 * ldc)).intoArray(c, cOff + 8 * ldc);
        x81.add(FloatVector.fromArray(S, c, cOff + 8 * ldc + L)).intoArray(c, cOff + 8 * ldc + L);
        x90.add(FloatVector.fromArray(S, c, cOff + 9 * ldc)).intoArray(c, cOff + 9 * ldc);
        x91.add(FloatVector.fromArray(S, c, cOff + 9 * ldc + L)).intoArray(c, cOff + 9 * ldc + L);
        xa0.add(FloatVector.fromArray(S, c, cOff + 10 * ldc)).intoArray(c, cOff + 10 * ldc);
        xa1.add(FloatVector.fromArray(S, c, cOff + 10 * ldc + L)).intoArray(c, cOff + 10 * ldc + L);
        xb0.add(FloatVector.fromArray(S, c, cOff + 11 * ldc)).intoArray(c, cOff + 11 * ldc);
        xb1.add(FloatVector.fromArray(S, c, cOff + 11 * ldc + L)).intoArray(c, cOff + 11 * ldc + L);
    }
}
