package dev.nabla.kernel;

import java.util.Arrays;

/**
 * Stride-1 convolution read straight from a padded copy of the input, with no column matrix: the "wide grid"
 * form. Each input plane is copied into a zero border of the padding's width, Wp = padLeft + W + padRight
 * floats a row, and the output is computed on a grid of outH rows by Wp columns: position q = oy·Wp + ox
 * needs, for tap (c, i, j), the input at {@code c·plane + q + i·dh·Wp + j·dw}. For a run of consecutive
 * positions that is a run of the padded input, whichever row it crosses, so a tile of output channels ×
 * positions ({@link DirectTileF32}) reads its inputs where they lie. The grid's last Wp − outW columns of each
 * row are computed and dropped: 2 of 30 at 28×28 with "same" padding, which is why {@link #applies} asks
 * for rows at least eight times as wide as that.
 *
 * <p>im2col writes a column matrix kh·kw times the input (for 32 channels at 28×28, 903 KB an image) and the
 * product reads it back; Winograd's F(2×2, 3×3) does 4/9 of the multiplications but its transforms cost about
 * as much as its products. Here the only copies are the padded input (1/kh·kw of the column matrix) and the
 * output grid. Per 128 images of 32 → 32 channels at 28×28, 0.79–0.85 of Winograd's time on one core and on
 * two (design.md, Kernels); at 14×14, where the dropped columns are 2 of 16, it lost to Winograd (1.13–1.22),
 * so those layers keep it, as do layers with more channels ({@link #MAX_PAIRS}).
 *
 * <p>Every output is its bias, then one fused multiply-add per tap in im2col's row order: the bits of
 * {@link ConvF32#forwardIm2col} on the Java GEMM. Threads take whole images. With fewer images than threads (a single image at
 * inference) the call goes to im2col, whose split by pixels keeps each thread's share in its own cache: the
 * same bits, so the choice may depend on the threads. Split by grid tiles instead, the CNN's single-image
 * p50 on two threads went from 214 to 286 µs.
 */
