package dev.nabla.kernel;

import java.util.Arrays;

/**
 * Max and average pooling over the planes of an NCHW batch ({@link ConvGeometry#pool}), one pass over
 * the input each, threads splitting the planes. Padding is outside every window's maximum (PyTorch pads
 * with −∞); the average counts padded positions when asked ({@code count_include_pad}, PyTorch's default).
 */
public final class PoolF32 {
    private PoolF32() {}

    /**
     * out [N, C, outH, outW] = each window's maximum; {@code arg} = its position in the plane (y·W + x),
     * the first of ties (and a NaN wins, as in PyTorch), for the backward pass.
     */
    public static void maxForward(float[] x, ConvGeometry s, float[] out, int[] arg) {
        int planes = s.batch() * s.channels(), plane = s.plane(), p = s.pixels(), oh = s.outH();
        if (s.batch() < Parallel.threads() && oh > 1) {
            // One image on several threads: its rows, as the convolutions around it split it (by output pixels),
            // so each thread reads the rows it wrote. Split by the work like any op: the CNN's single-image
            // poolings ([1, 32, 28, 28] and [1, 64, 14, 14], 25k and 12k visits) took 24 and 20 µs split in two,
            // 19 and 11 µs on the caller with half their input in the other core's cache.
            Parallel.forRange(oh, (long) planes * s.outW() * s.kernelH() * s.kernelW(), (from, to) -> {
                float[] offsets = KernelMode.vector() ? PoolSimdF32.scratch() : null;
                for (int q = 0; q < planes; q++) {
                    maxPlane(x, q * plane, s, out, arg, q * p, offsets, from, to);
                }
            });
            return;
        }
        Parallel.forRange(planes, (long) p * s.kernelH() * s.kernelW(), (from, to) -> {
            float[] offsets = KernelMode.vector() ? PoolSimdF32.scratch() : null; // one per range, not per plane
            for (int q = from; q < to; q++) {
                maxPlane(x, q * plane, s, out, arg, q * p, offsets, 0, oh);
            }
        });
    }

    /** Output rows [oy0, oy1) of one plane's max pooling. */
    private static void maxPlane(float[] x, int xOff, ConvGeometry s, float[] out, int[] arg, int oOff, float[] offsets,
                                 int oy0, int oy1) {
        int h = s.height(), w = s.width(), ow = s.outW();
        if (s.padTop() == 0 && s.padLeft() == 0 && s.dilationH() == 1 && s.dilationW() == 1) {
            if (s.kernelH() == 2 && s.kernelW() == 2 && s.strideH() == 2 && s.strideW() == 2) {
                maxPlane2x2(x, xOff, w, oy0, oy1, ow, out, arg, oOff, offsets);
                return;
            }
            maxPlaneInside(x, xOff, w, ow, s.kernelH(), s.kernelW(), s.strideH(), s.strideW(), out, arg, oOff, oy0, oy1, -1);
            return;
        }
        for (int oy = oy0; oy < oy1; oy++) {
            int y0 = oy * s.strideH() - s.padTop();
            for (int ox = 0; ox < ow; ox++) {
                int x0 = ox * s.strideW() - s.padLeft();
                float best = Float.NEGATIVE_INFINITY;
                int at = -1;
                for (int i = 0; i < s.kernelH(); i++) {
                    int iy = y0 + i * s.dilationH();
                    if (iy < 0 || iy >= h) {
                        continue;
                    }
                    for (int j = 0; j < s.kernelW(); j++) {
                        int ix = x0 + j * s.dilationW();
                        if (ix < 0 || ix >= w) {
                            continue;
                        }
                        float v = x[xOff + iy * w + ix];
                        if (at < 0 || v > best || v != v) {
                            best = v;
                            at = iy * w + ix;
                            if (v != v) {
                                i = s.kernelH();
                                break;
                            }
                        }
                    }
                }
                out[oOff + oy * ow + ox] = best;
                arg[oOff + oy * ow + ox] = at;
            }
        }
    }

    /**
     * {@link #maxPlane} where every window lies inside the input (no padding, no dilation: the usual 2×2
     * stride-2 pooling): no bounds tests, the sizes in locals. It took max pooling from the CNN's largest
     * single cost (13% of a training step's samples in a profile) to a few percent. The same scan order
     * and tie rule as the general loop, so the same maxima and positions. Rows [fromRow, toRow); only
     * column {@code onlyCol} when that is ≥ 0.
     */
    private static void maxPlaneInside(float[] x, int xOff, int w, int ow, int kh, int kw, int sh, int sw,
                                       float[] out, int[] arg, int oOff, int fromRow, int toRow, int onlyCol) {
        for (int oy = fromRow; oy < toRow; oy++) {
            int rowStart = oy * sh * w;
            int ox0 = onlyCol < 0 ? 0 : onlyCol, ox1 = onlyCol < 0 ? ow : onlyCol + 1;
            for (int ox = ox0, o = oOff + oy * ow + ox0; ox < ox1; ox++, o++) {
                int first = rowStart + ox * sw;
                float best = x[xOff + first];
                int at = first;
                scan:
                for (int i = 0; i < kh; i++) {
                    for (int j = 0, at0 = first + i * w; j < kw; j++) {
                        float v = x[xOff + at0 + j];
                        if (v > best || v != v) {
                            best = v;
                            at = at0 + j;
                            if (v != v) {
                                break scan;
                            }
                        }
                    }
                }
                out[o] = best;
                arg[o] = at;
            }
        }
    }

