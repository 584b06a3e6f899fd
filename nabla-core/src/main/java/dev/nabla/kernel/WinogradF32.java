package dev.nabla.kernel;

import java.util.Arrays;

/**
 * 3×3 stride-1 convolutions by Winograd's minimal filtering F(2×2, 3×3) (Lavin and Gray, "Fast Algorithms
 * for Convolutional Neural Networks", 2016): each 2×2 block of output pixels (a tile) comes from a 4×4 patch
 * of input, transformed, multiplied elementwise by the transformed kernel and transformed back, 16
 * products per tile and channel pair where im2col's GEMM does 36. The elementwise products of all tiles
 * are 16 independent GEMMs, {@code M_ξ[O, T] = U_ξ[O, C] · V_ξ[C, T]}, which {@link GemmF32} runs as it
 * runs any product:
 *
 * <pre>
 *   U = G g Gᵀ     G  = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]          (the kernel, once per call or cached)
 *   V = Bᵀ d B     Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]  (each input patch d)
 *   y = Aᵀ m A     Aᵀ = [1 1 1 0; 0 1 −1 −1]                      (each tile's 16 products m)
 * </pre>
 *
 * B and A hold only ±1 and G only ±½, so the transforms are additions. Measured on one core of the CNN
 * example's shapes, the 16 products took 0.54 (32 → 32 at 28×28) and 0.53 (64 → 64 at 14×14) of the
 * time of im2col's one product, and im2col's copy is gone; the transforms are vector loops over tiles.
 *
 * <p>Threads split the batch into contiguous shares of images, each share run as blocks of about
 * {@link #TILES} tiles per product, or one image's tile rows when there are fewer images than threads;
 * each thread transforms, multiplies and transforms back its own tiles in its own scratch.
 * Every output is its tile's sums in a fixed order, and each GEMM element one chain over the channels
 * whichever columns it shares a product with, so the bits do not depend on the threads.
 */
