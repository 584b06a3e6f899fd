package dev.nabla.kernel;

import java.util.Arrays;

/**
 * The column matrix of a convolution ({@link #im2col}) and its adjoint ({@link #col2im}), for {@link ConvF32}.
 *
 * <p>Each row of the column matrix is the input plane shifted by one kernel tap. Written output row by output
 * row, a 14-pixel row cost two fills and a copy of a handful of elements each, and profiles of the CNN example
 * put a third of a training step there. When the stride is 1 and the output is as wide as the input (the
 * usual {@code "same"} padding), a tap's rows are one contiguous run of the input plane, shifted: {@link
 * #runs} copies (or adds) the whole run at once and then mends the few entries that wrapped around a row's
 * edge. The sums are the same as the row-by-row ones, in the same order, so the bits do not change.
 */
final class Im2colF32 {
    private Im2colF32() {}

    /** Whether a tap's rows form one run: stride 1 and the output as wide as the input. */
    private static boolean runs(ConvGeometry s) {
        return s.strideH() == 1 && s.strideW() == 1 && s.outW() == s.width();
    }

    /**
     * The column matrix of one group of one sample: {@code cols[(c·kh + i)·kw + j][oy·outW + ox] =
     * x[c][oy·sh − padTop + i·dh][ox·sw − padLeft + j·dw]}, zero where that falls in the padding; its rows
     * {@code ld} apart (several samples' columns side by side).
     */
    static void im2col(float[] x, int xOff, ConvGeometry s, float[] cols, int colsOff, int ld) {
        int h = s.height(), w = s.width(), oh = s.outH(), ow = s.outW(), sh = s.strideH(), sw = s.strideW();
        boolean runs = runs(s);
        int row = 0;
        for (int c = 0; c < s.groupIn(); c++) {
            int plane = xOff + c * h * w;
            for (int i = 0; i < s.kernelH(); i++) {
                int rowShift = i * s.dilationH() - s.padTop();
                for (int j = 0; j < s.kernelW(); j++, row++) {
                    int colShift = j * s.dilationW() - s.padLeft();
                    int lo = firstInside(colShift, sw, ow), hi = endInside(colShift, sw, w, ow, lo);
                    int dst = colsOff + row * ld;
                    if (runs) {
                        copyRun(x, plane, s, rowShift, colShift, lo, hi, cols, dst);
                        continue;
                    }
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

    /** One tap's rows when {@link #runs}: zero rows above and below the input, one copy, the wrapped edges zeroed. */
    private static void copyRun(float[] x, int plane, ConvGeometry s, int rowShift, int colShift, int lo, int hi,
                                float[] cols, int dst) {
        int ow = s.outW(), oh = s.outH();
        int yLo = Math.clamp(-rowShift, 0, oh), yHi = Math.clamp(s.height() - rowShift, yLo, oh);
        Arrays.fill(cols, dst, dst + yLo * ow, 0f);
        Arrays.fill(cols, dst + yHi * ow, dst + oh * ow, 0f);
        if (hi == lo) {
            Arrays.fill(cols, dst + yLo * ow, dst + yHi * ow, 0f);
            return;
        }
        if (yHi > yLo) {
            int from = dst + yLo * ow + lo, to = dst + (yHi - 1) * ow + hi;
            System.arraycopy(x, plane + (yLo + rowShift) * s.width() + colShift + lo, cols, from, to - from);
        }
        zeroEdges(cols, dst, ow, yLo, yHi, lo, hi);
    }

    /** cols[dst + oy·ow + ox] = 0 for the rows [yLo, yHi) and the columns outside [lo, hi): the wrapped entries. */
    private static void zeroEdges(float[] cols, int dst, int ow, int yLo, int yHi, int lo, int hi) {
        if (lo == 0 && hi == ow) {
            return;
        }
        for (int oy = yLo, at = dst + yLo * ow; oy < yHi; oy++, at += ow) {
            for (int ox = 0; ox < lo; ox++) {
                cols[at + ox] = 0f;
            }
            for (int ox = hi; ox < ow; ox++) {
                cols[at + ox] = 0f;
            }
        }
    }

    /**
     * The adjoint of {@link #im2col}: each column entry added into the input position it came from. When
     * {@link #runs}, the entries that fall in the left and right padding are zeroed in {@code cols} (it is
     * scratch to the callers) so that a tap's rows are added as one run: adding a zero leaves every sum as it
     * was.
     */
    static void col2im(float[] cols, int colsOff, int ld, ConvGeometry s, float[] dx, int dxOff) {
        int h = s.height(), w = s.width(), oh = s.outH(), ow = s.outW(), sh = s.strideH(), sw = s.strideW();
        boolean runs = runs(s);
        int row = 0;
        for (int c = 0; c < s.groupIn(); c++) {
            int plane = dxOff + c * h * w;
            for (int i = 0; i < s.kernelH(); i++) {
                int rowShift = i * s.dilationH() - s.padTop();
                for (int j = 0; j < s.kernelW(); j++, row++) {
                    int colShift = j * s.dilationW() - s.padLeft();
                    int lo = firstInside(colShift, sw, ow), hi = endInside(colShift, sw, w, ow, lo);
                    int src = colsOff + row * ld;
                    if (runs) {
                        addRun(cols, src, s, rowShift, colShift, lo, hi, dx, plane);
                        continue;
                    }
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

    /** One tap's rows when {@link #runs}: the wrapped entries zeroed, then one run added. */
    private static void addRun(float[] cols, int src, ConvGeometry s, int rowShift, int colShift, int lo, int hi,
                               float[] dx, int plane) {
        int ow = s.outW(), oh = s.outH();
        int yLo = Math.clamp(-rowShift, 0, oh), yHi = Math.clamp(s.height() - rowShift, yLo, oh);
        if (hi == lo || yHi == yLo) {
            return;
        }
        zeroEdges(cols, src, ow, yLo, yHi, lo, hi);
        int from = src + yLo * ow + lo, n = src + (yHi - 1) * ow + hi - from;
        int to = plane + (yLo + rowShift) * s.width() + colShift + lo;
        for (int t = 0; t < n; t++) {
            dx[to + t] += cols[from + t];
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