    /**
     * {@link #maxPlaneInside} for 2×2 windows at stride 2, the CNNs' pooling: whole vectors of windows in
     * {@link PoolSimdF32}, the rest with the four values compared without branches (C2 turns the selects into conditional moves; a branch per comparison was
     * mispredicted about half the time on ReLU outputs, and the loop took 4× longer). Strict {@code >}
     * in scan order keeps the first of ties; a window with a NaN (or +∞ and −∞, whose sum is NaN too)
     * goes through the general scan, where the first NaN wins.
     */
    private static void maxPlane2x2(float[] x, int xOff, int w, int oy0, int oy1, int ow, float[] out, int[] arg,
                                    int oOff, float[] offsets) {
        for (int oy = oy0; oy < oy1; oy++) {
            int top = 2 * oy * w;
            int from = offsets == null ? 0 : PoolSimdF32.max2x2Row(x, xOff + top, w, ow, out, oOff + oy * ow, arg, top, offsets,
                    oOff + oy1 * ow);
            for (int ox = from, o = oOff + oy * ow + from; ox < ow; ox++, o++) {
                int p = top + 2 * ox, q = p + w;
                float a = x[xOff + p], b = x[xOff + p + 1], c = x[xOff + q], d = x[xOff + q + 1];
                float sum = a + b + c + d;
                if (sum != sum) {
                    maxPlaneInside(x, xOff, w, ow, 2, 2, 2, 2, out, arg, oOff, oy, oy + 1, ox);
                    continue;
                }
                boolean tb = b > a;
                float best = tb ? b : a;
                int at = tb ? p + 1 : p;
                boolean tc = c > best;
                best = tc ? c : best;
                at = tc ? q : at;
                boolean td = d > best;
                out[o] = td ? d : best;
                arg[o] = td ? q + 1 : at;
            }
        }
    }

    /** dx [N, C, H, W] (overwritten) = each window's gradient routed to its maximum, added in window order. */
    public static void maxBackward(float[] g, int[] arg, ConvGeometry s, float[] dx) {
        int planes = s.batch() * s.channels(), plane = s.plane(), p = s.pixels();
        Parallel.forRange(planes, p + plane, (from, to) -> {
            for (int q = from; q < to; q++) {
                int xOff = q * plane, gOff = q * p;
                Arrays.fill(dx, xOff, xOff + plane, 0f);
                for (int i = 0; i < p; i++) {
                    dx[xOff + arg[gOff + i]] += g[gOff + i];
                }
            }
        });
    }

    /**
     * out = each window's mean: its sum over the positions inside the input, divided by the window's size
     * ({@code countPad}) or by the count of those positions.
     */
    public static void avgForward(float[] x, ConvGeometry s, boolean countPad, float[] out) {
        int planes = s.batch() * s.channels(), plane = s.plane(), p = s.pixels();
        int h = s.height(), w = s.width(), oh = s.outH(), ow = s.outW();
        Parallel.forRange(planes, (long) p * s.kernelH() * s.kernelW(), (from, to) -> {
            for (int q = from; q < to; q++) {
                int xOff = q * plane, oOff = q * p;
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = oy * s.strideH() - s.padTop();
                    int ya = Math.max(0, y0), yb = Math.min(h, y0 + s.kernelH());
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = ox * s.strideW() - s.padLeft();
                        int xa = Math.max(0, x0), xb = Math.min(w, x0 + s.kernelW());
                        float sum = 0f;
                        for (int iy = ya; iy < yb; iy++) {
                            for (int ix = xa; ix < xb; ix++) {
                                sum += x[xOff + iy * w + ix];
                            }
                        }
                        out[oOff + oy * ow + ox] = sum / divisor(s, countPad, y0, x0, ya, yb, xa, xb);
                    }
                }
            }
        });
    }

    /** dx (overwritten) = the gradient of {@link #avgForward}: each window's g / divisor spread over it. */
    public static void avgBackward(float[] g, ConvGeometry s, boolean countPad, float[] dx) {
        int planes = s.batch() * s.channels(), plane = s.plane(), p = s.pixels();
        int h = s.height(), w = s.width(), oh = s.outH(), ow = s.outW();
        Parallel.forRange(planes, (long) p * s.kernelH() * s.kernelW(), (from, to) -> {
            for (int q = from; q < to; q++) {
                int xOff = q * plane, gOff = q * p;
                Arrays.fill(dx, xOff, xOff + plane, 0f);
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = oy * s.strideH() - s.padTop();
                    int ya = Math.max(0, y0), yb = Math.min(h, y0 + s.kernelH());
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = ox * s.strideW() - s.padLeft();
                        int xa = Math.max(0, x0), xb = Math.min(w, x0 + s.kernelW());
                        float share = g[gOff + oy * ow + ox] / divisor(s, countPad, y0, x0, ya, yb, xa, xb);
                        for (int iy = ya; iy < yb; iy++) {
                            for (int ix = xa; ix < xb; ix++) {
                                dx[xOff + iy * w + ix] += share;
                            }
                        }
                    }
                }
            }
        });
    }

    /** The window's size within the padded input (PyTorch's), or the count of its positions inside the input. */
    private static int divisor(ConvGeometry s, boolean countPad, int y0, int x0, int ya, int yb, int xa, int xb) {
        if (!countPad) {
            return Math.max(1, (yb - ya) * (xb - xa));
        }
        int ye = Math.min(y0 + s.kernelH(), s.height() + s.padBottom());
        int xe = Math.min(x0 + s.kernelW(), s.width() + s.padRight());
        return (ye - y0) * (xe - x0);
    }
}
