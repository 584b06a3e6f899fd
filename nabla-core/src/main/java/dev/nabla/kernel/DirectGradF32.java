package dev.nabla.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * The weight gradient of a stride-1 convolution on the wide grid of {@link DirectConvF32}, with no column
 * matrix: {@code dW[o][c][i][j] = Σ_n Σ_q gt_n[q][o] · xp_n[c·plane + q + i·dh·Wp + j·dw]}, where xp_n is image
 * n's padded copy (rows Wp = padLeft + W + padRight apart) and gt_n its output gradient transposed to
 * positions q = oy·Wp + ox of the grid, zero in the Wp − outW columns past each row's end. For each tap the
 * inputs under the grid are one run of the padded image, so a tile of taps × output channels
 * ({@link DirectGradTileF32}) broadcasts them from where they lie.
 *
 * <p>im2col writes a column matrix kh·kw times the input (903 KB an image for 32 channels at 28×28) and the
 * product reads it back as its A; here the only copies are the padded input and the transposed gradient,
 * each about the size of one activation. The sum over the batch goes in chunks of {@link ConvF32#CHUNK}
 * images at fixed boundaries, each chunk's images added in order, and the chunks added in order: the same
 * bits for any number of threads (not im2col's: here each image's sum over its positions is a chain of its
 * own, added to the chunk's). A non-finite input value under a dropped column meets a zero gradient there
 * and gives NaN where im2col's sums never read it; the forward pass reads every such value (so the step's
 * loss is already non-finite) unless a dilation steps over whole input rows.
 */
final class DirectGradF32 {
    /**
     * Slots 0: the padded input, 1: the transposed gradient, 3: its compact form, 4: a copy of an image's
     * gradient (each thread's own); 2: the chunks' sums (the caller's).
     */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[5][0]);
    private static final int L = FloatVector.SPECIES_PREFERRED.length();
    private static final int MR = DirectGradTileF32.MR;
    private static final int NR = DirectGradTileF32.NR;

    private DirectGradF32() {}

    /**
     * Whether {@link ConvF32#weightGrad} runs s this way: the Java SIMD kernels (not OpenBLAS's products, which
     * im2col's call when {@code -Dnabla.backend=openblas} asks for them), stride 1, one group, at least
     * {@link #NR} output channels, a vector's worth of output pixels, and output rows at least four times as
     * wide as the grid's dropped columns. Per 128 images on one core against im2col's ({@code ConvAB}): 0.70–0.77 of
     * the time at 28×28 (32 → 32; 1 → 32 0.70), 0.92–0.94 at 14×14 (32 → 64, 64 → 64), level at 128 → 128;
     * at 7×7 (2 of 9 columns dropped) 1.14, hence the rows' bound.
     */
    static boolean applies(ConvGeometry s) {
        int dropped = s.padLeft() + s.width() + s.padRight() - s.outW();
        return KernelMode.vector() && !NativeBlas.enabled() && s.strideH() == 1 && s.strideW() == 1
                && s.groups() == 1 && s.outChannels() >= NR && s.pixels() >= L && 4 * dropped <= s.outW();
    }

    /** dw [O, C, kh, kw] (overwritten) = Σ over the batch of the weight gradient, as {@link ConvF32#weightGrad}. */
    static void weightGrad(float[] g, float[] x, ConvGeometry s, float[] dw) {
        int o = s.outChannels(), k = s.patch();
        int opad = (o + NR - 1) / NR * NR, kpad = (k + MR - 1) / MR * MR, size = kpad * opad;
        int wp = s.padLeft() + s.width() + s.padRight(), plane = (s.padTop() + s.height() + s.padBottom()) * wp;
        int grid = s.outH() * wp, chunk = ConvF32.CHUNK, chunks = (s.batch() + chunk - 1) / chunk;
        // the grid's last position reads (kw − 1)·dw past the last plane
        int xpLength = s.channels() * plane + (s.kernelW() - 1) * s.dilationW();
        float[] partial = ConvF32.grown(SCRATCH.get(), 2, chunks * size);
        int[] koff = DirectConvF32.offsets(s, wp, plane, kpad);
        Parallel.forRange(chunks, (long) chunk * o * k * s.pixels(), (from, to) -> {
            float[][] scratch = SCRATCH.get();
            float[] xp = ConvF32.grown(scratch, 0, xpLength), gt = ConvF32.grown(scratch, 1, opad * grid);
            float[] compact = ConvF32.grown(scratch, 3, s.pixels() * NR);
            int perImage = o * s.pixels();
            float[] staged = ConvF32.grown(scratch, 4, perImage);
            // the border, the dropped columns and the channels past O stay zero: every image writes the same interior
            Arrays.fill(xp, 0, xpLength, 0f);
            Arrays.fill(gt, 0, opad * grid, 0f);
            for (int c = from; c < to; c++) {
                int first = c * chunk, last = Math.min(s.batch(), first + chunk);
                Arrays.fill(partial, c * size, (c + 1) * size, 0f);
                for (int n = first; n < last; n++) {
                    DirectConvF32.pad(x, n, s, wp, xp);
                    // the image's gradient copied first: one stream from memory, then the transposes' sixteen
                    // (a channel each) from L2
                    System.arraycopy(g, n * perImage, staged, 0, perImage);
                    for (int pb = 0; pb < opad; pb += NR) {
                        transpose(staged, 0, s, pb, wp, gt, compact);
                        for (int t = 0; t < kpad; t += MR) {
                            DirectGradTileF32.tile(xp, koff, t, grid, gt, pb * grid, partial, c * size + t * opad + pb,
                                    opad);
                        }
                    }
                }
            }
        });
        // the chunks in order into the first one's sums (contiguous, so the loop vectorises), then transposed
        // into dw: the same sum per element as adding them into dw one chunk at a time with strided walks on the
        // calling thread alone, and 0.97–0.99 of the pass's time (ConvAB)
        for (int c = 1; c < chunks; c++) {
            int from = c * size;
            for (int i = 0; i < size; i++) {
                partial[i] += partial[from + i];
            }
        }
        for (int t = 0; t < k; t++) {
            for (int ch = 0; ch < o; ch++) {
                dw[ch * k + t] = partial[t * opad + ch];
            }
        }
    }

    /**
     * The panel of channels pb .. pb + NR of image n's gradient into gt[pb·grid + (oy·wp + ox)·NR + o − pb], in
     * L × L blocks transposed in registers where {@link Transposes#whole} (the last block of a run overlapping
     * the one before it, so no partial block). Rows of at least L pixels go there directly; shorter rows
     * (14 at 14×14) are transposed as one run of pixels into {@code compact}, then copied out a row at a time.
     */
    private static void transpose(float[] g, int n, ConvGeometry s, int pb, int wp, float[] gt, float[] compact) {
        int o = s.outChannels(), p = s.pixels(), outW = s.outW(), outH = s.outH(), src = n * o * p;
        int panel = pb * s.outH() * wp, end = Math.min(pb + NR, o);
        boolean direct = outW >= L;
        if (!direct && end - pb < NR) {
            Arrays.fill(compact, 0, p * NR, 0f);
        }
        for (int o0 = pb; o0 < end; o0 += L) {
            if (o0 + L <= end && Transposes.whole(gt)) {
                if (direct) {
                    for (int oy = 0; oy < outH; oy++) {
                        for (int x0 = 0; x0 < outW; x0 += L) {
                            int at = Math.min(x0, outW - L);
                            Transposes.block(g, src + o0 * p + oy * outW + at, p, gt,
                                    panel + (oy * wp + at) * NR + o0 - pb, NR);
                        }
                    }
                } else {
                    for (int p0 = 0; p0 < p; p0 += L) {
                        int at = Math.min(p0, p - L);
                        Transposes.block(g, src + o0 * p + at, p, compact, at * NR + o0 - pb, NR);
                    }
                }
            } else {
                for (int ch = o0; ch < Math.min(o0 + L, end); ch++) {
                    for (int q = 0; q < p; q++) {
                        int to = direct ? panel + (q / outW * wp + q % outW) * NR : q * NR;
                        (direct ? gt : compact)[to + ch - pb] = g[src + ch * p + q];
                    }
                }
            }
        }
        if (!direct) {
            for (int oy = 0; oy < outH; oy++) {
                System.arraycopy(compact, oy * outW * NR, gt, panel + oy * wp * NR, outW * NR);
            }
        }
    }
}