final class DirectConvF32 {
    /** Slots 0: the padded input, 1: the output grid (each thread's own); 2: the packed kernel (the caller's). */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);
    private static final ThreadLocal<int[][]> OFFSETS = ThreadLocal.withInitial(() -> new int[1][0]);
    private static final int MR = DirectTileF32.MR;
    private static final int NR = DirectTileF32.NR;
    /**
     * Fewest taps (C·kh·kw) a position sums: with one input channel and a 3×3 kernel (9) a tile's stores cost
     * as much as its arithmetic, and the CNN's 1 → 32 first layer took 1.04–1.07 of im2col's time; with three
     * channels (27) 0.88–0.89, with eight 0.55–0.57 (there against Winograd's).
     */
    static final int MIN_PATCH = 16;
    /**
     * Most channel pairs (C·O): Winograd's products and im2col's GEMM grow more efficient with more channels,
     * the grid's tile does not. Per 32 images at 28×28 on one core, the grid took 0.55 of Winograd's time at
     * 16 → 16, 0.79–0.85 at 32 → 32, 1.02 at 32 → 64, 0.92 at 64 → 32, 1.05 at 48 → 48, 1.16 at 64 → 64 and 1.57
     * at 128 → 128; against im2col, 1.10 at 256 → 256 (3×3, dilation 2, 56×56) and 1.04 for a 1×1 512 → 128.
     */
    static final long MAX_PAIRS = 32 * 32;

    private DirectConvF32() {}

    /**
     * Whether {@link ConvF32#forward} runs s this way: the Java SIMD kernels (not OpenBLAS's products, which
     * im2col's and Winograd's call when {@code -Dnabla.backend=openblas} asks for them), stride 1, one group,
     * at least {@link #MR} output channels and {@link #MIN_PATCH} taps, output rows at least eight times as
     * wide as the grid's dropped columns, and at most {@link #MAX_PAIRS} channel pairs.
     */
    static boolean applies(ConvGeometry s) {
        int dropped = wideRow(s) - s.outW();
        return KernelMode.vector() && !NativeBlas.enabled() && s.strideH() == 1 && s.strideW() == 1
                && s.groups() == 1 && s.outChannels() >= MR && s.patch() >= MIN_PATCH && 8 * dropped <= s.outW()
                && (long) s.channels() * s.outChannels() <= MAX_PAIRS;
    }

    private static int wideRow(ConvGeometry s) {
        return s.padLeft() + s.width() + s.padRight();
    }

    /** out [N, O, outH, outW] = act(conv(x, w) + bias), as {@link ConvF32#forward} with {@link #applies}. */
    static void forward(float[] x, float[] w, float[] bias, ConvGeometry s, FusedActivation act, float slope,
                        float[] out) {
        if (s.batch() < Parallel.threads()) {
            ConvF32.forwardIm2col(x, w, bias, s, act, slope, out);
            return;
        }
        int o = s.outChannels(), k = s.patch(), wp = wideRow(s), plane = (s.padTop() + s.height() + s.padBottom()) * wp;
        int grid = s.outH() * wp, tiles = (grid + NR - 1) / NR;
        float[] packed = pack(w, o, k, ConvF32.grown(SCRATCH.get(), 2, (o + MR - 1) / MR * MR * k));
        int[] koff = offsets(s, wp, plane, s.patch());
        long perTile = (long) o * k * NR;
        Geometry g = new Geometry(s, wp, plane, grid, tiles, packed, koff, bias, act, slope);
        Parallel.forRange(s.batch(), perTile * tiles, (from, to) -> {
            for (int n = from; n < to; n++) {
                image(x, n, g, n == from, out);
            }
        });
    }

    /** What every image of one call shares. */
    private record Geometry(ConvGeometry s, int wp, int plane, int grid, int tiles, float[] packed, int[] koff,
                            float[] bias, FusedActivation act, float slope) {}

    /**
     * The kernel [O, K] as the tiles read it: for each block of MR output channels, K rows of MR values
     * ({@code packed[(t·K + p)·MR + r] = w[(t·MR + r)·K + p]}), the last block's missing channels repeating
     * its last one.
     */
    private static float[] pack(float[] w, int o, int k, float[] packed) {
        for (int t = 0; t * MR < o; t++) {
            for (int r = 0; r < MR; r++) {
                int row = Math.min(t * MR + r, o - 1) * k, dst = t * k * MR + r;
                for (int p = 0; p < k; p++) {
                    packed[dst + p * MR] = w[row + p];
                }
            }
        }
        return packed;
    }

    /**
     * Tap p = (c·kh + i)·kw + j (im2col's row order) reads the padded input at q + koff[p], for p below K; the
     * entries from K to {@code length} read at q (the weight gradient's tile rounds the taps up). This thread's
     * array, for one call at a time: the forward pass's and the weight gradient's ({@link DirectGradF32}).
     */
    static int[] offsets(ConvGeometry s, int wp, int plane, int length) {
        int kh = s.kernelH(), kw = s.kernelW();
        int[][] holder = OFFSETS.get();
        if (holder[0].length < length) {
            holder[0] = new int[length];
        }
        int[] koff = holder[0];
        Arrays.fill(koff, s.patch(), length, 0);
        for (int c = 0; c < s.channels(); c++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    koff[(c * kh + i) * kw + j] = c * plane + i * s.dilationH() * wp + j * s.dilationW();
                }
            }
        }
        return koff;
    }

    /** Image n's planes into xp's interior, rows wp apart, inside a border as wide as the padding. */
    static void pad(float[] x, int n, ConvGeometry s, int wp, float[] xp) {
        int h = s.height(), w = s.width(), plane = (s.padTop() + h + s.padBottom()) * wp;
        int xOff = n * s.channels() * h * w, top = s.padTop() * wp + s.padLeft();
        for (int ch = 0; ch < s.channels(); ch++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(x, xOff + (ch * h + y) * w, xp, ch * plane + top + y * wp, w);
            }
        }
    }

    /**
     * Image n: pad, multiply, then copy the valid columns out. {@code first}: the first image of a range of
     * {@link Parallel#forRange}, when the padded copy's border is zeroed (an earlier call's geometry may have
     * left values there); the images after it write the same interior, so the border stays zero.
     */
    private static void image(float[] x, int n, Geometry g, boolean first, float[] out) {
        ConvGeometry s = g.s;
        int c = s.channels(), o = s.outChannels(), k = s.patch(), wp = g.wp;
        // the last tile reads up to (kw−1)·dw plus its overhang past the grid beyond the last plane
        int length = c * g.plane + (s.kernelW() - 1) * s.dilationW() + g.tiles * NR - g.grid;
        float[][] scratch = SCRATCH.get();
        float[] xp = ConvF32.grown(scratch, 0, length);
        if (first) {
            Arrays.fill(xp, 0, length, 0f);
        }
        pad(x, n, s, wp, xp);
        int ld = g.tiles * NR;
        float[] grid = ConvF32.grown(scratch, 1, o * ld);
        for (int t = 0; t < g.tiles; t++) {
            for (int r = 0; r < o; r += MR) {
                DirectTileF32.tile(k, g.packed, r * k, xp, t * NR, g.koff, g.bias, r, Math.min(MR, o - r) - 1,
                        grid, r * ld + t * NR, ld);
            }
        }
        copyOut(grid, ld, g, n, out);
    }

    /**
     * The activation over every channel's grid, then its rows into out without the grid's extra columns (the
     * activation of a dropped value is wasted: one call a channel instead of one a row).
     */
    private static void copyOut(float[] grid, int ld, Geometry g, int n, float[] out) {
        ConvGeometry s = g.s;
        int o = s.outChannels(), outW = s.outW(), p = s.pixels(), wp = g.wp;
        int oOff = n * o * p;
        for (int ch = 0; ch < o; ch++) {
            g.act.applyRow(grid, ch * ld, null, g.grid, g.slope);
            for (int y = 0; y < s.outH(); y++) {
                System.arraycopy(grid, ch * ld + y * wp, out, oOff + ch * p + y * outW, outW);
            }
        }
    }
}
