package dev.nabla.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
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

    /** By tile count c (1 .. L/2 − 1) of a row: the lanes c .. 2c of two vectors interleaved (the second row's pixels). */
    private static final VectorShuffle<Float>[] ZIP_MID = shuffles(c -> i -> (i & 1) == 0 ? c + i / 2 : L + c + i / 2);
    /**
     * By tile count c (1 .. L/2 − 1) and column k (0 .. 3), the lanes {@link #inputRows} picks from two rows of
     * Bᵀ·d: lane l < c takes column 2l + k of the first (tile l of the upper tile row), lane c ≤ l < 2c column
     * 2(l − c) + k of the second (lane L + … of {@code selectFrom}'s pair).
     */
    private static final FloatVector[][] PICK = picks();
    /** A vector of zeros to load: {@link #inputRows}'s rows outside the plane (never written). */
    private static final float[] ZEROS = new float[L];

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

    /** Lanes of a vector here. */
    static int lanes() {
        return L;
    }

    /**
     * Whether two tile rows of {@code cols} tiles go through the transforms as one vector ({@link #inputRows},
     * {@link #outputPair}): a padded input row's 2·cols + 2 entries fit in a vector. A 14×14 output has rows of 7
     * tiles, which one row per vector left more than half the lanes idle.
     */
    static boolean pairs(int cols) {
        return cols + 1 <= L / 2;
    }

    private static FloatVector[][] picks() {
        FloatVector[][] out = new FloatVector[L / 2][];
        for (int c = 1; c < L / 2; c++) {
            out[c] = new FloatVector[4];
            for (int k = 0; k < 4; k++) {
                float[] lanes = new float[L];
                for (int l = 0; l < 2 * c; l++) {
                    lanes[l] = l < c ? 2 * l + k : L + 2 * (l - c) + k;
                }
                out[c][k] = FloatVector.fromArray(S, lanes, 0);
            }
        }
        return out;
    }

    /**
     * {@link WinogradF32}'s input transform of one channel where a padded input row fits a vector ({@link #pairs}):
     * tile rows [0, tileRows) of the h × w plane at {@code x[plane ..]}, whose padded row r is input row top + r
     * shifted right by pl (zeros outside the plane). Each padded row is one masked load from the input, in place:
     * no deinterleaved copy. Tile rows go two at a time: Bᵀ·d's rows for both (additions of whole rows), then each
     * tile's four columns picked from the pair by {@code selectFrom} (tile row ty's tiles in lanes 0 .. cols, ty + 1's
     * after them), so that a store writes 2·cols consecutive tiles from {@code v[at + ty·cols]}; lanes past them land
     * on tiles written later, or in the slack (so does a last tile row's missing partner). The same additions in
     * the same order as {@link #inputTile}: the same bits.
     */
    static void inputRows(float[] x, int plane, int h, int w, int top, int pl, int tileRows, int cols, float[] v,
                          int at, int vStride) {
        VectorMask<Float> inside = S.indexInRange(-pl, w);
        FloatVector[] pick = PICK[cols];
        FloatVector k0 = pick[0], k1 = pick[1], k2 = pick[2], k3 = pick[3];
        // Each row one load in the loop's own code, with one mask: through a helper returning the vector, or
        // under a mask chosen per row, C2 boxed every row. A row outside the plane is read from ZEROS instead.
        FloatVector r0 = FloatVector.fromArray(S, from(x, h, top), rowAt(plane, h, w, pl, top), inside);
        FloatVector r1 = FloatVector.fromArray(S, from(x, h, top + 1), rowAt(plane, h, w, pl, top + 1), inside);
        for (int ty = 0; ty < tileRows; ty += 2) {
            int y = top + 2 * ty + 2, d = at + ty * cols;
            FloatVector r2 = FloatVector.fromArray(S, from(x, h, y), rowAt(plane, h, w, pl, y), inside);
            FloatVector r3 = FloatVector.fromArray(S, from(x, h, y + 1), rowAt(plane, h, w, pl, y + 1), inside);
            FloatVector r4 = FloatVector.fromArray(S, from(x, h, y + 2), rowAt(plane, h, w, pl, y + 2), inside);
            FloatVector r5 = FloatVector.fromArray(S, from(x, h, y + 3), rowAt(plane, h, w, pl, y + 3), inside);
            // (·B) along Bᵀ·d's rows i = 0 .. 3 for both tile rows, written out: a helper taking the vectors was not
            // inlined ("callee is too large") and boxed them
            FloatVector u0 = r0.sub(r2), l0 = r2.sub(r4);
            FloatVector a0 = k0.selectFrom(u0, l0), b0 = k1.selectFrom(u0, l0);
            FloatVector c0 = k2.selectFrom(u0, l0), e0 = k3.selectFrom(u0, l0);
            a0.sub(c0).intoArray(v, d);
            b0.add(c0).intoArray(v, d + vStride);
            c0.sub(b0).intoArray(v, d + 2 * vStride);
            b0.sub(e0).intoArray(v, d + 3 * vStride);
            FloatVector u1 = r1.add(r2), l1 = r3.add(r4);
            FloatVector a1 = k0.selectFrom(u1, l1), b1 = k1.selectFrom(u1, l1);
            FloatVector c1 = k2.selectFrom(u1, l1), e1 = k3.selectFrom(u1, l1);
            a1.sub(c1).intoArray(v, d + 4 * vStride);
            b1.add(c1).intoArray(v, d + 4 * vStride + vStride);
            c1.sub(b1).intoArray(v, d + 4 * vStride + 2 * vStride);
            b1.sub(e1).intoArray(v, d + 4 * vStride + 3 * vStride);
            FloatVector u2 = r2.sub(r1), l2 = r4.sub(r3);
            FloatVector a2 = k0.selectFrom(u2, l2), b2 = k1.selectFrom(u2, l2);
            FloatVector c2 = k2.selectFrom(u2, l2), e2 = k3.selectFrom(u2, l2);
            a2.sub(c2).intoArray(v, d + 8 * vStride);
            b2.add(c2).intoArray(v, d + 8 * vStride + vStride);
            c2.sub(b2).intoArray(v, d + 8 * vStride + 2 * vStride);
            b2.sub(e2).intoArray(v, d + 8 * vStride + 3 * vStride);
            FloatVector u3 = r1.sub(r3), l3 = r3.sub(r5);
            FloatVector a3 = k0.selectFrom(u3, l3), b3 = k1.selectFrom(u3, l3);
            FloatVector c3 = k2.selectFrom(u3, l3), e3 = k3.selectFrom(u3, l3);
            a3.sub(c3).intoArray(v, d + 12 * vStride);
            b3.add(c3).intoArray(v, d + 12 * vStride + vStride);
            c3.sub(b3).intoArray(v, d + 12 * vStride + 2 * vStride);
            b3.sub(e3).intoArray(v, d + 12 * vStride + 3 * vStride);
            r0 = r4;
            r1 = r5;
        }
    }

    /**
     * {@link WinogradGradF32}'s transform of one output channel's gradient, rows that fit a vector ({@link #pairs}):
     * dM = A·dy·Aᵀ for each tile's 2×2 output gradient dy (zero past the output's oh × ow), tile rows two at a
     * time as in {@link #inputRows}: A·dy's rows (dy0, dy0 + dy1, dy0 − dy1, −dy1) as whole rows, then each tile's
     * even and odd columns e, o picked from the pair, and dM_4i+j = e, e + o, e − o, −o stored for 2·cols tiles
     * from {@code m[at + ty·cols]}; lanes past them land on tiles written later, or in the slack.
     */
    static void gradRows(float[] g, int plane, int oh, int ow, int tileRows, int cols, float[] m, int at, int mStride) {
        VectorMask<Float> inside = S.indexInRange(0, ow);
        FloatVector even = PICK[cols][0], odd = PICK[cols][1];
        for (int ty = 0; ty < tileRows; ty += 2) {
            int y = 2 * ty, d = at + ty * cols;
            FloatVector a0 = FloatVector.fromArray(S, from(g, oh, y), rowAt(plane, oh, ow, 0, y), inside);
            FloatVector a1 = FloatVector.fromArray(S, from(g, oh, y + 1), rowAt(plane, oh, ow, 0, y + 1), inside);
            FloatVector b0 = FloatVector.fromArray(S, from(g, oh, y + 2), rowAt(plane, oh, ow, 0, y + 2), inside);
            FloatVector b1 = FloatVector.fromArray(S, from(g, oh, y + 3), rowAt(plane, oh, ow, 0, y + 3), inside);
            // rows i = 0 .. 3 of A·dy for both tile rows, each spread along the columns; written out (see inputRows)
            FloatVector e0 = even.selectFrom(a0, b0), o0 = odd.selectFrom(a0, b0);
            e0.intoArray(m, d);
            e0.add(o0).intoArray(m, d + mStride);
            e0.sub(o0).intoArray(m, d + 2 * mStride);
            o0.neg().intoArray(m, d + 3 * mStride);
            FloatVector u1 = a0.add(a1), l1 = b0.add(b1);
            FloatVector e1 = even.selectFrom(u1, l1), o1 = odd.selectFrom(u1, l1);
            e1.intoArray(m, d + 4 * mStride);
            e1.add(o1).intoArray(m, d + 5 * mStride);
            e1.sub(o1).intoArray(m, d + 6 * mStride);
            o1.neg().intoArray(m, d + 7 * mStride);
            FloatVector u2 = a0.sub(a1), l2 = b0.sub(b1);
            FloatVector e2 = even.selectFrom(u2, l2), o2 = odd.selectFrom(u2, l2);
            e2.intoArray(m, d + 8 * mStride);
            e2.add(o2).intoArray(m, d + 9 * mStride);
            e2.sub(o2).intoArray(m, d + 10 * mStride);
            o2.neg().intoArray(m, d + 11 * mStride);
            FloatVector u3 = a1.neg(), l3 = b1.neg();
            FloatVector e3 = even.selectFrom(u3, l3), o3 = odd.selectFrom(u3, l3);
            e3.intoArray(m, d + 12 * mStride);
            e3.add(o3).intoArray(m, d + 13 * mStride);
            e3.sub(o3).intoArray(m, d + 14 * mStride);
            o3.neg().intoArray(m, d + 15 * mStride);
        }
    }

    /** The array {@link #inputRows} reads row iy from: x, or {@link #ZEROS} for a row outside the plane (h rows). */
    private static float[] from(float[] x, int h, int iy) {
        return iy >= 0 && iy < h ? x : ZEROS;
    }

    /** Where in {@link #from}'s array: row iy shifted left by pl (its entries land from lane pl), or 0 in ZEROS. */
    private static int rowAt(int plane, int h, int w, int pl, int iy) {
        return iy >= 0 && iy < h ? plane + iy * w - pl : 0;
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
