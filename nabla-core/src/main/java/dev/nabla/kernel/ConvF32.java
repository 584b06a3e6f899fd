package dev.nabla.kernel;

import java.util.Arrays;

/**
 * 2-D convolution (NCHW, groups, stride, dilation, padding) as im2col feeding {@link GemmF32}. One
 * sample's group is a product {@code out[Og, P] = W_g[Og, K] · cols[K, P]}, where the column matrix
 * holds, per output pixel (P = outH·outW), the K = C/G·kh·kw input values under the kernel (zeros in the
 * padding). A 1×1 kernel with stride 1 and no padding multiplies the input itself.
 *
 * <p>Threads split the batch: each sample's columns go to the thread's scratch (kept and grown, never
 * one allocation per window or per call) and its product runs on that thread. The weight gradient sums
 * over the batch, so it is computed in chunks of {@link #CHUNK} samples at fixed boundaries, each chunk
 * one FMA chain per element, and the chunks are added in order: the same bits for any thread count.
 */
public final class ConvF32 {
    /** Samples per partial weight gradient: fixed, so that the sum's order never depends on the threads. */
    static final int CHUNK = 16;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    private ConvF32() {}

    /** This thread's scratch with room for {@code n} elements (contents unspecified). */
    private static float[] scratch(int n) {
        float[][] holder = SCRATCH.get();
        if (holder[0].length < n) {
            holder[0] = new float[n];
        }
        return holder[0];
    }

    /** out [N, O, outH, outW] = conv(x [N, C, H, W], w [O, C/G, kh, kw]) + bias [O] (bias may be null). */
    public static void forward(float[] x, float[] w, float[] bias, ConvGeometry s, float[] out) {
        int og = s.groupOut(), k = s.patch(), p = s.pixels(), groups = s.groups();
        int inSample = s.channels() * s.plane(), outSample = s.outChannels() * p;
        boolean direct = s.pointwise();
        Parallel.forRange(s.batch(), (long) s.outChannels() * k * p, (from, to) -> {
            float[] cols = direct ? null : scratch(k * p);
            for (int n = from; n < to; n++) {
                for (int g = 0; g < groups; g++) {
                    int xOff = n * inSample + g * s.groupIn() * s.plane();
                    int oOff = n * outSample + g * og * p;
                    if (!direct) {
                        im2col(x, xOff, s, cols, 0);
                    }
                    float beta = 0f;
                    if (bias != null) {
                        for (int o = 0; o < og; o++) {
                            Arrays.fill(out, oOff + o * p, oOff + (o + 1) * p, bias[g * og + o]);
                        }
                        beta = 1f;
                    }
                    GemmF32.gemm(false, false, og, p, k, w, g * og * k, k, direct ? x : cols, direct ? xOff : 0, p,
                            beta, out, oOff, p);
                }
            }
        });
    }

    /** dx [N, C, H, W] (overwritten) = the input gradient of {@link #forward}, given g [N, O, outH, outW]. */
    public static void inputGrad(float[] g, float[] w, ConvGeometry s, float[] dx) {
        int og = s.groupOut(), k = s.patch(), p = s.pixels(), groups = s.groups();
        int inSample = s.channels() * s.plane(), outSample = s.outChannels() * p;
        boolean direct = s.pointwise();
        Parallel.forRange(s.batch(), (long) s.outChannels() * k * p, (from, to) -> {
            float[] cols = direct ? null : scratch(k * p);
            for (int n = from; n < to; n++) {
                if (!direct) {
                    Arrays.fill(dx, n * inSample, (n + 1) * inSample, 0f);
                }
                for (int gi = 0; gi < groups; gi++) {
                    int xOff = n * inSample + gi * s.groupIn() * s.plane();
                    int gOff = n * outSample + gi * og * p;
                    // cols[K, P] = W_gᵀ · g_n
                    GemmF32.gemm(true, false, k, p, og, w, gi * og * k, k, g, gOff, p, 0f,
                            direct ? dx : cols, direct ? xOff : 0, p);
                    if (!direct) {
                        col2im(cols, 0, s, dx, xOff);
                    }
                }
            }
        });
    }

