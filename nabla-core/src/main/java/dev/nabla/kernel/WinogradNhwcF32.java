package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinogradF32}'s forward pass with the channels as the vector lanes: each image is transposed once to
 * pixels × channels (NHWC) inside a zero border, and a block of tiles goes through the input transform, the
 * 16 products and the output transform while its V and M are still in L2. The planar path transforms a
 * block of about {@link WinogradF32#TILES} tiles (2 MB of V for 64 channels, past a 1 MB L2), writes V, packs
 * it for the products, writes M and reads it back: at 14×14 its transforms took as long as its products.
 *
 * <p>Here a tile's 4 × 4 patch is 16 vectors of channels, so the transforms are additions of whole vectors
 * (no lane shuffles), and the products are {@code M_ξ[T, O] = V_ξ[T, C] · U_ξᵀ[C, O]}: V read in place as
 * the GEMM's A (a tile's channels contiguous), U packed once per call as its B (16 panels of C × O, which
 * stay in cache across the blocks). The additions are the planar path's, in its order, and each element of
 * M is the same chain of fused multiply-adds over the channels from zero, so the output is the planar path's
 * to the bit ({@code WinogradNhwcTest}); only the memory traffic differs.
 *
 * <p>Vector-only (it names the Vector API's types): {@link WinogradF32} asks {@link #applies} after its own
 * SIMD check. Threads take whole images, as the planar path's even shares do.
 */
final class WinogradNhwcF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int NR = GemmTileF32.NR;
    /**
     * Tiles per block (whole tile rows, at least one): V and M of a block are 16·T·C and 16·T·O floats,
     * 256 KB each for 64 channels, so that they and U's panels stay in L2.
     */
    static final int TILES = 64;
    /**
     * Slots 0 .. 15: the caller's U_ξᵀ (packed panels, or all 16 row-major in slot 0); then each thread's padded
     * image, V, M, its output, the image's NHWC copy and a copy of its planes.
     */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[22][0]);
    private static final int IMAGE = 16;
    private static final int V = 17;
    private static final int M = 18;
    private static final int OUT = 19;
    private static final int FLAT = 20;
    private static final int STAGE = 21;
    /** Where the products' sums start (two vectors, read with row stride 0). */
    private static final float[] ZEROS = new float[2 * L];

    private WinogradNhwcF32() {}

    /**
     * Whether s runs here (s being one {@link WinogradF32#applies} to, on the SIMD kernels): channels and output
     * channels whole vectors, at least as many images as threads (a single image's tile rows are split
     * between threads by the planar path), and the Java products (OpenBLAS's give other bits).
     */
    static boolean applies(ConvGeometry s) {
        return lanes(s) && s.batch() >= Parallel.threads();
    }

    /**
     * {@link #applies} without the threads: channels and output channels whole vectors, the Java products.
     * What a choice between this path's bits and another's may ask ({@link WinogradF32#beforeDirect}).
     */
    static boolean lanes(ConvGeometry s) {
        return s.channels() % L == 0 && s.outChannels() % L == 0 && !NativeBlas.enabled();
    }

    /** As {@link WinogradF32#forward}: out [N, O, outH, outW] = act(conv(x, w) + bias), u the transformed kernel. */
    static void forward(float[] x, float[] u, float[] bias, ConvGeometry s, FusedActivation act, float slope,
                        float[] out) {
        int c = s.channels(), o = s.outChannels();
        float[][] caller = SCRATCH.get();
        GemmF32.Packed[] ut = null;
        float[] rowMajor = null;
        if (tall(o)) {
            rowMajor = ConvF32.grown(caller, 0, 16 * c * o);
            for (int xi = 0; xi < 16; xi++) {
                for (int oc = 0; oc < o; oc++) {
                    for (int ch = 0; ch < c; ch++) {
                        rowMajor[(xi * c + ch) * o + oc] = u[(xi * o + oc) * c + ch];
                    }
                }
            }
        } else {
            ut = new GemmF32.Packed[16];
            GemmSimdF32.Workspace ws = GemmSimdF32.Workspace.of(0);
            for (int xi = 0; xi < 16; xi++) { // B of product ξ: op(B)[c][o] = U_ξ[o][c]
                float[] panels = ConvF32.grown(caller, xi, (o + NR - 1) / NR * NR * c);
                GemmPackF32.pack(u, xi * o * c, 1, c, 0, c, 0, o, panels, ws);
                ut[xi] = new GemmF32.Packed(c, o, panels);
            }
        }
        WinogradF32.Tiling t = new WinogradF32.Tiling(s);
        Plan plan = new Plan(s, t, ut, rowMajor, bias, act, slope);
        Parallel.forRange(s.batch(), 16L * c * o * t.rows() * t.cols(), (from, to) -> {
            for (int n = from; n < to; n++) {
                image(x, n, plan, out);
            }
        });
    }

    /**
     * What every image of a call shares: U_ξᵀ as panels ({@code ut}) or row-major ({@code rowMajor}), the tile
     * rows of a block, and the strides between V's (and M's) 16 matrices.
     */
    private record Plan(ConvGeometry s, WinogradF32.Tiling t, GemmF32.Packed[] ut, float[] rowMajor, float[] bias,
                        FusedActivation act, float slope, int blockRows, int vStride, int mStride) {
        Plan(ConvGeometry s, WinogradF32.Tiling t, GemmF32.Packed[] ut, float[] rowMajor, float[] bias,
             FusedActivation act, float slope) {
            this(s, t, ut, rowMajor, bias, act, slope, Math.clamp(TILES / t.cols(), 1, t.rows()),
                    WinogradF32.apart(Math.clamp(TILES / t.cols(), 1, t.rows()) * t.cols() * s.channels()),
                    WinogradF32.apart(Math.clamp(TILES / t.cols(), 1, t.rows()) * t.cols() * s.outChannels()));
        }
    }

    /** Image n: to NHWC in a zero border, the blocks of tile rows, the activation, back to NCHW. */
    private static void image(float[] x, int n, Plan p, float[] out) {
        ConvGeometry s = p.s;
        int c = s.channels(), o = s.outChannels(), pixels = s.outH() * s.outW();
        float[][] scratch = SCRATCH.get();
        float[] xp = padded(x, n, s, p.t);
        float[] v = ConvF32.grown(scratch, V, 16 * p.vStride), m = ConvF32.grown(scratch, M, 16 * p.mStride);
        float[] y = ConvF32.grown(scratch, OUT, pixels * o);
        int rows = p.t.rows(), blocks = (rows + p.blockRows - 1) / p.blockRows;
        for (int b = 0; b < blocks; b++) {
            int ty0 = rows * b / blocks, ty1 = rows * (b + 1) / blocks, tiles = (ty1 - ty0) * p.t.cols();
            transformInput(xp, s, p.t, ty0, ty1, v, p.vStride);
            products(v, p, tiles, m);
            transformOutput(m, p, ty0, ty1, y);
        }
        if (p.act != FusedActivation.RELU) { // a ReLU is the output transform's (its floor)
            p.act.applyRow(y, 0, null, pixels * o, p.slope);
        }
        float[] planes = ConvF32.grown(scratch, STAGE, pixels * o); // see padded
        transpose(y, pixels, o, planes, 0, 0);
        System.arraycopy(planes, 0, out, n * o * pixels, pixels * o);
    }

    /**
     * Whether the products read U_ξᵀ row-major with {@link GemmSmallF32#tall}'s tiles (twelve tiles × two vectors
     * of output channels) instead of the GEMM's packed panels (six × four): where the output channels are two
     * vectors and not four, whose panels the six-row tiles half fill. Per 128 images on one core (2026-12-06):
     * 64 → 32 at 14×14 0.84 of the time, 32 → 32 at 28×28 0.94; 32 → 64 1.13 and 64 → 64 level, hence four
     * vectors stay on the panels.
     */
    static boolean tall(int o) {
        return o % (2 * L) == 0 && o % (4 * L) != 0;
    }

    /** M_ξ[T, O] = V_ξ[T, C] · U_ξᵀ[C, O] for the block's tiles, ξ = 0 .. 15. */
    private static void products(float[] v, Plan p, int tiles, float[] m) {
        products(16, v, p.vStride, p.ut, p.rowMajor, p.s.channels(), p.s.outChannels(), tiles, m, p.mStride);
    }

    /**
     * M_ξ[T, O] = V_ξ[T, C] · U_ξᵀ[C, O] for ξ = 0 .. xis − 1 (at {@code v[ξ·vs ..]} and {@code m[ξ·ms ..]}): U_ξᵀ as
     * packed panels {@code ut}, or, where that is null, all of them row-major in {@code rowMajor} ({@link #tall}).
     * Also {@link Winograd4F32}'s.
     */
    static void products(int xis, float[] v, int vs, GemmF32.Packed[] ut, float[] rowMajor, int c, int o, int tiles,
                         float[] m, int ms) {
        for (int xi = 0; xi < xis; xi++) {
            if (ut != null) {
                GemmF32.gemmPacked(false, tiles, v, xi * vs, c, ut[xi], null, 0, m, xi * ms, o);
                continue;
            }
            for (int t0 = 0; t0 < tiles; t0 += GemmSmallF32.MAX_ROWS) {
                int few = Math.min(GemmSmallF32.MAX_ROWS, tiles - t0);
                for (int j = 0; j < o; j += 2 * L) {
                    GemmSmallF32.tall(c, few, v, xi * vs + t0 * c, c, 1, rowMajor, xi * c * o + j, o, ZEROS, 0, 0, m,
                            xi * ms + t0 * o + j, o);
                }
            }
        }
    }

    /**
     * Image n as [2·rows + 2][2·cols + 2][C]: input pixel (iy, ix) at (iy + padTop, ix + padLeft), zero
     * elsewhere (the border, and the rows and columns the last tiles reach past the input).
     */
    static float[] padded(float[] x, int n, ConvGeometry s, WinogradF32.Tiling t) {
        return padded(x, n, s, 2 * t.rows() + 2, 2 * t.cols() + 2);
    }

    /** {@link #padded(float[], int, ConvGeometry, WinogradF32.Tiling)} as [hp][wp][C], for other tile sizes. */
    static float[] padded(float[] x, int n, ConvGeometry s, int hp, int wp) {
        float[][] scratch = SCRATCH.get();
        int c = s.channels(), h = s.height(), w = s.width(), hw = h * w;
        float[] flat = toPixels(x, n * c * hw, c, hw, ConvF32.grown(scratch, STAGE, hw * c),
                ConvF32.grown(scratch, FLAT, hw * c));
        float[] xp = ConvF32.grown(scratch, IMAGE, hp * wp * c);
        // only what the copies leave: the rows above and below the input, each input row's left and right border
        int top = s.padTop(), row = wp * c, left = s.padLeft() * c, right = row - left - w * c;
        java.util.Arrays.fill(xp, 0, top * row, 0f);
        java.util.Arrays.fill(xp, (top + h) * row, hp * row, 0f);
        for (int iy = 0; iy < h; iy++) {
            int at = (iy + top) * row;
            java.util.Arrays.fill(xp, at, at + left, 0f);
            System.arraycopy(flat, iy * w * c, xp, at + left, w * c);
            java.util.Arrays.fill(xp, at + left + w * c, at + row, 0f);
        }
        return xp;
    }

    /**
     * An image's planes [channels][pixels] from {@code src[from ..]} as [pixels][channels] in {@code flat}, through a
     * copy in {@code stage}: the transpose's sixteen streams (a channel each) ran slower from memory than one
     * copy's single stream, and then from L2 (0.90–0.93 of the forward's time at 14×14).
     */
    static float[] toPixels(float[] src, int from, int channels, int pixels, float[] stage, float[] flat) {
        System.arraycopy(src, from, stage, 0, channels * pixels);
        transpose(stage, channels, pixels, flat, 0, 0);
        return flat;
    }

    /** a [rows][cols] from {@code a[from ..]} into b [cols][rows] from {@code b[to ..]}. */
    static void transpose(float[] a, int rows, int cols, float[] b, int to, int from) {
        int r = 0;
        if (Transposes.whole(a)) {
            for (; r + L <= rows; r += L) {
                int j = 0;
                for (; j + L <= cols; j += L) {
                    Transposes.block(a, from + r * cols + j, cols, b, to + j * rows + r, rows);
                }
                for (; j < cols; j++) {
                    for (int i = r; i < r + L; i++) {
                        b[to + j * rows + i] = a[from + i * cols + j];
                    }
                }
            }
        }
        for (; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                b[to + j * rows + r] = a[from + r * cols + j];
            }
        }
    }

    /**
     * V_ξ[T, C] for tile rows [ty0, ty1): tile (ty, tx) is row {@code (ty − ty0)·cols + tx} of each, at
     * {@code v[ξ·vStride ..]}. The patch's 16 vectors loaded once; then for each row i of Bᵀ·d (rows 0..3:
     * d0 − d2, d1 + d2, d2 − d1, d1 − d3, column by column), (·B) along it, as the planar path's inputTile and
     * emit. Written out: a helper taking a row's four vectors was not always inlined, and then boxed them.
     */
    static void transformInput(float[] xp, ConvGeometry s, WinogradF32.Tiling t, int ty0, int ty1, float[] v, int vs) {
        int c = s.channels(), cols = t.cols(), wp = 2 * cols + 2, row = wp * c;
        for (int ty = ty0; ty < ty1; ty++) {
            for (int tx = 0; tx < cols; tx++) {
                int at = (2 * ty * wp + 2 * tx) * c, dst = ((ty - ty0) * cols + tx) * c;
                for (int ch = 0; ch < c; ch += L) {
                    int a = at + ch, d = dst + ch, a1 = a + row, a2 = a1 + row, a3 = a2 + row;
                    FloatVector d00 = load(xp, a), d01 = load(xp, a + c), d02 = load(xp, a + 2 * c), d03 = load(xp, a + 3 * c);
                    FloatVector d10 = load(xp, a1), d11 = load(xp, a1 + c), d12 = load(xp, a1 + 2 * c), d13 = load(xp, a1 + 3 * c);
                    FloatVector d20 = load(xp, a2), d21 = load(xp, a2 + c), d22 = load(xp, a2 + 2 * c), d23 = load(xp, a2 + 3 * c);
                    FloatVector d30 = load(xp, a3), d31 = load(xp, a3 + c), d32 = load(xp, a3 + 2 * c), d33 = load(xp, a3 + 3 * c);
                    FloatVector r00 = d00.sub(d20), r01 = d01.sub(d21), r02 = d02.sub(d22), r03 = d03.sub(d23);
                    int e0 = d;
                    r00.sub(r02).intoArray(v, e0);
                    r01.add(r02).intoArray(v, e0 + vs);
                    r02.sub(r01).intoArray(v, e0 + 2 * vs);
                    r01.sub(r03).intoArray(v, e0 + 3 * vs);
                    FloatVector r10 = d10.add(d20), r11 = d11.add(d21), r12 = d12.add(d22), r13 = d13.add(d23);
                    int e1 = d + 4 * vs;
                    r10.sub(r12).intoArray(v, e1);
                    r11.add(r12).intoArray(v, e1 + vs);
                    r12.sub(r11).intoArray(v, e1 + 2 * vs);
                    r11.sub(r13).intoArray(v, e1 + 3 * vs);
                    FloatVector r20 = d20.sub(d10), r21 = d21.sub(d11), r22 = d22.sub(d12), r23 = d23.sub(d13);
                    int e2 = d + 8 * vs;
                    r20.sub(r22).intoArray(v, e2);
                    r21.add(r22).intoArray(v, e2 + vs);
                    r22.sub(r21).intoArray(v, e2 + 2 * vs);
                    r21.sub(r23).intoArray(v, e2 + 3 * vs);
                    FloatVector r30 = d10.sub(d30), r31 = d11.sub(d31), r32 = d12.sub(d32), r33 = d13.sub(d33);
                    int e3 = d + 12 * vs;
                    r30.sub(r32).intoArray(v, e3);
                    r31.add(r32).intoArray(v, e3 + vs);
                    r32.sub(r31).intoArray(v, e3 + 2 * vs);
                    r31.sub(r33).intoArray(v, e3 + 3 * vs);
                }
            }
        }
    }

    /**
     * y [outH·outW][O] for tile rows [ty0, ty1) from M: Aᵀ·m down the columns (m0 + m1 + m2 for the top
     * row, m1 − m2 − m3 for the bottom one), then along the rows, the bias last, as the planar outputRow; then
     * the max with a floor, 0 for a ReLU (its values, NaN kept, as {@link ElementwiseF32#relu}'s: one pass over
     * the image's output fewer), −∞ otherwise (every value as it is).
     */
    private static void transformOutput(float[] m, Plan p, int ty0, int ty1, float[] y) {
        ConvGeometry s = p.s;
        int o = s.outChannels(), cols = p.t.cols(), oh = s.outH(), ow = s.outW(), ms = p.mStride;
        FloatVector floor = FloatVector.broadcast(S, p.act == FusedActivation.RELU ? 0f : Float.NEGATIVE_INFINITY);
        for (int ty = ty0; ty < ty1; ty++) {
            for (int tx = 0; tx < cols; tx++) {
                int src = ((ty - ty0) * cols + tx) * o, px = 2 * ty * ow + 2 * tx;
                boolean right = 2 * tx + 1 < ow, below = 2 * ty + 1 < oh;
                for (int oc = 0; oc < o; oc += L) {
                    int a = src + oc;
                    FloatVector b = p.bias == null ? FloatVector.zero(S) : load(p.bias, oc);
                    for (int half = 0; half < (below ? 2 : 1); half++) {
                        int r0 = a + (half == 0 ? 0 : 4 * ms), r1 = r0 + 4 * ms, r2 = r1 + 4 * ms;
                        FloatVector c0, c1, c2, c3;
                        if (half == 0) {
                            c0 = load(m, r0).add(load(m, r1)).add(load(m, r2));
                            c1 = load(m, r0 + ms).add(load(m, r1 + ms)).add(load(m, r2 + ms));
                            c2 = load(m, r0 + 2 * ms).add(load(m, r1 + 2 * ms)).add(load(m, r2 + 2 * ms));
                            c3 = load(m, r0 + 3 * ms).add(load(m, r1 + 3 * ms)).add(load(m, r2 + 3 * ms));
                        } else {
                            c0 = load(m, r0).sub(load(m, r1)).sub(load(m, r2));
                            c1 = load(m, r0 + ms).sub(load(m, r1 + ms)).sub(load(m, r2 + ms));
                            c2 = load(m, r0 + 2 * ms).sub(load(m, r1 + 2 * ms)).sub(load(m, r2 + 2 * ms));
                            c3 = load(m, r0 + 3 * ms).sub(load(m, r1 + 3 * ms)).sub(load(m, r2 + 3 * ms));
                        }
                        int at = (px + half * ow) * o + oc;
                        c0.add(c1).add(c2).add(b).max(floor).intoArray(y, at);
                        if (right) {
                            c1.sub(c2).sub(c3).add(b).max(floor).intoArray(y, at + o);
                        }
                    }
                }
            }
        }
    }

    private static FloatVector load(float[] a, int at) {
        return FloatVector.fromArray(S, a, at);
    }
}
