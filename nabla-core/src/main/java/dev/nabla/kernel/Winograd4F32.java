package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * 3×3 stride-1 convolutions by Winograd's F(4×4, 3×3) (Lavin and Gray, 2016), channels as the vector lanes:
 * each 4×4 block of output pixels (a tile) from a 6×6 patch of input, 36 products per tile and channel pair
 * where F(2×2, 3×3) ({@link WinogradNhwcF32}) does 64 for the same 16 outputs and the sum over the grid 144.
 *
 * <pre>
 *   U = G g Gᵀ   G  = [¼ 0 0; −⅙ −⅙ −⅙; −⅙ ⅙ −⅙; 1/24 1/12 ⅙; 1/24 −1/12 ⅙; 0 0 1]
 *   V = Bᵀ d B   Bᵀ = [4 0 −5 0 1 0; 0 −4 −4 1 1 0; 0 4 −4 −1 1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0; 0 4 0 −5 0 1]
 *   y = Aᵀ m A   Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 0; 0 1 1 4 4 0; 0 1 −1 8 −8 1]
 * </pre>
 *
 * The points 0, ±1, ±2 and ∞ keep the transforms' constants small: in float32 the outputs lie within a few
 * units of 10⁻⁶ of their magnitude from the direct sum's, as cuDNN's and oneDNN's F(4×4, 3×3) do
 * ({@code Winograd4Test} bounds it); F(6×6, 3×3) would need ±½ and lose another digit.
 *
 * <p>As {@link WinogradNhwcF32}: each image is transposed once to pixels × channels inside a zero border; a
 * block of tile rows goes through the input transform, the 36 products {@code M_ξ[T, O] = V_ξ[T, C]·U_ξᵀ[C, O]}
 * and the output transform while V and M are in L2; the output is transposed back. Each transform is two
 * passes of the one-dimensional one, down the patch's columns into a small buffer, then along its rows. Every
 * output is its tile's sums in a fixed order and each element of M one chain over the channels, so the bits
 * do not depend on the threads, which take whole images. Vector-only ({@link #applies} asks first).
 */
final class Winograd4F32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int NR = GemmTileF32.NR;
    /** Products per tile and channel pair: the 6×6 transformed patch. */
    static final int XI = 36;
    /**
     * Tiles per block of an image's tile rows (at least one row): V is 36·T·C floats, 144 KB for 32 tiles of 32
     * channels (the 28×28 layer's two blocks). Per 128 images on one core, against 48: 0.96–0.98 of the time.
     */
    static final int TILES = 32;
    /**
     * Tiles per block of whole images, where an image is one block: three 14×14 images, a multiple of the GEMM's
     * six-row tiles. Against one image (16 tiles) 0.94 of the 64 → 64 layer's time, against two 0.90.
     */
    static final int IMAGE_TILES = 48;
    /**
     * Slots 0 .. 35: the caller's packed U_ξᵀ (or all 36 row-major in slot 0); then the caller's U and its pairs'
     * transforms; per thread V, M, the output, its transpose and the transforms' buffer.
     */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[43][0]);
    private static final int U = 36;
    private static final int PAIRS = 37;
    private static final int V = 38;
    private static final int M = 39;
    private static final int OUT = 40;
    private static final int STAGE = 41;
    private static final int HALF = 42;

    private Winograd4F32() {}

    /**
     * Whether {@link ConvF32#forward} runs s this way: where {@link WinogradF32#fourByFour} (a 3×3 stride-1
     * kernel, two images or more, two vectors of channels or more each side, the Java products; a single image
     * where its kernel is kept, {@link WinogradF32#fourByFourKept}). Asked of the geometry alone: these bits are
     * not F(2×2, 3×3)'s.
     */
    static boolean applies(ConvGeometry s) {
        return WinogradF32.fourByFour(s);
    }

    /** Tile rows and columns of s's output (4×4 tiles). */
    record Tiling(int rows, int cols) {
        Tiling(ConvGeometry s) {
            this((s.outH() + 3) / 4, (s.outW() + 3) / 4);
        }

        int paddedH() {
            return 4 * rows + 2;
        }

        int paddedW() {
            return 4 * cols + 2;
        }
    }

    /**
     * out [N, O, outH, outW] = act(conv(x, w) + bias), s {@link #applies}; bias may be null. {@code given}: w's
     * {@link #prepare} when the caller keeps it across calls (inference), else null.
     */
    static void forward(float[] x, float[] w, ConvF32.Winograd4Kernel given, float[] bias, ConvGeometry s,
                        FusedActivation act, float slope, float[] out) {
        int c = s.channels(), o = s.outChannels();
        ConvF32.Winograd4Kernel k = given != null ? given : kernel(w, o, c, false);
        GemmF32.Packed[] ut = k.ut;
        float[] rowMajor = k.rowMajor;
        Tiling t = new Tiling(s);
        int perImage = t.rows() * t.cols(), blockRows = Math.clamp(TILES / t.cols(), 1, t.rows());
        int images = blockRows < t.rows() ? 1 : Math.max(1, IMAGE_TILES / perImage), most = Math.max(blockRows * t.cols(),
                images * perImage);
        Plan plan = new Plan(s, t, ut, rowMajor, bias, act, slope, blockRows, images, WinogradF32.apart(most * c),
                WinogradF32.apart(most * o));
        Parallel.forRange(s.batch(), (long) XI * c * o * perImage, (from, to) -> {
            for (int n = from; n < to; n += images) {
                images(x, n, Math.min(images, to - n), plan, out);
            }
        });
    }

    /**
     * w's transform laid out for the products in arrays of its own, for a caller that keeps it across calls
     * ({@link ConvF32#winograd4Kernel}): U_ξᵀ row-major where {@link WinogradNhwcF32#tall}, else packed panels.
     */
    static ConvF32.Winograd4Kernel prepare(float[] w, int o, int c) {
        return kernel(w, o, c, true);
    }

    /** {@link #prepare} ({@code kept}), or in the calling thread's scratch: valid until its next call. */
    private static ConvF32.Winograd4Kernel kernel(float[] w, int o, int c, boolean kept) {
        float[][] caller = SCRATCH.get();
        float[] u = filter(w, o, c, kept ? new float[XI * o * c] : ConvF32.grown(caller, U, XI * o * c));
        if (WinogradNhwcF32.tall(o)) {
            float[] rows = kept ? new float[XI * c * o] : ConvF32.grown(caller, 0, XI * c * o);
            return new ConvF32.Winograd4Kernel(rowMajor(u, o, c, rows), null);
        }
        GemmF32.Packed[] panels = new GemmF32.Packed[XI];
        int size = (o + NR - 1) / NR * NR * c;
        for (int xi = 0; xi < XI; xi++) { // grown here, on the caller: the threads only fill them
            panels[xi] = new GemmF32.Packed(c, o, kept ? new float[size] : ConvF32.grown(caller, xi, size));
        }
        return new ConvF32.Winograd4Kernel(null, pack(u, o, c, panels));
    }

    /** U_ξᵀ [C][O] for each ξ, row-major, from U [36][O][C]; ξ split between threads (as the filter). */
    private static float[] rowMajor(float[] u, int o, int c, float[] rows) {
        Parallel.forRange(XI, (long) c * o, (from, to) -> {
            for (int xi = from; xi < to; xi++) {
                for (int oc = 0; oc < o; oc++) {
                    for (int ch = 0; ch < c; ch++) {
                        rows[(xi * c + ch) * o + oc] = u[(xi * o + oc) * c + ch];
                    }
                }
            }
        });
        return rows;
    }

    /** U_ξᵀ packed as the GEMM's B of product ξ (op(B)[c][o] = U_ξ[o][c]) into the panels given. */
    private static GemmF32.Packed[] pack(float[] u, int o, int c, GemmF32.Packed[] panels) {
        Parallel.forRange(XI, (long) c * o, (from, to) -> {
            GemmSimdF32.Workspace ws = GemmSimdF32.Workspace.of(0);
            for (int xi = from; xi < to; xi++) {
                GemmPackF32.pack(u, xi * o * c, 1, c, 0, c, 0, o, panels[xi].panels, ws);
            }
        });
        return panels;
    }

    /**
     * What every image of a call shares (as {@link WinogradNhwcF32}'s plan): an image's tile rows go in blocks of
     * {@code blockRows}, or, where one block holds a whole image, {@code images} images share a block.
     */
    private record Plan(ConvGeometry s, Tiling t, GemmF32.Packed[] ut, float[] rowMajor, float[] bias,
                        FusedActivation act, float slope, int blockRows, int images, int vStride, int mStride) {}

    /**
     * U [36, O, C]: kernel w [O, C, 3, 3] transformed, {@code U[ξ = 6i + j][o][c] = (G·w[o][c]·Gᵀ)[i][j]}, into u.
     * In double precision, each entry rounded once (the sixths, twelfths and twenty-fourths are not exact in
     * binary); pair by pair into a scratch, then ξ-major, one stream written at a time.
     */
    static float[] filter(float[] w, int outChannels, int channels, float[] u) {
        int plane = outChannels * channels;
        float[] pairs = ConvF32.grown(SCRATCH.get(), PAIRS, XI * plane);
        // the pairs, then the ξ-major copy, split between threads (each entry computed alone: the same bits):
        // on the calling thread alone they were a serial stretch of every call
        Parallel.forRange(plane, 4 * XI, (from, to) -> {
            double[] gg = new double[18];
            for (int pair = from; pair < to; pair++) {
                transformPair(w, pair, gg, pairs);
            }
        });
        Parallel.forRange(XI, plane, (from, to) -> {
            for (int xi = from; xi < to; xi++) {
                for (int pair = 0; pair < plane; pair++) {
                    u[xi * plane + pair] = pairs[pair * XI + xi];
                }
            }
        });
        return u;
    }

    /** One channel pair's G·g·Gᵀ into {@code pairs[pair·36 ..]}, gg a scratch of 18. */
    private static void transformPair(float[] w, int pair, double[] gg, float[] pairs) {
        int src = pair * 9, dst = pair * XI;
        for (int j = 0; j < 3; j++) { // G·g, column by column: gg[i][j]
            double g0 = w[src + j], g1 = w[src + 3 + j], g2 = w[src + 6 + j];
            gg[j] = g0 / 4;
            gg[3 + j] = -(g0 + g1 + g2) / 6;
            gg[6 + j] = -(g0 - g1 + g2) / 6;
            gg[9 + j] = (g0 + 2 * g1 + 4 * g2) / 24;
            gg[12 + j] = (g0 - 2 * g1 + 4 * g2) / 24;
            gg[15 + j] = g2;
        }
        for (int i = 0; i < 6; i++) { // (G·g)·Gᵀ, row by row
            double a = gg[3 * i], b = gg[3 * i + 1], e = gg[3 * i + 2];
            int at = dst + 6 * i;
            pairs[at] = (float) (a / 4);
            pairs[at + 1] = (float) (-(a + b + e) / 6);
            pairs[at + 2] = (float) (-(a - b + e) / 6);
            pairs[at + 3] = (float) ((a + 2 * b + 4 * e) / 24);
            pairs[at + 4] = (float) ((a - 2 * b + 4 * e) / 24);
            pairs[at + 5] = (float) e;
        }
    }

    /**
     * Images [first, first + count): each to NHWC in a zero border, then its blocks of tile rows, or all of them
     * in one block (a product's rows image after image); the activation, back to NCHW.
     */
    private static void images(float[] x, int first, int count, Plan p, float[] out) {
        ConvGeometry s = p.s;
        int c = s.channels(), o = s.outChannels(), pixels = s.outH() * s.outW();
        int rows = p.t.rows(), perImage = rows * p.t.cols();
        float[][] scratch = SCRATCH.get();
        float[] v = ConvF32.grown(scratch, V, XI * p.vStride), m = ConvF32.grown(scratch, M, XI * p.mStride);
        float[] y = ConvF32.grown(scratch, OUT, pixels * o), half = ConvF32.grown(scratch, HALF, XI * L);
        if (p.blockRows < rows) {
            float[] xp = WinogradNhwcF32.padded(x, first, s, p.t.paddedH(), p.t.paddedW());
            int blocks = (rows + p.blockRows - 1) / p.blockRows;
            for (int b = 0; b < blocks; b++) {
                int ty0 = rows * b / blocks, ty1 = rows * (b + 1) / blocks, tiles = (ty1 - ty0) * p.t.cols();
                transformInput(xp, c, p.t, ty0, ty1, v, 0, p.vStride, half);
                products(v, p, tiles, m);
                transformOutput(m, 0, p, ty0, ty1, y, half);
            }
            finish(y, first, p, out);
            return;
        }
        for (int j = 0; j < count; j++) {
            float[] xp = WinogradNhwcF32.padded(x, first + j, s, p.t.paddedH(), p.t.paddedW());
            transformInput(xp, c, p.t, 0, rows, v, j * perImage * c, p.vStride, half);
        }
        products(v, p, count * perImage, m);
        for (int j = 0; j < count; j++) {
            transformOutput(m, j * perImage * o, p, 0, rows, y, half);
            finish(y, first + j, p, out);
        }
    }

    /** Image n's output y [pixels][O]: the activation where the output transform left it, then NCHW into out. */
    private static void finish(float[] y, int n, Plan p, float[] out) {
        int o = p.s.outChannels(), pixels = p.s.outH() * p.s.outW();
        if (p.act != FusedActivation.RELU) { // a ReLU is the output transform's (its floor)
            p.act.applyRow(y, 0, null, pixels * o, p.slope);
        }
        float[] planes = ConvF32.grown(SCRATCH.get(), STAGE, pixels * o);
        WinogradNhwcF32.transpose(y, pixels, o, planes, 0, 0);
        System.arraycopy(planes, 0, out, n * o * pixels, pixels * o);
    }

    /** M_ξ[T, O] = V_ξ[T, C] · U_ξᵀ[C, O] for the block's tiles, ξ = 0 .. 35. */
    private static void products(float[] v, Plan p, int tiles, float[] m) {
        WinogradNhwcF32.products(XI, v, p.vStride, p.ut, p.rowMajor, p.s.channels(), p.s.outChannels(), tiles, m,
                p.mStride);
    }

    /**
     * V_ξ[T, C] for tile rows [ty0, ty1) of the padded NHWC image xp: tile (ty, tx) is row {@code (ty − ty0)·cols
     * + tx} of each, at {@code v[ξ·vs ..]}. Bᵀ·d down each of the patch's six columns into {@code half} (36
     * vectors, in L1), then (·B) along each of its six rows into V.
     */
    static void transformInput(float[] xp, int c, Tiling t, int ty0, int ty1, float[] v, int base, int vs,
                               float[] half) {
        int cols = t.cols(), row = t.paddedW() * c;
        for (int ty = ty0; ty < ty1; ty++) {
            for (int tx = 0; tx < cols; tx++) {
                int at = (4 * ty * t.paddedW() + 4 * tx) * c, dst = base + ((ty - ty0) * cols + tx) * c;
                for (int ch = 0; ch < c; ch += L) {
                    for (int j = 0; j < 6; j++) {
                        inputLine(xp, at + ch + j * c, row, half, j * L, 6 * L);
                    }
                    for (int i = 0; i < 6; i++) {
                        inputLine(half, 6 * i * L, L, v, 6 * i * vs + dst + ch, vs);
                    }
                }
            }
        }
    }

    /**
     * Bᵀ·d for the six vectors {@code a[at + k·step]}, k = 0 .. 5, into {@code b[to + k·bstep]}: 4d0 − 5d2 + d4,
     * (d4 − 4d2) ± (d3 − 4d1), (d4 − d2) ± 2(d3 − d1), 4d1 − 5d3 + d5.
     */
    private static void inputLine(float[] a, int at, int step, float[] b, int to, int bstep) {
        FloatVector d0 = load(a, at), d1 = load(a, at + step), d2 = load(a, at + 2 * step);
        FloatVector d3 = load(a, at + 3 * step), d4 = load(a, at + 4 * step), d5 = load(a, at + 5 * step);
        FloatVector four = FloatVector.broadcast(S, 4f), minusFour = FloatVector.broadcast(S, -4f);
        FloatVector minusFive = FloatVector.broadcast(S, -5f), two = FloatVector.broadcast(S, 2f);
        FloatVector minusTwo = FloatVector.broadcast(S, -2f);
        d0.fma(four, d2.fma(minusFive, d4)).intoArray(b, to);
        FloatVector p = d2.fma(minusFour, d4), q = d1.fma(minusFour, d3);
        p.add(q).intoArray(b, to + bstep);
        p.sub(q).intoArray(b, to + 2 * bstep);
        FloatVector r = d4.sub(d2), e = d3.sub(d1);
        e.fma(two, r).intoArray(b, to + 3 * bstep);
        e.fma(minusTwo, r).intoArray(b, to + 4 * bstep);
        d1.fma(four, d3.fma(minusFive, d5)).intoArray(b, to + 5 * bstep);
    }

    /**
     * y [outH·outW][O] for tile rows [ty0, ty1) from M: Aᵀ·m down the six columns into {@code half} (24
     * vectors), then along its four rows, the bias last; then the max with a floor, 0 for a ReLU, −∞ otherwise
     * (as {@link WinogradNhwcF32}'s). Outputs past the image's last row or column are not stored.
     */
    private static void transformOutput(float[] m, int base, Plan p, int ty0, int ty1, float[] y, float[] half) {
        ConvGeometry s = p.s;
        int o = s.outChannels(), cols = p.t.cols(), oh = s.outH(), ow = s.outW(), ms = p.mStride;
        FloatVector floor = FloatVector.broadcast(S, p.act == FusedActivation.RELU ? 0f : Float.NEGATIVE_INFINITY);
        for (int ty = ty0; ty < ty1; ty++) {
            int down = Math.min(4, oh - 4 * ty);
            for (int tx = 0; tx < cols; tx++) {
                int src = base + ((ty - ty0) * cols + tx) * o, px = 4 * ty * ow + 4 * tx, across = Math.min(4, ow - 4 * tx);
                for (int oc = 0; oc < o; oc += L) {
                    FloatVector b = p.bias == null ? FloatVector.zero(S) : load(p.bias, oc);
                    for (int j = 0; j < 6; j++) {
                        outputLine(m, src + oc + j * ms, 6 * ms, half, j * L, 6 * L);
                    }
                    for (int k = 0; k < down; k++) {
                        int r = 6 * k * L, at = (px + k * ow) * o + oc;
                        FloatVector m0 = load(half, r), m1 = load(half, r + L), m2 = load(half, r + 2 * L);
                        FloatVector m3 = load(half, r + 3 * L), m4 = load(half, r + 4 * L), m5 = load(half, r + 5 * L);
                        FloatVector sum12 = m1.add(m2), dif12 = m1.sub(m2), sum34 = m3.add(m4), dif34 = m3.sub(m4);
                        m0.add(sum12).add(sum34).add(b).max(floor).intoArray(y, at);
                        if (across > 1) {
                            dif34.fma(FloatVector.broadcast(S, 2f), dif12).add(b).max(floor).intoArray(y, at + o);
                        }
                        if (across > 2) {
                            sum34.fma(FloatVector.broadcast(S, 4f), sum12).add(b).max(floor).intoArray(y, at + 2 * o);
                        }
                        if (across > 3) {
                            dif34.fma(FloatVector.broadcast(S, 8f), dif12).add(m5).add(b).max(floor)
                                    .intoArray(y, at + 3 * o);
                        }
                    }
                }
            }
        }
    }

    /**
     * Aᵀ·m for the six vectors {@code a[at + k·step]} into the four {@code b[to + k·bstep]}: m0 + (m1 + m2) +
     * (m3 + m4), (m1 − m2) + 2(m3 − m4), (m1 + m2) + 4(m3 + m4), (m1 − m2) + 8(m3 − m4) + m5.
     */
    private static void outputLine(float[] a, int at, int step, float[] b, int to, int bstep) {
        FloatVector m0 = load(a, at), m1 = load(a, at + step), m2 = load(a, at + 2 * step);
        FloatVector m3 = load(a, at + 3 * step), m4 = load(a, at + 4 * step), m5 = load(a, at + 5 * step);
        FloatVector sum12 = m1.add(m2), dif12 = m1.sub(m2), sum34 = m3.add(m4), dif34 = m3.sub(m4);
        m0.add(sum12).add(sum34).intoArray(b, to);
        dif34.fma(FloatVector.broadcast(S, 2f), dif12).intoArray(b, to + bstep);
        sum34.fma(FloatVector.broadcast(S, 4f), sum12).intoArray(b, to + 2 * bstep);
        dif34.fma(FloatVector.broadcast(S, 8f), dif12).add(m5).intoArray(b, to + 3 * bstep);
    }

    private static FloatVector load(float[] a, int at) {
        return FloatVector.fromArray(S, a, at);
    }
}