public final class WinogradF32 {
    /** Tiles per product: enough columns for the GEMM's speed, few enough for V and M to stay in cache. */
    static final int TILES = 512;
    /** Fewest input and output channels: below that (a first layer's one channel) im2col's product is better. */
    static final int MIN_CHANNELS = 8;
    /**
     * Slack after every scratch row: vector loops run up to a vector past a row's end into it, so they run only
     * where a vector holds at most this many lanes ({@link #simd}).
     */
    static final int SLACK = 16;
    /**
     * Slots 0–3: {@link #run}'s V, M, input planes and output row (0 and 1 also {@link WinogradGradF32}'s V and
     * dM); 4: {@link #filter}'s pairs; 5: a training call's U.
     */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[6][0]);

    private WinogradF32() {}

    /**
     * Whether {@link ConvF32#forward} runs s this way: a 3×3 kernel, stride and dilation 1, one group, 8+ channels
     * each side, and a batch of two or more. A single image (inference) keeps im2col's products: split between
     * two threads by tile rows, each thread's 16 thin products took longer than its share of im2col's (92 against
     * 82 µs for 32 → 32 channels at 28×28), and the choice may depend on the geometry, never on the threads.
     */
    public static boolean applies(ConvGeometry s) {
        return s.batch() >= 2 && s.kernelH() == 3 && s.kernelW() == 3 && s.strideH() == 1 && s.strideW() == 1 && s.dilationH() == 1
                && s.dilationW() == 1 && s.groups() == 1 && s.channels() >= MIN_CHANNELS
                && s.outChannels() >= MIN_CHANNELS;
    }

    /** This thread's scratch {@code slot} with room for n elements (contents unspecified). */
    static float[] scratch(int slot, int n) {
        return ConvF32.grown(SCRATCH.get(), slot, n);
    }

    /** U [16, O, C]: kernel w [O, C, 3, 3] transformed, {@code U[ξ = 4i + j][o][c] = (G·w[o][c]·Gᵀ)[i][j]}. */
    public static float[] filter(float[] w, int outChannels, int channels) {
        return filter(w, outChannels, channels, new float[16 * outChannels * channels]);
    }

    /**
     * {@link #filter(float[], int, int)} into u (its first 16·O·C entries): a training step's kernel changes on
     * every call, and a fresh U for each (256 KB for 64 → 64, twice per step and layer) was garbage to collect.
     */
    static float[] filter(float[] w, int outChannels, int channels, float[] u) {
        int plane = outChannels * channels;
        float[] pairs = scratch(4, 16 * plane); // [o, c, ξ], then transposed into u
        for (int pair = 0; pair < plane; pair++) {
            int src = pair * 9, dst = pair * 16;
            for (int j = 0; j < 3; j++) { // G·g, column by column, into rows 0..3 of the pair's 4×4
                float g0 = w[src + j], g1 = w[src + 3 + j], g2 = w[src + 6 + j];
                pairs[dst + j] = g0;
                pairs[dst + 4 + j] = 0.5f * (g0 + g1 + g2);
                pairs[dst + 8 + j] = 0.5f * (g0 - g1 + g2);
                pairs[dst + 12 + j] = g2;
            }
            for (int i = 0; i < 4; i++) { // (G·g)·Gᵀ, row by row, in place
                int r = dst + 4 * i;
                float a = pairs[r], b = pairs[r + 1], e = pairs[r + 2];
                pairs[r + 1] = 0.5f * (a + b + e);
                pairs[r + 2] = 0.5f * (a - b + e);
                pairs[r + 3] = e;
            }
        }
        // ξ-major, one stream written at a time: 16 streams a plane apart (4 KB for 32 × 32) shared cache sets
        for (int xi = 0; xi < 16; xi++) {
            for (int pair = 0; pair < plane; pair++) {
                u[xi * plane + pair] = pairs[pair * 16 + xi];
            }
        }
        return u;
    }

    /**
     * out [N, O, outH, outW] = act(conv(x, w) + bias), s {@link #applies}; u is {@link #filter}'s transform of w
     * (bias may be null). With channels as the vector lanes ({@link WinogradNhwcF32}) where that applies, else
     * on the planar layout.
     */
    static void forward(float[] x, float[] u, float[] bias, ConvGeometry s, FusedActivation act, float slope,
                        float[] out) {
        if (simd() && WinogradNhwcF32.applies(s)) {
            WinogradNhwcF32.forward(x, u, bias, s, act, slope, out);
        } else {
            planar(x, u, bias, s, act, slope, out);
        }
    }

    /**
     * {@link #forward} on the planar layout, the channels' planes as they lie, the tiles as the vector lanes:
     * a single image split between threads by tile rows, channel counts that are not whole vectors, the
     * scalar kernels. {@link WinogradNhwcF32} gives the same bits where it applies (package-private for the
     * test that says so).
     */
    static void planar(float[] x, float[] u, float[] bias, ConvGeometry s, FusedActivation act, float slope,
                       float[] out) {
        Tiling t = new Tiling(s);
        int perImage = t.rows * t.cols, nb = Math.clamp(TILES / Math.max(1, perImage), 1, ConvF32.CHUNK);
        long work = 16L * s.channels() * s.outChannels() * perImage;
        if (s.batch() >= Parallel.threads() || t.rows < 2) {
            // Each thread's share of the images, in blocks of at most nb as even as can be. Split as blocks of
            // exactly nb, 128 images made 13 blocks, 7 on one thread of two and 6 on the other (the 14×14 layers
            // took 0.92 of the time with 8 blocks). The bits do not depend on the blocks: see the class comment.
            Parallel.forRange(s.batch(), work, (from, to) -> {
                int parts = (to - from + nb - 1) / nb;
                for (int p = 0; p < parts; p++) {
                    int first = from + (to - from) * p / parts, last = from + (to - from) * (p + 1) / parts;
                    run(x, u, bias, s, t, act, slope, out, first, last - first, 0, t.rows);
                }
            });
            return;
        }
        for (int n = 0; n < s.batch(); n++) {
            int image = n;
            Parallel.forRange(t.rows, work / t.rows, (from, to) ->
                    run(x, u, bias, s, t, act, slope, out, image, 1, from, to));
        }
    }

    /** Tile rows and columns of s's output, and the row length of the deinterleaved input. */
    record Tiling(int rows, int cols, int half) {
        Tiling(ConvGeometry s) {
            this((s.outH() + 1) / 2, (s.outW() + 1) / 2, ((s.outW() + 1) / 2 + 1 + SLACK + 15) / 16 * 16);
        }
    }

    /** Images [first, first + count), tile rows [ty0, ty1) of each: transform in, 16 products, transform out. */
    private static void run(float[] x, float[] u, float[] bias, ConvGeometry s, Tiling t, FusedActivation act,
                            float slope, float[] out, int first, int count, int ty0, int ty1) {
        int c = s.channels(), o = s.outChannels(), tiles = count * (ty1 - ty0) * t.cols, ld = tiles + SLACK;
        int vStride = apart(c * ld), mStride = apart(o * ld);
        float[] v = scratch(0, 16 * vStride), m = scratch(1, 16 * mStride), row = scratch(3, 2 * t.half + 2 * SLACK);
        transformInput(x, s, t, first, count, ty0, ty1, v, vStride, ld, paired(t));
        for (int xi = 0; xi < 16; xi++) { // M_ξ[O, T] = U_ξ[O, C] · V_ξ[C, T]
            GemmF32.gemm(false, false, o, tiles, c, u, xi * o * c, c, v, xi * vStride, ld, 0f, m, xi * mStride, ld);
        }
        int ow = s.outW(), oh = s.outH(), rowFrom = 2 * ty0, rowTo = Math.min(oh, 2 * ty1);
        boolean paired = paired(t);
        int reach = 2 * ((t.cols + SLACK - 1) / SLACK * SLACK); // what outputRow writes, vector loops included
        for (int j = 0; j < count; j++) {
            int base = j * (ty1 - ty0) * t.cols;
            for (int k = 0; k < o; k++) {
                int plane = ((first + j) * o + k) * s.pixels();
                float b = bias == null ? 0f : bias[k];
                int limit = plane + rowTo * ow;
                for (int ty = ty0; ty < ty1; ty++) {
                    int a = k * ld + base + (ty - ty0) * t.cols, top = plane + 2 * ty * ow;
                    if (paired && ty + 1 < ty1 && 2 * ty + 3 < oh && top + 3 * ow + SLACK <= limit) {
                        WinogradSimdF32.outputPair(m, a, mStride, t.cols, b, out, top, ow);
                        ty++;
                        continue;
                    }
                    boolean two = 2 * ty + 1 < oh;
                    if ((two ? top + ow : top) + reach <= limit) { // the loops' overrun lands on rows written after
                        outputRow(m, a, mStride, t.cols, b, out, top, false);
                        if (two) {
                            outputRow(m, a, mStride, t.cols, b, out, top + ow, true);
                        }
                        continue;
                    }
                    outputRow(m, a, mStride, t.cols, b, row, 0, false);
                    System.arraycopy(row, 0, out, top, ow);
                    if (two) {
                        outputRow(m, a, mStride, t.cols, b, row, 0, true);
                        System.arraycopy(row, 0, out, top + ow, ow);
                    }
                }
                act.applyRow(out, plane + rowFrom * ow, null, (rowTo - rowFrom) * ow, slope);
            }
        }
    }

    /**
     * V_ξ[C, T] for images [first, first + count), tile rows [ty0, ty1) of each: tile (image j, row ty, column tx)
     * of channel ch at {@code v[ξ·vStride + ch·ld + (j·(ty1 − ty0) + ty − ty0)·cols + tx]}. With {@code inPlace}
     * ({@link #paired}) each padded row is loaded from x where it lies ({@link WinogradSimdF32#inputRows}), else
     * the rows are first deinterleaved: the same bits (package-private for the test that says so).
     */
    static void transformInput(float[] x, ConvGeometry s, Tiling t, int first, int count, int ty0, int ty1,
                               float[] v, int vStride, int ld, boolean inPlace) {
        int c = s.channels(), rows = 2 * (ty1 - ty0) + 2, top = 2 * ty0 - s.padTop();
        if (inPlace) {
            for (int j = 0; j < count; j++) {
                int base = j * (ty1 - ty0) * t.cols;
                for (int ch = 0; ch < c; ch++) {
                    WinogradSimdF32.inputRows(x, ((first + j) * c + ch) * s.plane(), s.height(), s.width(), top,
                            s.padLeft(), ty1 - ty0, t.cols, v, ch * ld + base, vStride);
                }
            }
            return;
        }
        float[] planes = scratch(2, 2 * rows * t.half);
        for (int j = 0; j < count; j++) {
            int base = j * (ty1 - ty0) * t.cols;
            for (int ch = 0; ch < c; ch++) {
                deinterleave(x, ((first + j) * c + ch) * s.plane(), s.height(), s.width(), top, s.padLeft(), rows,
                        t.half, planes);
                for (int ty = ty0; ty < ty1; ty++) {
                    inputTile(planes, 4 * (ty - ty0) * t.half, t.half, t.cols, v, ch * ld + base + (ty - ty0) * t.cols,
                            vStride);
                }
            }
        }
    }

    /**
     * A stride of at least n floats between the 16 matrices V_ξ (or M_ξ), an odd number of 64-byte lines, so
     * that the transforms' 16 streams fall in 16 different cache sets: with 32 channels of 28×28 they were
     * 2 KB apart modulo 4 KB, eight streams to a set of an 8-way L1.
     */
    static int apart(int n) {
        int lines = (n + 15) / 16;
        return 16 * (lines | 1);
    }

    /**
     * Rows [top, top + rows) of the h × w plane at x[plane ..] (zero outside it), each padded with pl zeros
     * on the left and split by column parity: row r's even columns in {@code planes[2r·half ..]}, odd ones in
     * {@code planes[(2r + 1)·half ..]}, so that a tile's four columns are two consecutive entries of each.
     */
    private static void deinterleave(float[] x, int plane, int h, int w, int top, int pl, int rows, int half,
                                     float[] planes) {
        Arrays.fill(planes, 0, 2 * rows * half, 0f);
        for (int r = 0; r < rows; r++) {
            int iy = top + r;
            if (iy < 0 || iy >= h) {
                continue;
            }
            int src = plane + iy * w, even = 2 * r * half, odd = even + half;
            // input column ix is padded column ix + pl: where the input's even and odd columns go
            int xe = (pl & 1) == 0 ? even + pl / 2 : odd + pl / 2, xo = (pl & 1) == 0 ? odd + pl / 2 : even + (pl + 1) / 2;
            int ix = simd() ? WinogradSimdF32.split(x, src, w, planes, xe, xo) : 0;
            for (; ix < w; ix += 2) {
                planes[xe + ix / 2] = x[src + ix];
                if (ix + 1 < w) {
                    planes[xo + ix / 2] = x[src + ix + 1];
                }
            }
        }
    }

    /** Whether s's tile rows go through the transforms two at a time ({@link WinogradSimdF32#pairs}). */
    static boolean paired(Tiling t) {
        return simd() && WinogradSimdF32.pairs(t.cols);
    }

    /**
     * Whether {@link ConvF32#forward} takes Winograd's products even where the wide grid's direct sum
     * ({@link DirectConvF32}) applies: with channels as the vector lanes ({@link WinogradNhwcF32}) and at least
     * two vectors of input and of output channels. Per 128 images on one core (2026-12-06, both builds in one
     * JVM): 32 → 32 at 28×28 0.86–0.89 of the grid's time, forward and input gradient; 16 → 16 1.67, so the grid
     * keeps narrower layers. Asked of the geometry alone, never of the threads, since the two give different
     * bits: fewer images than threads run Winograd's planar path (a single image is not Winograd's at all).
     */
    static boolean beforeDirect(ConvGeometry s) {
        int lanes = simd() ? WinogradSimdF32.lanes() : 0;
        return lanes > 0 && applies(s) && WinogradNhwcF32.lanes(s) && s.channels() >= 2 * lanes
                && s.outChannels() >= 2 * lanes;
    }

    /**
     * Whether {@link ConvF32} runs s's forward pass, input gradient (the dual) and weight gradient by F(4×4, 3×3)
     * ({@link Winograd4F32}, {@link Winograd4GradF32}): where {@link #beforeDirect}, two vectors of channels or
     * more each side. Per 128 images on one core against this class's F(2×2, 3×3) with channels as lanes
     * (2026-12-06): 32 → 32 at 28×28 0.74–0.79 of the time forward and input gradient, 0.74–0.80 weight
     * gradient (against the wide grid); at 14×14 32 → 64 0.79–0.85 and 64 → 64 0.87–0.89 forward and input
     * gradient, 0.93–0.96 weight gradient. Narrower layers keep the paths they had (the wide grid, F(2×2)):
     * not measured against F(4×4), whose transforms cost per channel as F(2×2)'s did. A single image takes it
     * only with its kernel kept ({@link #fourByFourKept}).
     */
    static boolean fourByFour(ConvGeometry s) {
        return beforeDirect(s);
    }

    /**
     * Whether a forward pass given s's kernel already transformed and laid out ({@link ConvF32#winograd4Kernel},
     * kept by a {@code Predictor}) runs F(4×4, 3×3): where {@link #fourByFour}, and for a single image of such a
     * layer too, so that an image alone gets the bits it gets in a batch. On one thread (an image is one range),
     * the CNN example's single image took 0.63 of the time of im2col's products on one thread and 0.61 of their
     * time split between two ({@code nabla-bench/ab/PredictAB.java}, 2026-12-06). Without the kept kernel a
     * single image stays with im2col: transforming the kernel on every call made a batch of one 1.4–2.5 times
     * slower per pass at two threads ({@code ConvAB}), which training with one image a batch would pay. Splitting
     * an image's tile rows between two threads measured 1.2–1.4 times the one-thread time (each share's products
     * thin, and the image crossing between the cores), so an image stays on one thread.
     */
    static boolean fourByFourKept(ConvGeometry s) {
        int lanes = simd() ? WinogradSimdF32.lanes() : 0;
        return lanes > 0 && s.batch() >= 1 && s.kernelH() == 3 && s.kernelW() == 3 && s.strideH() == 1
                && s.strideW() == 1 && s.dilationH() == 1 && s.dilationW() == 1 && s.groups() == 1
                && WinogradNhwcF32.lanes(s) && s.channels() >= 2 * lanes && s.outChannels() >= 2 * lanes;
    }

    /**
     * Whether the transforms run their vector loops: the SIMD kernels on ({@link KernelMode}: asked first, since
     * {@link WinogradSimdF32} names the Vector API's types as it loads), with vectors of at most {@link #SLACK}
     * lanes (every x86 vector; a wider one, as SVE allows, would write past the slack).
     */
    private static boolean simd() {
        return KernelMode.vector() && WinogradSimdF32.lanes() <= SLACK;
    }

    /**
     * V for one tile row of one channel: planes from {@code p} hold its four padded rows (even, odd columns
     * each, rows {@code half} apart two by two); V_ξ for tile tx goes to {@code v[ξ·vStride + at + tx]}.
     */
    private static void inputTile(float[] planes, int p, int half, int cols, float[] v, int at, int vStride) {
        int tx = simd() ? WinogradSimdF32.inputTile(planes, p, half, cols, v, at, vStride) : 0;
        int e0 = p, o0 = p + half, e1 = p + 2 * half, o1 = p + 3 * half, e2 = p + 4 * half, o2 = p + 5 * half;
        int e3 = p + 6 * half, o3 = p + 7 * half;
        for (; tx < cols; tx++) { // Bᵀ·d down the columns (rows i = 0..3 of it), at tile columns tx and tx + 1
            int d = at + tx, n = tx + 1;
            emit(v, d, vStride, planes[e0 + tx] - planes[e2 + tx], planes[e0 + n] - planes[e2 + n],
                    planes[o0 + tx] - planes[o2 + tx], planes[o0 + n] - planes[o2 + n]);
            emit(v, d + 4 * vStride, vStride, planes[e1 + tx] + planes[e2 + tx], planes[e1 + n] + planes[e2 + n],
                    planes[o1 + tx] + planes[o2 + tx], planes[o1 + n] + planes[o2 + n]);
            emit(v, d + 8 * vStride, vStride, planes[e2 + tx] - planes[e1 + tx], planes[e2 + n] - planes[e1 + n],
                    planes[o2 + tx] - planes[o1 + tx], planes[o2 + n] - planes[o1 + n]);
            emit(v, d + 12 * vStride, vStride, planes[e1 + tx] - planes[e3 + tx], planes[e1 + n] - planes[e3 + n],
                    planes[o1 + tx] - planes[o3 + tx], planes[o1 + n] - planes[o3 + n]);
        }
    }

    /** (·B) along one row of Bᵀ·d: its columns 2tx .. 2tx + 3 are ea, oa, eb, ob. */
    private static void emit(float[] v, int d, int vStride, float ea, float eb, float oa, float ob) {
        v[d] = ea - eb;
        v[d + vStride] = oa + eb;
        v[d + 2 * vStride] = eb - oa;
        v[d + 3 * vStride] = oa - ob;
    }

    /**
     * One output row of one tile row of one output channel, bias added: the top row of each tile, or the
     * bottom one; m_ξ of tile tx at {@code m[ξ·mStride + at + tx]}, tile tx's two pixels to {@code dst[off + 2tx]}
     * and the next. The two rows in two loops: a row's overrun past its end then lands on the row after,
     * written later, never on one written before.
     */
    private static void outputRow(float[] m, int at, int mStride, int cols, float b, float[] dst, int off,
                                  boolean bottom) {
        int tx = simd() ? WinogradSimdF32.outputRow(m, at, mStride, cols, b, dst, off, bottom) : 0;
        int r0 = bottom ? 4 * mStride : 0, r1 = r0 + 4 * mStride, r2 = r1 + 4 * mStride;
        for (; tx < cols; tx++) {
            int a = at + tx;
            float c0, c1, c2, c3; // Aᵀ·m down the columns: m0 + m1 + m2 (top), m1 − m2 − m3 (bottom)
            if (bottom) {
                c0 = m[a + r0] - m[a + r1] - m[a + r2];
                c1 = m[a + r0 + mStride] - m[a + r1 + mStride] - m[a + r2 + mStride];
                c2 = m[a + r0 + 2 * mStride] - m[a + r1 + 2 * mStride] - m[a + r2 + 2 * mStride];
                c3 = m[a + r0 + 3 * mStride] - m[a + r1 + 3 * mStride] - m[a + r2 + 3 * mStride];
            } else {
                c0 = m[a + r0] + m[a + r1] + m[a + r2];
                c1 = m[a + r0 + mStride] + m[a + r1 + mStride] + m[a + r2 + mStride];
                c2 = m[a + r0 + 2 * mStride] + m[a + r1 + 2 * mStride] + m[a + r2 + 2 * mStride];
                c3 = m[a + r0 + 3 * mStride] + m[a + r1 + 3 * mStride] + m[a + r2 + 3 * mStride];
            }
            dst[off + 2 * tx] = c0 + c1 + c2 + b; // (·A) along the row
            dst[off + 2 * tx + 1] = c1 - c2 - c3 + b;
        }
    }
}
