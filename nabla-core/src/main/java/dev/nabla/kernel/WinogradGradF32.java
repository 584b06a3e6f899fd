package dev.nabla.kernel;

/**
 * The weight gradient of a 3×3 stride-1 convolution by Winograd's F(2×2, 3×3), the adjoint of
 * {@link WinogradF32}'s forward pass. There each tile's output is {@code y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A}, so
 *
 * <pre>
 *   dM_ξ[O, T] = (A·dy·Aᵀ)_ξ           each tile's 2×2 output gradient, spread to 4×4 by additions
 *   dU_ξ[O, C] = Σ_T dM_ξ[O, T] · V_ξ[C, T]   16 products whose depth is the tiles, V as in the forward pass
 *   dW[o][c]   = Gᵀ · dU[o][c] · G        once per call
 * </pre>
 *
 * 16 multiplications per tile and channel pair where the sum over the grid does 36. Only where a padded
 * input row fits a vector ({@link WinogradF32#paired}: the CNNs' 14×14 layers), whose transforms read the
 * input and the gradient in place ({@link WinogradSimdF32#inputRows}, {@link WinogradSimdF32#gradRows}), and
 * with enough channels ({@link #MIN_PAIRS}); at 28×28 the wide grid's sum ({@link DirectGradF32}) is faster,
 * as its forward pass is.
 *
 * <p>The sum over the batch goes in chunks of {@link ConvF32#CHUNK} images at fixed boundaries, each chunk's
 * images in blocks of about {@link WinogradF32#TILES} tiles (the products' depth; boundaries fixed by the
 * geometry), a block's products added to the chunk's; then the chunks added in order: the same bits on
 * any number of threads.
 */
final class WinogradGradF32 {
    /** Slot 0: the chunks' dU (the caller's). */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    private WinogradGradF32() {}

    /**
     * Fewest channel pairs (C·O): the transforms cost per channel, the products per pair. Per 128 images at
     * 14×14 on one core ({@code ConvAB} against the path before, 2026-12-06): 0.64 of the time at 128 → 128,
     * 0.78 at 48 → 48, 0.81–0.83 at 64 → 64 (0.73 at 7×7, against im2col's); level at 32 → 64 (0.92–1.14 over
     * three runs) and 64 → 32 (1.04–1.09); 1.11 at 32 → 32 on 12×12, 1.21 at 16 → 16, 1.63 at 8 → 8.
     */
    static final long MIN_PAIRS = 48 * 48;
    /** {@link #MIN_PAIRS} where the channels are whole vectors ({@link WinogradNhwcGradF32}). */
    static final long MIN_PAIRS_NHWC = 32 * 64;

    /**
     * Whether {@link ConvF32#weightGrad} runs s this way: where {@link WinogradF32#applies}, with the Java
     * SIMD kernels (not OpenBLAS's products), rows that fit a vector ({@link WinogradF32#paired}) and at least
     * {@link #MIN_PAIRS} channel pairs.
     */
    static boolean applies(ConvGeometry s) {
        if (!KernelMode.vector() || NativeBlas.enabled() || !WinogradF32.applies(s)
                || !WinogradF32.paired(new WinogradF32.Tiling(s))) {
            return false;
        }
        long pairs = (long) s.channels() * s.outChannels();
        return pairs >= (WinogradNhwcGradF32.applies(s) ? MIN_PAIRS_NHWC : MIN_PAIRS);
    }

    /** dw [O, C, 3, 3] (overwritten) = Σ over the batch of the weight gradient, as {@link ConvF32#weightGrad}. */
    static void weightGrad(float[] g, float[] x, ConvGeometry s, float[] dw) {
        WinogradF32.Tiling t = new WinogradF32.Tiling(s);
        int o = s.outChannels(), c = s.channels(), size = 16 * o * c, perImage = t.rows() * t.cols();
        int chunk = ConvF32.CHUNK, chunks = (s.batch() + chunk - 1) / chunk;
        int nb = Math.clamp(WinogradF32.TILES / Math.max(1, perImage), 1, chunk);
        float[] partial = ConvF32.grown(SCRATCH.get(), 0, chunks * size);
        Parallel.forRange(chunks, 16L * o * c * perImage * chunk, (from, to) -> {
            for (int k = from; k < to; k++) {
                int first = k * chunk, count = Math.min(chunk, s.batch() - first), parts = (count + nb - 1) / nb;
                for (int p = 0; p < parts; p++) {
                    int a = first + count * p / parts, b = first + count * (p + 1) / parts;
                    block(g, x, s, t, a, b - a, p == 0 ? 0f : 1f, partial, k * size);
                }
            }
        });
        for (int k = 1; k < chunks; k++) {
            int off = k * size;
            for (int i = 0; i < size; i++) {
                partial[i] += partial[off + i];
            }
        }
        untransform(partial, o * c, dw);
    }