    /**
     * dw [O, C/G, kh, kw] (overwritten) = Σ over the batch of g_n · cols_nᵀ, in chunks of {@link #CHUNK}
     * samples added in order.
     */
    public static void weightGrad(float[] g, float[] x, ConvGeometry s, float[] dw) {
        int og = s.groupOut(), k = s.patch(), p = s.pixels(), groups = s.groups();
        int inSample = s.channels() * s.plane(), outSample = s.outChannels() * p;
        int size = s.outChannels() * k;
        int chunks = Math.max(1, (s.batch() + CHUNK - 1) / CHUNK);
        float[] partial = chunks == 1 ? dw : new float[chunks * size];
        boolean direct = s.pointwise();
        if (s.batch() == 0) {
            Arrays.fill(dw, 0, size, 0f);
            return;
        }
        Parallel.forRange(chunks, (long) CHUNK * s.outChannels() * k * p, (from, to) -> {
            float[] cols = direct ? null : scratch(k * p);
            for (int c = from; c < to; c++) {
                int first = c * CHUNK, last = Math.min(s.batch(), first + CHUNK);
                for (int n = first; n < last; n++) {
                    for (int gi = 0; gi < groups; gi++) {
                        int xOff = n * inSample + gi * s.groupIn() * s.plane();
                        if (!direct) {
                            im2col(x, xOff, s, cols, 0);
                        }
                        // dW_g[Og, K] (+)= g_n,g[Og, P] · cols_gᵀ
                        GemmF32.gemm(false, true, og, k, p, g, n * outSample + gi * og * p, p, direct ? x : cols,
                                direct ? xOff : 0, p, n == first ? 0f : 1f, partial, c * size + gi * og * k, k);
                    }
                }
            }
        });
        if (chunks > 1) {
            System.arraycopy(partial, 0, dw, 0, size);
            for (int c = 1; c < chunks; c++) {
                int off = c * size;
                for (int i = 0; i < size; i++) {
                    dw[i] += partial[off + i];
                }
            }
        }
    }

    /**
     * The column matrix of one group of one sample: {@code cols[(c·kh + i)·kw + j][oy·outW + ox] =
     * x[c][oy·sh − padTop + i·dh][ox·sw − padLeft + j·dw]}, zero where that falls in the padding.
     */
    static void im2col(float[] x, int xOff, ConvGeometry s, float[] cols, int colsOff) {
        int h = s.height(), w = s.width(), oh = s.outH(), ow = s.outW(), sh = s.strideH(), sw = s.strideW();
        int row = 0;
        for (int c = 0; c < s.groupIn(); c++) {
            int plane = xOff + c * h * w;
            for (int i = 0; i < s.kernelH(); i++) {
                int rowShift = i * s.dilationH() - s.padTop();
                for (int j = 0; j < s.kernelW(); j++, row++) {
                    int colShift = j * s.dilationW() - s.padLeft();
                    int lo = firstInside(colShift, sw, ow), hi = endInside(colShift, sw, w, ow, lo);
                    int dst = colsOff + row * oh * ow;
                    for (int oy = 0; oy < oh; oy++, dst += ow) {
                        int iy = oy * sh + rowShift;
                        if (iy < 0 || iy >= h) {
                            Arrays.fill(cols, dst, dst + ow, 0f);
                            continue;
                        }
                        Arrays.fill(cols, dst, dst + lo, 0f);
                        Arrays.fill(cols, dst + hi, dst + ow, 0f);
                        int src = plane + iy * w + colShift;
                        if (sw == 1) {
                            System.arraycopy(x, src + lo, cols, dst + lo, hi - lo);
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                cols[dst + ox] = x[src + ox * sw];
                            }
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: each column entry added into the input position it came from. */
    static void col2im(float[] cols, int colsOff, ConvGeometry s, float[] dx, int dxOff) {
        int h = s.height(), w = s.width(), oh = s.outH(), ow = s.outW(), sh = s.strideH(), sw = s.strideW();
        int row = 0;
        for (int c = 0; c < s.groupIn(); c++) {
            int plane = dxOff + c * h * w;
            for (int i = 0; i < s.kernelH(); i++) {
                int rowShift = i * s.dilationH() - s.padTop();
                for (int j = 0; j < s.kernelW(); j++, row++) {
                    int colShift = j * s.dilationW() - s.padLeft();
                    int lo = firstInside(colShift, sw, ow), hi = endInside(colShift, sw, w, ow, lo);
                    int src = colsOff + row * oh * ow;
                    for (int oy = 0; oy < oh; oy++, src += ow) {
                        int iy = oy * sh + rowShift;
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int dst = plane + iy * w + colShift;
                        for (int ox = lo; ox < hi; ox++) {
                            dx[dst + ox * sw] += cols[src + ox];
                        }
                    }
                }
            }
        }
    }

    /** The first ox with ox·stride + shift ≥ 0 (at most {@code ow}). */
    private static int firstInside(int shift, int stride, int ow) {
        return shift >= 0 ? 0 : Math.min(ow, (-shift + stride - 1) / stride);
    }

    /** One past the last ox with ox·stride + shift &lt; w, at least {@code lo}. */
    private static int endInside(int shift, int stride, int w, int ow, int lo) {
        int last = w - 1 - shift;
        return last < 0 ? lo : Math.max(lo, Math.min(ow, last / stride + 1));
    }
}
