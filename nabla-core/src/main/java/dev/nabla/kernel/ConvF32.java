package dev.nabla.kernel;

import java.util.Arrays;

/**
 * 2-D convolution (NCHW, groups, stride, dilation, padding) as im2col feeding {@link GemmF32}. One
 * sample's group is a product {@code out[Og, P] = W_g[Og, K] · cols[K, P]}, where the column matrix
 * holds, per output pixel (P = outH·outW), the K = C/G·kh·kw input values under the kernel (zeros in the
 * padding).
 *
 * <p>Several samples' columns stand side by side in one product ({@link #block}: the 7×7 layers' 49
 * pixels per sample made thin products that ran at half the GEMM's speed). Threads split the batch into
 * those blocks, fixed by the geometry: each block's columns go to the thread's scratch (kept and grown,
 * never one allocation per window or per call) and its product runs on that thread. The weight gradient
 * sums over the batch, so it is computed in chunks of {@link #CHUNK} samples at fixed boundaries, each
 * chunk one FMA chain per element, and the chunks are added in order: the same bits for any thread count.
 */
public final class ConvF32 {
    /** Samples per partial weight gradient: fixed, so that the sum's order never depends on the threads. */
    static final int CHUNK = 16;
    /** About how many output pixels one product should have: the 7×7 layers' 49 per sample make thin products. */
    static final int BLOCK_PIXELS = 512;
    /** Output pixels per sample from which a sample's product is wide enough alone. */
    static final int THIN = 128;
    /** Output pixels per share when one sample's product is split by pixels ({@link #forwardByPixels}). */
    static final int PIXEL_SHARE = 16;
    /**
     * Fewest multiply-adds of one image's product for {@link #forwardByPixels} to split it between threads (the
     * GEMM's own threshold): the CNN's 1 → 32 first layer (226k) took 22–24 µs split in two and 15–17 µs on one
     * thread, with the cores on different caches; its 32 → 64 layer (3.6M) 43 µs split and 58 µs on one.
     */
    static final long PIXEL_SPLIT_MIN = 1L << 21;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][0]);

    private ConvF32() {}

    /**
     * This thread's scratch {@code slot} (0, 1, 2 for the flipped kernel, 3 for the weight gradient's chunk
     * sums, which the calling thread's slot holds for every thread) for {@code n} elements (contents
     * unspecified).
     */
    private static float[] scratch(int slot, int n) {
        return grown(SCRATCH.get(), slot, n);
    }

    /** {@code holder[slot]}, first replaced by a larger array if it has fewer than n elements: a thread's kept scratch. */
    static float[] grown(float[][] holder, int slot, int n) {
        if (holder[slot].length < n) {
            holder[slot] = new float[n];
        }
        return holder[slot];
    }

    /**
     * Samples per product in the forward and input-gradient passes: one when a sample has at least
     * {@link #THIN} output pixels (14×14: 196 columns already ran at the GEMM's speed, two side by side
     * measured no faster), else enough for about {@link #BLOCK_PIXELS} columns, at most {@link #CHUNK}. A
     * function of the geometry only, never of the threads, so the products (and their bits) are the same
     * on any number of threads.
     */
    static int block(ConvGeometry s) {
        int p = Math.max(1, s.pixels());
        return p >= THIN ? 1 : Math.min(CHUNK, BLOCK_PIXELS / p);
    }

    /** out [N, O, outH, outW] = conv(x [N, C, H, W], w [O, C/G, kh, kw]) + bias [O] (bias may be null). */
    public static void forward(float[] x, float[] w, float[] bias, ConvGeometry s, float[] out) {
        forward(x, w, bias, s, FusedActivation.IDENTITY, 0f, out);
    }

    /**
     * {@link #forward} with {@code act} applied in place to each range of out by the thread that computed it,
     * while it is in that core's cache ({@code slope}: leaky ReLU's). As a separate op the activation was one
     * more pass over every layer's output, and for a single image it ran on one thread over both threads'
     * halves; fused, the CNN's single-image latency on one thread went from 337–383 to 318–345 µs. The
     * activation's own loops, so the same bits as the two ops.
     */
    public static void forward(float[] x, float[] w, float[] bias, ConvGeometry s, FusedActivation act, float slope,
                               float[] out) {
        forward(x, w, null, bias, s, act, slope, out);
    }

    /**
     * {@link #forward(float[], float[], float[], ConvGeometry, FusedActivation, float, float[])} given, when
     * not null, the kernel's {@link WinogradF32#filter} where {@link #winograd} (kept by the caller across calls
     * with unchanged weights: at inference it costs as much as an image's product). Where {@link #winograd4} it
     * runs F(4×4, 3×3) ({@link #forward(float[], Winograd4Kernel, float[], ConvGeometry, FusedActivation, float,
     * float[])} takes that one's kept kernel). Where {@link DirectConvF32#applies} the
     * product reads the padded input in place (im2col's bits); else, where {@link WinogradF32#applies}, it is
     * Winograd's; else im2col's.
     */
    public static void forward(float[] x, float[] w, float[] winograd, float[] bias, ConvGeometry s,
                               FusedActivation act, float slope, float[] out) {
        if (WinogradF32.fourByFour(s)) {
            Winograd4F32.forward(x, w, null, bias, s, act, slope, out);
        } else if (direct(s)) {
            DirectConvF32.forward(x, w, bias, s, act, slope, out);
        } else if (WinogradF32.applies(s)) {
            int size = 16 * s.outChannels() * s.channels();
            float[] u = winograd != null ? winograd
                    : WinogradF32.filter(w, s.outChannels(), s.channels(), WinogradF32.scratch(5, size));
            WinogradF32.forward(x, u, bias, s, act, slope, out);
        } else {
            forwardIm2col(x, w, bias, s, act, slope, out);
        }
    }

    /**
     * {@link DirectConvF32#applies}, asked only with the SIMD kernels on: that class (as {@link DirectGradF32})
     * names the Vector API's types as it loads, which a JVM without the module cannot resolve ({@link KernelMode});
     * not where Winograd's products with channels as lanes come first ({@link WinogradF32#beforeDirect}).
     */
    private static boolean direct(ConvGeometry s) {
        return KernelMode.vector() && DirectConvF32.applies(s) && !WinogradF32.beforeDirect(s);
    }

    /**
     * Whether {@link #forward} runs s as Winograd's F(2×2, 3×3) products (and so would use the transformed kernel
     * {@link WinogradF32#filter} given it).
     */
    public static boolean winograd(ConvGeometry s) {
        return WinogradF32.applies(s) && !direct(s) && !WinogradF32.fourByFour(s);
    }

    /**
     * Whether s's forward pass, given its kernel kept as {@link #winograd4Kernel}, runs Winograd's F(4×4, 3×3)
     * products ({@link #forward(float[], Winograd4Kernel, float[], ConvGeometry, FusedActivation, float,
     * float[])}): where {@link #forward} does, and for a single image of such a layer.
     */
    public static boolean winograd4(ConvGeometry s) {
        return WinogradF32.fourByFourKept(s);
    }

    /**
     * Kernel w [O, C, 3, 3] transformed for F(4×4, 3×3) and laid out for its 36 products, in arrays of its own: what
     * {@link #forward(float[], Winograd4Kernel, float[], ConvGeometry, FusedActivation, float, float[])} takes.
     */
    public static Winograd4Kernel winograd4Kernel(float[] w, int outChannels, int channels) {
        return Winograd4F32.prepare(w, outChannels, channels);
    }

    /**
     * The forward pass where {@link #winograd4}, given the kernel's {@link #winograd4Kernel} (kept by the caller
     * across calls with unchanged weights): the same bits as {@link #forward} computing it afresh where that runs
     * F(4×4), and for a single image the bits it gets in a batch.
     */
    public static void forward(float[] x, Winograd4Kernel kernel, float[] bias, ConvGeometry s, FusedActivation act,
                               float slope, float[] out) {
        Winograd4F32.forward(x, null, kernel, bias, s, act, slope, out);
    }

    /**
     * A kernel transformed for F(4×4, 3×3) with the products' layout of U_ξᵀ (all 36 row-major, or packed
     * panels): opaque outside the kernels; at inference the layout cost as much as the transform.
     */
    public static final class Winograd4Kernel {
        final float[] rowMajor;
        final GemmF32.Packed[] ut;

        Winograd4Kernel(float[] rowMajor, GemmF32.Packed[] ut) {
            this.rowMajor = rowMajor;
            this.ut = ut;
        }
    }

    /** The forward pass as im2col's products, whatever the geometry. */
    static void forwardIm2col(float[] x, float[] w, float[] bias, ConvGeometry s, FusedActivation act, float slope,
                              float[] out) {
        int og = s.groupOut(), k = s.patch(), p = s.pixels(), groups = s.groups(), nb = block(s);
        int inSample = s.channels() * s.plane(), outSample = s.outChannels() * p;
        int blocks = (s.batch() + nb - 1) / nb;
        if (blocks < Parallel.threads() && p >= 2 * PIXEL_SHARE && (long) og * k * p >= PIXEL_SPLIT_MIN) {
            forwardByPixels(x, w, bias, s, act, slope, out);
            return;
        }
        Parallel.forRange(blocks, (long) nb * s.outChannels() * k * p, (from, to) -> {
            float[] cols = scratch(0, k * nb * p), prod = scratch(1, og * nb * p);
            for (int bl = from; bl < to; bl++) {
                int first = bl * nb, count = Math.min(nb, s.batch() - first), ld = count * p;
                for (int g = 0; g < groups; g++) {
                    for (int j = 0; j < count; j++) {
                        Im2colF32.im2col(x, (first + j) * inSample + g * s.groupIn() * s.plane(), s, cols, j * p, ld);
                    }
                    for (int o = 0; o < og; o++) {
                        Arrays.fill(prod, o * ld, (o + 1) * ld, bias == null ? 0f : bias[g * og + o]);
                    }
                    // prod[Og, count·P] = bias + W_g[Og, K] · cols[K, count·P]
                    GemmF32.gemm(false, false, og, ld, k, w, g * og * k, k, cols, 0, ld, 1f, prod, 0, ld);
                    for (int j = 0; j < count; j++) {
                        int oOff = (first + j) * outSample + g * og * p;
                        for (int o = 0; o < og; o++) {
                            System.arraycopy(prod, o * ld + j * p, out, oOff + o * p, p);
                        }
                        act.applyRow(out, oOff, null, og * p, slope);
                    }
                }
            }
        });
    }

    /**
     * {@link #forward} when there are fewer sample blocks than threads (a single image at inference): each
     * sample's product split by output pixels, each thread writing the columns of its own pixels and
     * multiplying them, so that the column matrix stays in the cache of the core that wrote it. Split the
     * other way (the columns written by one thread, the product shared), two threads ran a single
     * image slower than one: half of the columns crossed to the other core, and back again as the next
     * image's columns were written. Each thread multiplies into a product of its own and copies it into out
     * once: the threads' pixel ranges meet inside a cache line of every output row, and with the bias, each
     * k-block of the product and the activation all written in place, those lines went back and forth between
     * the cores. With the two vCPUs on different caches (a core-to-core round trip of 500 ns, against 60 ns
     * when they share one) that took the CNN's single-image latency on two threads to 360–390 µs, more than
     * on one; through the private product it is 275–295 µs. Every element is the same sum in the same order
     * as in the product over all pixels, so the bits do not change.
     */
    static void forwardByPixels(float[] x, float[] w, float[] bias, ConvGeometry s, FusedActivation act,
                                float slope, float[] out) {
        int og = s.groupOut(), k = s.patch(), p = s.pixels();
        int inSample = s.channels() * s.plane(), outSample = s.outChannels() * p;
        int shares = (p + PIXEL_SHARE - 1) / PIXEL_SHARE;
        for (int n = 0; n < s.batch(); n++) {
            for (int g = 0; g < s.groups(); g++) {
                int xOff = n * inSample + g * s.groupIn() * s.plane(), oOff = n * outSample + g * og * p, gi = g;
                Parallel.forRange(shares, (long) og * k * PIXEL_SHARE, (from, to) -> {
                    int p0 = from * PIXEL_SHARE, p1 = Math.min(p, to * PIXEL_SHARE), width = p1 - p0;
                    float[] cols = scratch(0, k * width), prod = scratch(1, og * width);
                    Im2colF32.im2col(x, xOff, s, p0, p1, cols, 0, width);
                    for (int o = 0; o < og; o++) {
                        Arrays.fill(prod, o * width, (o + 1) * width, bias == null ? 0f : bias[gi * og + o]);
                    }
                    // prod[Og, p0..p1) = bias + W_g[Og, K] · cols[K, p0..p1)
                    GemmF32.gemm(false, false, og, width, k, w, gi * og * k, k, cols, 0, width, 1f, prod, 0, width);
                    for (int o = 0; o < og; o++) {
                        act.applyRow(prod, o * width, null, width, slope);
                        System.arraycopy(prod, o * width, out, oOff + o * p + p0, width);
                    }
                });
            }
        }
    }

    /** dx [N, C, H, W] (overwritten) = the input gradient of {@link #forward}, given g [N, O, outH, outW]. */
    public static void inputGrad(float[] g, float[] w, ConvGeometry s, float[] dx) {
        ConvGeometry dual = dual(s);
        if (dual != null) {
            forward(g, flipped(w, s), null, dual, dx);
            return;
        }
        int og = s.groupOut(), k = s.patch(), p = s.pixels(), groups = s.groups(), nb = block(s);
        int inSample = s.channels() * s.plane(), outSample = s.outChannels() * p;
        int blocks = (s.batch() + nb - 1) / nb;
        Parallel.forRange(blocks, (long) nb * s.outChannels() * k * p, (from, to) -> {
            float[] cols = scratch(0, k * nb * p), grads = scratch(1, og * nb * p);
            for (int bl = from; bl < to; bl++) {
                int first = bl * nb, count = Math.min(nb, s.batch() - first), ld = count * p;
                Arrays.fill(dx, first * inSample, (first + count) * inSample, 0f);
                for (int gi = 0; gi < groups; gi++) {
                    gather(g, first, count, outSample, gi * og * p, og, p, grads);
                    // cols[K, count·P] = W_gᵀ · g[Og, count·P]
                    GemmF32.gemm(true, false, k, ld, og, w, gi * og * k, k, grads, 0, ld, 0f, cols, 0, ld);
                    for (int j = 0; j < count; j++) {
                        Im2colF32.col2im(cols, j * p, ld, s, dx, (first + j) * inSample + gi * s.groupIn() * s.plane());
                    }
                }
            }
        });
    }

    /**
     * With stride 1, the input gradient is itself a convolution: of g (O channels, outH × outW) with the
     * kernel turned by 180° and its two channel axes swapped, padded so that the output is H × W. Computed
     * so, it is one product per block straight into dx, where the adjoint of im2col added a column matrix
     * as large as the product's output back into dx entry by entry (12% of the CNN example's step in a
     * profile). Null when the geometry has no such dual (a stride above 1, or a padding wider than the
     * dilated kernel's reach), or when it would cost more: its column matrix has O·kh·kw rows where the
     * adjoint's has C·kh·kw, so with more outputs than inputs (32 → 64 at 14×14: 5.8 against 5.2 ms per 64
     * samples on one thread) the adjoint stays, unless the dual runs as Winograd's or the direct product
     * ({@link DirectConvF32}), whose costs do not favour either side; at 32 → 32 on 28×28 the dual took 9.4 ms
     * against 14.0.
     */
    static ConvGeometry dual(ConvGeometry s) {
        int top = s.dilationH() * (s.kernelH() - 1) - s.padTop(), left = s.dilationW() * (s.kernelW() - 1) - s.padLeft();
        int bottom = s.dilationH() * (s.kernelH() - 1) - s.padBottom(), right = s.dilationW() * (s.kernelW() - 1) - s.padRight();
        if (s.strideH() != 1 || s.strideW() != 1 || top < 0 || left < 0 || bottom < 0 || right < 0) {
            return null;
        }
        ConvGeometry d = new ConvGeometry(s.batch(), s.outChannels(), s.outH(), s.outW(), s.channels(), s.groups(),
                s.kernelH(), s.kernelW(), 1, 1, top, bottom, left, right, s.dilationH(), s.dilationW());
        return s.outChannels() > s.channels() && !WinogradF32.applies(d) && !direct(d) ? null : d;
    }

    /**
     * The dual's kernel [C, O/G, kh, kw]: {@code w'[g·C/G + c][o][i][j] = w[g·O/G + o][c][kh−1−i][kw−1−j]}, in
     * this thread's scratch (the dual's forward reads it from every thread, and writes only scratch slots 0 and 1).
     */
    private static float[] flipped(float[] w, ConvGeometry s) {
        int kh = s.kernelH(), kw = s.kernelW(), taps = kh * kw, cg = s.groupIn(), og = s.groupOut();
        float[] f = scratch(2, s.outChannels() * cg * taps);
        for (int g = 0; g < s.groups(); g++) {
            for (int c = 0; c < cg; c++) {
                for (int o = 0; o < og; o++) {
                    int src = ((g * og + o) * cg + c) * taps, dst = ((g * cg + c) * og + o) * taps;
                    for (int t = 0; t < taps; t++) {
                        f[dst + t] = w[src + taps - 1 - t];
                    }
                }
            }
        }
        return f;
    }

    /**
     * dw [O, C/G, kh, kw] (overwritten) = Σ over the batch of g_n · cols_nᵀ: by Winograd's transforms where
     * {@link WinogradGradF32#applies} (the CNNs' 64 → 64 layer), read from the padded input in place where
     * {@link DirectGradF32#applies} (0.70–0.94 of the time below on the CNNs' layers), else, in chunks of {@link #CHUNK}
     * samples (each element one FMA chain over its samples in order) added in order. One product per
     * sample here: a chunk's samples side by side in one product over all their pixels measured no faster.
     *
     * <p>Each product is computed transposed, {@code dWᵀ[K, Og] (+)= cols[K, P] · gᵀ[P, Og]}: the column
     * matrix is then the product's A, read in place, and only g (Og·P) is packed as a transposed B. The
     * other way round the GEMM packed the whole column matrix (K·P, several times larger) as a transposed
     * B, a gather that took a third of this pass. Every element is the same chain either way, so the
     * chunks, transposed back and added in order, give the same bits.
     */
    public static void weightGrad(float[] g, float[] x, ConvGeometry s, float[] dw) {
        int og = s.groupOut(), k = s.patch(), p = s.pixels(), groups = s.groups();
        int inSample = s.channels() * s.plane(), outSample = s.outChannels() * p;
        int size = s.outChannels() * k;
        if (s.batch() == 0) {
            Arrays.fill(dw, 0, size, 0f);
            return;
        }
        if (WinogradF32.fourByFour(s)) {
            Winograd4GradF32.weightGrad(g, x, s, dw);
            return;
        }
        if (KernelMode.vector() && WinogradGradF32.applies(s)) {
            WinogradGradF32.weightGrad(g, x, s, dw);
            return;
        }
        if (KernelMode.vector() && NarrowGradF32.applies(s)) {
            NarrowGradF32.weightGrad(g, x, s, dw);
            return;
        }
        if (KernelMode.vector() && DirectGradF32.applies(s)) {
            DirectGradF32.weightGrad(g, x, s, dw);
            return;
        }
        int chunks = (s.batch() + CHUNK - 1) / CHUNK;
        // chunk c, group gi: dWᵀ_g [K, Og] from c·size + gi·Og·K, each written whole by its chunk's first
        // product (beta 0). Kept, not allocated per call: 1.2 MB for a 64-channel layer at batch 128, and JFR
        // found these arrays were 57% of what a CNN training step allocated.
        float[] partial = scratch(3, chunks * size);
        Parallel.forRange(chunks, (long) CHUNK * s.outChannels() * k * p, (from, to) -> {
            float[] cols = scratch(0, k * p);
            for (int c = from; c < to; c++) {
                int first = c * CHUNK, last = Math.min(s.batch(), first + CHUNK);
                for (int n = first; n < last; n++) {
                    for (int gi = 0; gi < groups; gi++) {
                        Im2colF32.im2col(x, n * inSample + gi * s.groupIn() * s.plane(), s, cols, 0, p);
                        // dW_gᵀ[K, Og] (+)= cols_g[K, P] · g_n,gᵀ[P, Og]
                        GemmF32.gemm(false, true, k, og, p, cols, 0, p, g, n * outSample + gi * og * p, p,
                                n == first ? 0f : 1f, partial, c * size + gi * og * k, og);
                    }
                }
            }
        });
        for (int c = 0; c < chunks; c++) {
            for (int gi = 0; gi < groups; gi++) {
                int src = c * size + gi * og * k, dst = gi * og * k;
                for (int o = 0; o < og; o++) {
                    for (int kk = 0; kk < k; kk++) {
                        float v = partial[src + kk * og + o];
                        dw[dst + o * k + kk] = c == 0 ? v : dw[dst + o * k + kk] + v;
                    }
                }
            }
        }
    }

    /** rows[o][j·P ..] = g[first + j][groupOff + o·P ..]: a block's gradient planes side by side, per channel. */
    private static void gather(float[] g, int first, int count, int outSample, int groupOff, int og, int p, float[] rows) {
        int ld = count * p;
        for (int j = 0; j < count; j++) {
            int src = (first + j) * outSample + groupOff;
            for (int o = 0; o < og; o++) {
                System.arraycopy(g, src + o * p, rows, o * ld + j * p, p);
            }
        }
    }
}