    /**
     * Images [first, first + count): both transforms, then dU_ξ (beta 0: overwritten; 1: added to) from du[duOff ..];
     * with channels as the vector lanes ({@link WinogradNhwcGradF32}) where they are whole vectors.
     */
    private static void block(float[] g, float[] x, ConvGeometry s, WinogradF32.Tiling t, int first, int count,
                              float beta, float[] du, int duOff) {
        if (WinogradNhwcGradF32.applies(s)) {
            WinogradNhwcGradF32.block(g, x, s, t, first, count, beta, du, duOff);
        } else {
            planarBlock(g, x, s, t, first, count, beta, du, duOff);
        }
    }

    /**
     * {@link #block} on the planar layout (the tiles as the vector lanes): channel counts that are not whole
     * vectors. {@link WinogradNhwcGradF32} gives the same bits where it applies (package-private for the test
     * that says so).
     */
    static void planarBlock(float[] g, float[] x, ConvGeometry s, WinogradF32.Tiling t, int first, int count,
                            float beta, float[] du, int duOff) {
        int c = s.channels(), o = s.outChannels(), tiles = count * t.rows() * t.cols(), ld = tiles + WinogradF32.SLACK;
        int vStride = WinogradF32.apart(c * ld), mStride = WinogradF32.apart(o * ld);
        float[] v = WinogradF32.scratch(0, 16 * vStride), m = WinogradF32.scratch(1, 16 * mStride);
        WinogradF32.transformInput(x, s, t, first, count, 0, t.rows(), v, vStride, ld, true);
        for (int j = 0; j < count; j++) {
            int base = j * t.rows() * t.cols();
            for (int k = 0; k < o; k++) {
                WinogradSimdF32.gradRows(g, ((first + j) * o + k) * s.pixels(), s.outH(), s.outW(), t.rows(), t.cols(),
                        m, k * ld + base, mStride);
            }
        }
        for (int xi = 0; xi < 16; xi++) { // dU_ξ[O, C] (+)= dM_ξ[O, T] · V_ξ[C, T]ᵀ
            GemmF32.gemm(false, true, o, c, tiles, m, xi * mStride, ld, v, xi * vStride, ld, beta, du,
                    duOff + xi * o * c, c);
        }
    }

    /**
     * dw[pair][a][b] = (Gᵀ · dU[pair] · G)[a][b] for each channel pair (o·C + c), dU_ξ = dU[ξ = 4i + j] at
     * {@code du[ξ·pairs + pair]}: first t = dU·G (4 × 3), then Gᵀ·t, with G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1].
     */
    private static void untransform(float[] du, int pairs, float[] dw) {
        float[] t = new float[12];
        for (int pair = 0; pair < pairs; pair++) {
            for (int i = 0; i < 4; i++) {
                float u0 = du[4 * i * pairs + pair], u1 = du[(4 * i + 1) * pairs + pair];
                float u2 = du[(4 * i + 2) * pairs + pair], u3 = du[(4 * i + 3) * pairs + pair];
                t[3 * i] = u0 + 0.5f * (u1 + u2);
                t[3 * i + 1] = 0.5f * (u1 - u2);
                t[3 * i + 2] = 0.5f * (u1 + u2) + u3;
            }
            for (int b = 0; b < 3; b++) {
                float t0 = t[b], t1 = t[3 + b], t2 = t[6 + b], t3 = t[9 + b];
                dw[pair * 9 + b] = t0 + 0.5f * (t1 + t2);
                dw[pair * 9 + 3 + b] = 0.5f * (t1 - t2);
                dw[pair * 9 + 6 + b] = 0.5f * (t1 + t2) + t3;
            }
        }
    }
}
