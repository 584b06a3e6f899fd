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
        im2col(x, xOff, s, 0, s.pixels(), cols, colsOff, ld);
    }

    /**
     * The columns of output pixels [p0, p1) only (pixel p = oy·outW + ox) of {@link #im2col}'s matrix, the
     * first at {@code colsOff}: a thread's share when one sample's product is split by pixels, so that the
     * columns a thread multiplies are the ones it wrote, in its own cache.
     */
    static void im2col(float[] x, int xOff, ConvGeometry s, int p0, int p1, float[] cols, int colsOff, int ld) {
        if (p1 <= p0) {
            return;
        }
        int h = s.height(), w = s.width(), ow = s.outW(), sh = s.strideH(), sw = s.strideW();
        boolean runs = runs(s);
        int row = 0;
        for (int c = 0; c < s.groupIn(); c++) {
            int plane = xOff + c * h * w;
            for (int i = 0; i < s.kernelH(); i++) {
                int rowShift = i * s.dilationH() - s.padTop();
                for (int j = 0; j < s.kernelW(); j++, row++) {
                    int colShift = j * s.dilationW() - s.padLeft();
                    int lo = firstInside(colShift, sw, ow), hi = endInside(colShift, sw, w, ow, lo);
                    int dst = colsOff + row * ld - p0; // pixel p goes to dst + p
                    if (runs) {
                        copyRun(x, plane, s, rowShift, colShift, lo, hi, p0, p1, cols, dst);
                        continue;
                    }
                    for (int oy = p0 / ow; oy * ow < p1; oy++) {
                        int at = dst + oy * ow, from = Math.max(0, p0 - oy * ow), to = Math.min(ow, p1 - oy * ow);
                        int iy = oy * sh + rowShift;
                        if (iy < 0 || iy >= h) {
                            Arrays.fill(cols, at + from, at + to, 0f);
                            continue;
                        }
                        int a = Math.clamp(lo, from, to), b = Math.clamp(hi, a, to);
                        Arrays.fill(cols, at + from, at + a, 0f);
                        Arrays.fill(cols, at + b, at + to, 0f);
                        int src = plane + iy * w + colShift;
                        if (sw == 1) {
                            System.arraycopy(x, src + a, cols, at + a, b - a);
                        } else {
                            for (int ox = a; ox < b; ox++) {
                                cols[at + ox] = x[src + ox * sw];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * One tap's pixels [p0, p1) when {@link #runs} (pixel p at {@code cols[dst + p]}): pixel p reads the input
     * at {@code p + rowShift·w + colShift}, so the pixels from the first inside one to the last are one copy;
     * zeros around it, then the wrapped edge entries zeroed.
     */
    private static void copyRun(float[] x, int plane, ConvGeometry s, int rowShift, int colShift, int lo, int hi,
                                int p0, int p1, float[] cols, int dst) {
        int ow = s.outW(), oh = s.outH();
        int yLo = Math.clamp(-rowShift, 0, oh), yHi = Math.clamp(s.height() - rowShift, yLo, oh);
        if (hi == lo || yHi == yLo) {
            Arrays.fill(cols, dst + p0, dst + p1, 0f);
            return;
        }
        int a = Math.clamp(yLo * ow + lo, p0, p1), b = Math.clamp((yHi - 1) * ow + hi, a, p1);
        Arrays.fill(cols, dst + p0, dst + a, 0f);
        Arrays.fill(cols, dst + b, dst + p1, 0f);
        if (b > a) {
            System.arraycopy(x, plane + rowShift * s.width() + colShift + a, cols, dst + a, b - a);
        }
        zeroEdges(cols, dst, ow, lo, hi, a, b);
    }

    /**
     * cols[dst + p] = 0 for the pixels p in [a, b) whose column ox = p mod ow is outside [lo, hi): the wrapped
     * entries. Column by column down the rows (a "same" 3×3 tap has one such column), not row by row: a loop
     * set up per row for one entry cost 3% of the CNN example's step.
     */
    private static void zeroEdges(float[] cols, int dst, int ow, int lo, int hi, int a, int b) {
        if (lo == 0 && hi == ow || a >= b) {
            return;
        }
        for (int ox = 0; ox < lo; ox++) {
            zeroColumn(cols, dst, ow, ox, a, b);
        }
        for (int ox = Math.max(lo, hi); ox < ow; ox++) {
            zeroColumn(cols, dst, ow, ox, a, b);
        }
    }

    /** cols[dst + p] = 0 for the pixels p in [a, b) in column ox (p mod ow = ox). */
    private static void zeroColumn(float[] cols, int dst, int ow, int ox, int a, int b) {
        int first = a / ow * ow + ox;
        for (int at = dst + (first < a ? first + ow : first), end = dst + b; at < end; at += ow) {
            cols[at] = 0f;
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
        zeroEdges(cols, src, ow, lo, hi, yLo * ow + lo, (yHi - 1) * ow + hi);
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
