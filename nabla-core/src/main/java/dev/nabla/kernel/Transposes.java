package dev.nabla.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * An L × L block transposed in registers, for {@link GemmPackF32}'s (and the generated
 * {@code GemmPackF64}'s) packing of a transposed B: 16 × 16 floats and 8 × 8 doubles, where the
 * preferred vector holds that many (AVX-512). The same rounds of zips as the packing's generic loop,
 * with the rows held in locals from the loads to the stores: the generic loop passes each round through
 * L1 scratch, and for floats took 88–104 ns a 16 × 16 block in L1 against 43–45 here (a throwaway
 * benchmark, 2026-12-06). Written out because the Vector API cannot hold an array of vectors in
 * registers. One overload per element type, so that the generated float64 packing calls the double
 * one through the same line; {@link #whole} says whether the block fits the preferred vector.
 */
final class Transposes {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final boolean FLOATS = S.length() == 16;
    private static final boolean DOUBLES = D.length() == 8;
    /** Interleave two vectors: lanes 0, L, 1, L + 1, … (the low halves), and the high halves likewise. */
    private static final VectorShuffle<Float> ZIP_LO = FLOATS ? VectorShuffle.fromOp(S, i -> zipLo(i, 16)) : null;
    private static final VectorShuffle<Float> ZIP_HI = FLOATS ? VectorShuffle.fromOp(S, i -> zipHi(i, 16)) : null;
    private static final VectorShuffle<Double> DZIP_LO = DOUBLES ? VectorShuffle.fromOp(D, i -> zipLo(i, 8)) : null;
    private static final VectorShuffle<Double> DZIP_HI = DOUBLES ? VectorShuffle.fromOp(D, i -> zipHi(i, 8)) : null;

    private Transposes() {}

    private static int zipLo(int i, int lanes) {
        return (i & 1) == 0 ? i / 2 : lanes + i / 2;
    }

    private static int zipHi(int i, int lanes) {
        return (i & 1) == 0 ? lanes / 2 + i / 2 : lanes + lanes / 2 + i / 2;
    }

    /** Whether {@link #block(float[], int, int, float[], int, int)} applies: 16 floats to a vector. */
    static boolean whole(float[] ignored) {
        return FLOATS;
    }

    /** Whether {@link #block(double[], int, int, double[], int, int)} applies: 8 doubles to a vector. */
    static boolean whole(double[] ignored) {
        return DOUBLES;
    }

    /**
     * The 16 × 16 block whose row i is {@code b[at + i·stride ..]} (16 floats), transposed into
     * {@code out[to + j·outStride ..]}, row j. Only where {@link #whole(float[])}.
     */
    static void block(float[] b, int at, int stride, float[] out, int to, int outStride) {
        FloatVector r0 = FloatVector.fromArray(S, b, at + 0 * stride);
        FloatVector r1 = FloatVector.fromArray(S, b, at + 1 * stride);
        FloatVector r2 = FloatVector.fromArray(S, b, at + 2 * stride);
        FloatVector r3 = FloatVector.fromArray(S, b, at + 3 * stride);
        FloatVector r4 = FloatVector.fromArray(S, b, at + 4 * stride);
        FloatVector r5 = FloatVector.fromArray(S, b, at + 5 * stride);
        FloatVector r6 = FloatVector.fromArray(S, b, at + 6 * stride);
        FloatVector r7 = FloatVector.fromArray(S, b, at + 7 * stride);
        FloatVector r8 = FloatVector.fromArray(S, b, at + 8 * stride);
        FloatVector r9 = FloatVector.fromArray(S, b, at + 9 * stride);
        FloatVector r10 = FloatVector.fromArray(S, b, at + 10 * stride);
        FloatVector r11 = FloatVector.fromArray(S, b, at + 11 * stride);
        FloatVector r12 = FloatVector.fromArray(S, b, at + 12 * stride);
        FloatVector r13 = FloatVector.fromArray(S, b, at + 13 * stride);
        FloatVector r14 = FloatVector.fromArray(S, b, at + 14 * stride);
        FloatVector r15 = FloatVector.fromArray(S, b, at + 15 * stride);
        FloatVector z0a = r0.rearrange(ZIP_LO, r8);
        FloatVector z0b = r0.rearrange(ZIP_HI, r8);
        FloatVector z0c = r1.rearrange(ZIP_LO, r9);
        FloatVector z0d = r1.rearrange(ZIP_HI, r9);
        FloatVector z0e = r2.rearrange(ZIP_LO, r10);
        FloatVector z0f = r2.rearrange(ZIP_HI, r10);
        FloatVector z0g = r3.rearrange(ZIP_LO, r11);
        FloatVector z0h = r3.rearrange(ZIP_HI, r11);
        FloatVector z0i = r4.rearrange(ZIP_LO, r12);
        FloatVector z0j = r4.rearrange(ZIP_HI, r12);
        FloatVector z0k = r5.rearrange(ZIP_LO, r13);
        FloatVector z0l = r5.rearrange(ZIP_HI, r13);
        FloatVector z0m = r6.rearrange(ZIP_LO, r14);
        FloatVector z0n = r6.rearrange(ZIP_HI, r14);
        FloatVector z0o = r7.rearrange(ZIP_LO, r15);
        FloatVector z0p = r7.rearrange(ZIP_HI, r15);
        FloatVector z1a = z0a.rearrange(ZIP_LO, z0i);
        FloatVector z1b = z0a.rearrange(ZIP_HI, z0i);
        FloatVector z1c = z0b.rearrange(ZIP_LO, z0j);
        FloatVector z1d = z0b.rearrange(ZIP_HI, z0j);
        FloatVector z1e = z0c.rearrange(ZIP_LO, z0k);
        FloatVector z1f = z0c.rearrange(ZIP_HI, z0k);
        FloatVector z1g = z0d.rearrange(ZIP_LO, z0l);
        FloatVector z1h = z0d.rearrange(ZIP_HI, z0l);
        FloatVector z1i = z0e.rearrange(ZIP_LO, z0m);
        FloatVector z1j = z0e.rearrange(ZIP_HI, z0m);
        FloatVector z1k = z0f.rearrange(ZIP_LO, z0n);
        FloatVector z1l = z0f.rearrange(ZIP_HI, z0n);
        FloatVector z1m = z0g.rearrange(ZIP_LO, z0o);
        FloatVector z1n = z0g.rearrange(ZIP_HI, z0o);
        FloatVector z1o = z0h.rearrange(ZIP_LO, z0p);
        FloatVector z1p = z0h.rearrange(ZIP_HI, z0p);
        FloatVector z2a = z1a.rearrange(ZIP_LO, z1i);
        FloatVector z2b = z1a.rearrange(ZIP_HI, z1i);
        FloatVector z2c = z1b.rearrange(ZIP_LO, z1j);
        FloatVector z2d = z1b.rearrange(ZIP_HI, z1j);
        FloatVector z2e = z1c.rearrange(ZIP_LO, z1k);
        FloatVector z2f = z1c.rearrange(ZIP_HI, z1k);
        FloatVector z2g = z1d.rearrange(ZIP_LO, z1l);
        FloatVector z2h = z1d.rearrange(ZIP_HI, z1l);
        FloatVector z2i = z1e.rearrange(ZIP_LO, z1m);
        FloatVector z2j = z1e.rearrange(ZIP_HI, z1m);
        FloatVector z2k = z1f.rearrange(ZIP_LO, z1n);
        FloatVector z2l = z1f.rearrange(ZIP_HI, z1n);
        FloatVector z2m = z1g.rearrange(ZIP_LO, z1o);
        FloatVector z2n = z1g.rearrange(ZIP_HI, z1o);
        FloatVector z2o = z1h.rearrange(ZIP_LO, z1p);
        FloatVector z2p = z1h.rearrange(ZIP_HI, z1p);
        FloatVector z3a = z2a.rearrange(ZIP_LO, z2i);
        FloatVector z3b = z2a.rearrange(ZIP_HI, z2i);
        FloatVector z3c = z2b.rearrange(ZIP_LO, z2j);
        FloatVector z3d = z2b.rearrange(ZIP_HI, z2j);
        FloatVector z3e = z2c.rearrange(ZIP_LO, z2k);
        FloatVector z3f = z2c.rearrange(ZIP_HI, z2k);
        FloatVector z3g = z2d.rearrange(ZIP_LO, z2l);
        FloatVector z3h = z2d.rearrange(ZIP_HI, z2l);
        FloatVector z3i = z2e.rearrange(ZIP_LO, z2m);
        FloatVector z3j = z2e.rearrange(ZIP_HI, z2m);
        FloatVector z3k = z2f.rearrange(ZIP_LO, z2n);
        FloatVector z3l = z2f.rearrange(ZIP_HI, z2n);
        FloatVector z3m = z2g.rearrange(ZIP_LO, z2o);
        FloatVector z3n = z2g.rearrange(ZIP_HI, z2o);
        FloatVector z3o = z2h.rearrange(ZIP_LO, z2p);
        FloatVector z3p = z2h.rearrange(ZIP_HI, z2p);
        z3a.intoArray(out, to + 0 * outStride);
        z3b.intoArray(out, to + 1 * outStride);
        z3c.intoArray(out, to + 2 * outStride);
        z3d.intoArray(out, to + 3 * outStride);
        z3e.intoArray(out, to + 4 * outStride);
        z3f.intoArray(out, to + 5 * outStride);
        z3g.intoArray(out, to + 6 * outStride);
        z3h.intoArray(out, to + 7 * outStride);
        z3i.intoArray(out, to + 8 * outStride);
        z3j.intoArray(out, to + 9 * outStride);
        z3k.intoArray(out, to + 10 * outStride);
        z3l.intoArray(out, to + 11 * outStride);
        z3m.intoArray(out, to + 12 * outStride);
        z3n.intoArray(out, to + 13 * outStride);
        z3o.intoArray(out, to + 14 * outStride);
        z3p.intoArray(out, to + 15 * outStride);
    }

    /** The 8 × 8 double block, as the float one. Only where {@link #whole(double[])}. */
    static void block(double[] b, int at, int stride, double[] out, int to, int outStride) {
        DoubleVector r0 = DoubleVector.fromArray(D, b, at + 0 * stride);
        DoubleVector r1 = DoubleVector.fromArray(D, b, at + 1 * stride);
        DoubleVector r2 = DoubleVector.fromArray(D, b, at + 2 * stride);
        DoubleVector r3 = DoubleVector.fromArray(D, b, at + 3 * stride);
        DoubleVector r4 = DoubleVector.fromArray(D, b, at + 4 * stride);
        DoubleVector r5 = DoubleVector.fromArray(D, b, at + 5 * stride);
        DoubleVector r6 = DoubleVector.fromArray(D, b, at + 6 * stride);
        DoubleVector r7 = DoubleVector.fromArray(D, b, at + 7 * stride);
        DoubleVector z0a = r0.rearrange(DZIP_LO, r4);
        DoubleVector z0b = r0.rearrange(DZIP_HI, r4);
        DoubleVector z0c = r1.rearrange(DZIP_LO, r5);
        DoubleVector z0d = r1.rearrange(DZIP_HI, r5);
        DoubleVector z0e = r2.rearrange(DZIP_LO, r6);
        DoubleVector z0f = r2.rearrange(DZIP_HI, r6);
        DoubleVector z0g = r3.rearrange(DZIP_LO, r7);
        DoubleVector z0h = r3.rearrange(DZIP_HI, r7);
        DoubleVector z1a = z0a.rearrange(DZIP_LO, z0e);
        DoubleVector z1b = z0a.rearrange(DZIP_HI, z0e);
        DoubleVector z1c = z0b.rearrange(DZIP_LO, z0f);
        DoubleVector z1d = z0b.rearrange(DZIP_HI, z0f);
        DoubleVector z1e = z0c.rearrange(DZIP_LO, z0g);
        DoubleVector z1f = z0c.rearrange(DZIP_HI, z0g);
        DoubleVector z1g = z0d.rearrange(DZIP_LO, z0h);
        DoubleVector z1h = z0d.rearrange(DZIP_HI, z0h);
        DoubleVector z2a = z1a.rearrange(DZIP_LO, z1e);
        DoubleVector z2b = z1a.rearrange(DZIP_HI, z1e);
        DoubleVector z2c = z1b.rearrange(DZIP_LO, z1f);
        DoubleVector z2d = z1b.rearrange(DZIP_HI, z1f);
        DoubleVector z2e = z1c.rearrange(DZIP_LO, z1g);
        DoubleVector z2f = z1c.rearrange(DZIP_HI, z1g);
        DoubleVector z2g = z1d.rearrange(DZIP_LO, z1h);
        DoubleVector z2h = z1d.rearrange(DZIP_HI, z1h);
        z2a.intoArray(out, to + 0 * outStride);
        z2b.intoArray(out, to + 1 * outStride);
        z2c.intoArray(out, to + 2 * outStride);
        z2d.intoArray(out, to + 3 * outStride);
        z2e.intoArray(out, to + 4 * outStride);
        z2f.intoArray(out, to + 5 * outStride);
        z2g.intoArray(out, to + 6 * outStride);
        z2h.intoArray(out, to + 7 * outStride);
    }
}
