package dev.nabla.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link WinogradF32}'s transforms, over a vector of tiles at a time, in a class of its own
 * so that a JVM without the {@code jdk.incubator.vector} module never loads it (see {@link KernelMode}). The
 * same additions in the same order as the scalar loops: the same bits. Both loops run whole vectors past the
 * row's last tile, into the slack {@link WinogradF32} leaves after every row; they return where they stopped.
 */
final class WinogradSimdF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Interleave two vectors: lanes 0, L, 1, L + 1, … (the low halves), and the high halves likewise. */
    private static final VectorShuffle<Float> ZIP_LO = VectorShuffle.fromOp(S, i -> (i & 1) == 0 ? i / 2 : L + i / 2);
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, i -> 2 * i);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(S, i -> 2 * i + 1);
    private static final VectorShuffle<Float> ZIP_HI =
            VectorShuffle.fromOp(S, i -> (i & 1) == 0 ? L / 2 + i / 2 : L + L / 2 + i / 2);

    /**
     * By tile count c (1 .. L/2 − 1) of a row: lanes L/2 .. L/2 + c moved down to c .. 2c (the second tile row
     * of a pair next to the first), and the lanes c .. 2c of two vectors interleaved (the second row's pixels).
     */
    private static final VectorShuffle<Float>[] CLOSE = shuffles(c -> i -> i < c ? i : i < 2 * c ? i - c + L / 2 : i);
    private static final VectorShuffle<Float>[] ZIP_MID = shuffles(c -> i -> (i & 1) == 0 ? c + i / 2 : L + c + i / 2);

    /** Bᵀ's rows: row i is padded row FIRST[i] minus row SECOND[i] (plus, for i = 1). */
    private static final int[] FIRST = {0, 1, 2, 1};
    private static final int[] SECOND = {2, 2, 1, 3};

    private WinogradSimdF32() {}

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] shuffles(java.util.function.IntFunction<java.util.function.IntUnaryOperator> by) {
        VectorShuffle<Float>[] out = new VectorShuffle[L / 2];
        for (int c = 1; c < L / 2; c++) {
            out[c] = VectorShuffle.fromOp(S, by.apply(c));
        }
        return out;
    }

    /**
     * Whether two tile rows of {@code cols} tiles go through the transforms as one vector ({@link #inputPair},
     * {@link #outputPair}): a row's cols + 1 deinterleaved entries fit in half a vector. A 14×14 output has rows of
     * 7 tiles, which one row per vector left more than half the lanes idle.
     */
    static boolean pairs(int cols) {
        return cols + 1 <= L / 2;
    }

    /** Where in a deinterleaved half-row the row two below is copied for {@link #inputPair}: half a vector in. */
    static int pairOffset() {
        return L / 2;
    }

    /**
     * {@link #inputTile} for tile rows ty and ty + 1 at once, {@link #pairs}: each half-row of the planes holds its
     * own row's entries in the first half-vector and, from {@link #pairOffset}, those of the row two below, which
     * is the same row of ty + 1's patches. Lanes 0 .. cols are ty's tiles, L/2 .. L/2 + cols ty + 1's; they are
     * closed up before each store, so the 2·cols tiles land consecutively at {@code v[at ..]} (the lanes past
     * them land on tiles written later, or in the slack).
     */
    static void inputPair(float[] planes, int p, int half, int cols, float[] v, int at, int vStride) {
        VectorShuffle<Float> close = CLOSE[cols];
        for (int i = 0; i < 4; i++) {
            int ra = p + 2 * FIRST[i] * half, rb = p + 2 * SECOND[i] * half;
            FloatVector ea = load(planes, ra, 0), eb = load(planes, ra, 1);
            FloatVector oa = load(planes, ra + half, 0), ob = load(planes, ra + half, 1);
            FloatVector fa = load(planes, rb, 0), fb = load(planes, rb, 1);
            FloatVector qa = load(planes, rb + half, 0), qb = load(planes, rb + half, 1);
            int d = at + 4 * i * vStride;
            if (i == 1) {
                emitClosed(v, d, vStride, close, ea.add(fa), eb.add(fb), oa.add(qa), ob.add(qb));
            } else {
                emitClosed(v, d, vStride, close, ea.sub(fa), eb.sub(fb), oa.sub(qa), ob.sub(qb));
            }
        }
    }

    private static void emitClosed(float[] v, int d, int vStride, VectorShuffle<Float> close, FloatVector ea,
                                   FloatVector eb, FloatVector oa, FloatVector ob) {
        ea.sub(eb).rearrange(close).intoArray(v, d);
        oa.add(eb).rearrange(close).intoArray(v, d + vStride);
        eb.sub(oa).rearrange(close).intoArray(v, d + 2 * vStride);
        oa.sub(ob).rearrange(close).intoArray(v, d + 3 * vStride);
    }

    /**
     * {@link #outputRow}'s four rows for tile rows ty and ty + 1 at once, {@link #pairs}: the 2·cols tiles from
     * {@code m[at ..]} as one vector, output rows 2ty, 2ty + 1, 2ty + 2, 2ty + 3 from {@code dst[top]}, {@code ow}
     * apart, written in that order (each store runs on into the next row, written after it). The same sums per
     * tile as {@link #outputRow}.
     */
    static void outputPair(float[] m, int at, int mStride, int cols, float b, float[] dst, int top, int ow) {
        FloatVector bias = FloatVector.broadcast(S, b);
        int r1 = 4 * mStride, r2 = 8 * mStride, r3 = 12 * mStride;
        FloatVector t0 = load(m, at, 0).add(load(m, at, r1)).add(load(m, at, r2));
        FloatVector t1 = load(m, at, mStride).add(load(m, at, r1 + mStride)).add(load(m, at, r2 + mStride));
        FloatVector t2 = load(m, at, 2 * mStride).add(load(m, at, r1 + 2 * mStride)).add(load(m, at, r2 + 2 * mStride));
        FloatVector t3 = load(m, at, 3 * mStride).add(load(m, at, r1 + 3 * mStride)).add(load(m, at, r2 + 3 * mStride));
        FloatVector u0 = load(m, at, r1).sub(load(m, at, r2)).sub(load(m, at, r3));
        FloatVector u1 = load(m, at, r1 + mStride).sub(load(m, at, r2 + mStride)).sub(load(m, at, r3 + mStride));
        FloatVector u2 = load(m, at, r1 + 2 * mStride).sub(load(m, at, r2 + 2 * mStride)).sub(load(m, at, r3 + 2 * mStride));
        FloatVector u3 = load(m, at, r1 + 3 * mStride).sub(load(m, at, r2 + 3 * mStride)).sub(load(m, at, r3 + 3 * mStride));
        FloatVector top0 = t0.add(t1).add(t2).add(bias), top1 = t1.sub(t2).sub(t3).add(bias);
        FloatVector bot0 = u0.add(u1).add(u2).add(bias), bot1 = u1.sub(u2).sub(u3).add(bias);
        VectorShuffle<Float> mid = ZIP_MID[cols];
        top0.rearrange(ZIP_LO, top1).intoArray(dst, top);
        bot0.rearrange(ZIP_LO, bot1).intoArray(dst, top + ow);
        top0.rearrange(mid, top1).intoArray(dst, top + 2 * ow);
        bot0.rearrange(mid, bot1).intoArray(dst, top + 3 * ow);
    }

    /**
     * {@link WinogradF32}'s input transform of one tile row of one channel, L tiles at a time. Row i of Bᵀ·d
     * is padded row FIRST[i] plus or minus row SECOND[i]; one loop over i, not four copies of its body, which
     * C2 stopped inlining at the fourth (and then boxed every vector the call passed).
     */
    static int inputTile(float[] planes, int p, int half, int cols, float[] v, int at, int vStride) {
        int tx = 0;
        for (; tx < cols; tx += L) {
            for (int i = 0; i < 4; i++) {
                int ra = p + 2 * FIRST[i] * half, rb = p + 2 * SECOND[i] * half, n = tx + 1;
                FloatVector ea = load(planes, ra, tx), eb = load(planes, ra, n);
                FloatVector oa = load(planes, ra + half, tx), ob = load(planes, ra + half, n);
                FloatVector fa = load(planes, rb, tx), fb = load(planes, rb, n);
                FloatVector qa = load(planes, rb + half, tx), qb = load(planes, rb + half, n);
                if (i == 1) {
                    emit(v, at + tx + 4 * i * vStride, vStride, ea.add(fa), eb.add(fb), oa.add(qa), ob.add(qb));
                } else {
                    emit(v, at + tx + 4 * i * vStride, vStride, ea.sub(fa), eb.sub(fb), oa.sub(qa), ob.sub(qb));
                }
            }
        }
        return tx;
    }

    /**
     * One input row's even columns to {@code planes[evens ..]} and odd ones to {@code planes[odds ..]}, 2L columns
     * at a time. The last vectors read on past the row (while inside x) and the entries they write past its end
     * are zeroed again: they are the padding. Returns the columns done (a multiple of 2L when short of w).
     */
    static int split(float[] x, int src, int w, float[] planes, int evens, int odds) {
        int ix = 0;
        for (; ix < w && src + ix + 2 * L <= x.length; ix += 2 * L) {
            FloatVector a = FloatVector.fromArray(S, x, src + ix), b = FloatVector.fromArray(S, x, src + ix + L);
            a.rearrange(EVEN, b).intoArray(planes, evens + ix / 2);
            a.rearrange(ODD, b).intoArray(planes, odds + ix / 2);
        }
        if (ix > w) {
            Arrays.fill(planes, evens + (w + 1) / 2, evens + ix / 2, 0f);
            Arrays.fill(planes, odds + w / 2, odds + ix / 2, 0f);
        }
        return ix;
    }

    private static FloatVector load(float[] a, int row, int at) {
        return FloatVector.fromArray(S, a, row + at);
    }

    private static void emit(float[] v, int d, int vStride, FloatVector ea, FloatVector eb, FloatVector oa,
                             FloatVector ob) {
        ea.sub(eb).intoArray(v, d);
        oa.add(eb).intoArray(v, d + vStride);
        eb.sub(oa).intoArray(v, d + 2 * vStride);
        oa.sub(ob).intoArray(v, d + 3 * vStride);
    }

    /** {@link WinogradF32}'s output transform of one output row of one tile row, L tiles at a time. */
    static int outputRow(float[] m, int at, int mStride, int cols, float b, float[] dst, int off, boolean bottom) {
        FloatVector bias = FloatVector.broadcast(S, b);
        int r0 = bottom ? 4 * mStride : 0, r1 = r0 + 4 * mStride, r2 = r1 + 4 * mStride;
        int tx = 0;
        for (; tx < cols; tx += L) {
            int a = at + tx;
            FloatVector c0, c1, c2, c3;
            if (bottom) {
                c0 = load(m, a, r0).sub(load(m, a, r1)).sub(load(m, a, r2));
                c1 = load(m, a, r0 + mStride).sub(load(m, a, r1 + mStride)).sub(load(m, a, r2 + mStride));
                c2 = load(m, a, r0 + 2 * mStride).sub(load(m, a, r1 + 2 * mStride)).sub(load(m, a, r2 + 2 * mStride));
                c3 = load(m, a, r0 + 3 * mStride).sub(load(m, a, r1 + 3 * mStride)).sub(load(m, a, r2 + 3 * mStride));
            } else {
                c0 = load(m, a, r0).add(load(m, a, r1)).add(load(m, a, r2));
                c1 = load(m, a, r0 + mStride).add(load(m, a, r1 + mStride)).add(load(m, a, r2 + mStride));
                c2 = load(m, a, r0 + 2 * mStride).add(load(m, a, r1 + 2 * mStride)).add(load(m, a, r2 + 2 * mStride));
                c3 = load(m, a, r0 + 3 * mStride).add(load(m, a, r1 + 3 * mStride)).add(load(m, a, r2 + 3 * mStride));
            }
            zip(c0.add(c1).add(c2).add(bias), c1.sub(c2).sub(c3).add(bias), dst, off + 2 * tx);
        }
        return tx;
    }

    /** row[at ..] = y0[0], y1[0], y0[1], y1[1], …: 2·L values. */
    private static void zip(FloatVector y0, FloatVector y1, float[] row, int at) {
        y0.rearrange(ZIP_LO, y1).intoArray(row, at);
        y0.rearrange(ZIP_HI, y1).intoArray(row, at + L);
    }
}
