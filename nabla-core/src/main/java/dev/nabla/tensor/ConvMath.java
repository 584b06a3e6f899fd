package dev.nabla.tensor;

import dev.nabla.kernel.FusedActivation;
import dev.nabla.kernel.ConvGeometry;

/**
 * Forward math of 2-D convolution and pooling on NCHW tensors, and their gradients: the geometry and
 * its errors are worked out here, the device's {@link Backend} does the passes over memory. Sizes follow
 * PyTorch: {@code out = ⌊(in + pads − dilation·(kernel − 1) − 1) / stride⌋ + 1}.
 */
public final class ConvMath {
    private ConvMath() {}

    /**
     * The geometry of convolving {@code x [N, C, H, W]} with {@code w [O, C/groups, kh, kw]}; {@code pad} is
     * {top, bottom, left, right}. Refuses, naming {@code op} and the shapes, a channel count that does not
     * match, a kernel larger than the padded input, and sizes that are not positive.
     */
    public static ConvGeometry conv2dGeometry(String op, Shape x, Shape w, int[] stride, int[] pad, int[] dilation,
                                              int groups) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + ": expected input [N, C, H, W], got " + x);
        }
        if (w.rank() != 4) {
            throw new IllegalArgumentException(op + ": expected a weight [out, in/groups, kh, kw], got " + w);
        }
        checkPositive(op, "stride", stride);
        checkPositive(op, "dilation", dilation);
        for (int p : pad) {
            if (p < 0) {
                throw new IllegalArgumentException(op + ": padding must be >= 0, got " + java.util.Arrays.toString(pad));
            }
        }
        if (groups < 1 || x.dim(1) % groups != 0 || w.dim(0) % groups != 0) {
            throw new IllegalArgumentException(op + ": groups (" + groups + ") must divide the input channels (" + x.dim(1)
                    + ") and the output channels (" + w.dim(0) + ")");
        }
        if (w.dim(1) * groups != x.dim(1)) {
            throw new IllegalArgumentException(op + ": the weight " + w + " takes " + w.dim(1) * groups
                    + " input channels" + (groups > 1 ? " (" + w.dim(1) + " per group of " + groups + ")" : "")
                    + ", but the input " + x + " has " + x.dim(1));
        }
        checkFits(op, x, w.dim(2), w.dim(3), pad, dilation);
        return new ConvGeometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), w.dim(0), groups, w.dim(2), w.dim(3),
                stride[0], stride[1], pad[0], pad[1], pad[2], pad[3], dilation[0], dilation[1]);
    }

    /** The geometry of pooling {@code x [N, C, H, W]} with a {@code kernel} window; {@code pad} is {h, w}. */
    public static ConvGeometry poolGeometry(String op, Shape x, int[] kernel, int[] stride, int[] pad, int[] dilation) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + ": expected input [N, C, H, W], got " + x);
        }
        checkPositive(op, "kernel size", kernel);
        checkPositive(op, "stride", stride);
        checkPositive(op, "dilation", dilation);
        for (int i = 0; i < 2; i++) {
            if (pad[i] < 0 || 2 * pad[i] > kernel[i]) {
                throw new IllegalArgumentException(op + ": padding must be between 0 and half the kernel size "
                        + java.util.Arrays.toString(kernel) + ", got " + java.util.Arrays.toString(pad));
            }
        }
        checkFits(op, x, kernel[0], kernel[1], new int[] {pad[0], pad[0], pad[1], pad[1]}, dilation);
        return ConvGeometry.pool(x.dim(0), x.dim(1), x.dim(2), x.dim(3), kernel[0], kernel[1], stride[0], stride[1],
                pad[0], pad[1], dilation[0], dilation[1]);
    }

    private static void checkPositive(String op, String what, int[] values) {
        for (int v : values) {
            if (v < 1) {
                throw new IllegalArgumentException(op + ": " + what + " must be >= 1, got " + java.util.Arrays.toString(values));
            }
        }
    }

    private static void checkFits(String op, Shape x, int kh, int kw, int[] pad, int[] dilation) {
        int eh = dilation[0] * (kh - 1) + 1, ew = dilation[1] * (kw - 1) + 1;
        int ph = x.dim(2) + pad[0] + pad[1], pw = x.dim(3) + pad[2] + pad[3];
        if (eh > ph || ew > pw) {
            throw new IllegalArgumentException(op + ": the kernel " + (eh == kh && ew == kw ? "" : "(dilated) ")
                    + eh + "x" + ew + " is larger than the padded input " + ph + "x" + pw + " (input " + x + ")");
        }
    }

    /** The output shape [N, O, outH, outW]. */
    public static Shape outputShape(ConvGeometry s) {
        return Shape.of(s.batch(), s.outChannels(), s.outH(), s.outW());
    }

    /** {@code conv(x, w) + b} (b may be null); all in their common dtype. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, ConvGeometry s) {
        return conv2d(x, w, b, s, FusedActivation.IDENTITY, 0);
    }

    /** {@code act(conv(x, w) + b)} in one op (b may be null; {@code slope}: leaky ReLU's); all in their common dtype. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, ConvGeometry s, FusedActivation act, double slope) {
        Backend be = Backend.of("conv2d", x, w, b);
        DType dtype = DType.promote("conv2d", x.dtype(), w.dtype());
        if (b != null) {
            dtype = DType.promote("conv2d", dtype, b.dtype());
        }
        Tensor out = Tensor.uninitialized(be, dtype, outputShape(s)); // the kernel writes every element
        be.conv2d(ElementwiseMath.cast(x, dtype), ElementwiseMath.cast(w, dtype),
                b == null ? null : ElementwiseMath.cast(b, dtype), s, act, slope, out);
        return out;
    }

    /** The gradient at conv2d's input, in w's dtype. */
    public static Tensor conv2dInputGrad(Tensor g, Tensor w, ConvGeometry s) {
        Backend be = Backend.of("conv2d backward", g, w);
        Tensor dx = Tensor.uninitialized(be, w.dtype(), Shape.of(s.batch(), s.channels(), s.height(), s.width()));
        be.conv2dInputGrad(ElementwiseMath.cast(g, w.dtype()), w, s, dx);
        return dx;
    }

    /** The gradient at conv2d's weight, in x's dtype. */
    public static Tensor conv2dWeightGrad(Tensor g, Tensor x, ConvGeometry s) {
        return conv2dWeightGradInto(g, x, s, null);
    }

    /**
     * {@link #conv2dWeightGrad} written into {@code out} when it fits (the weight's shape and x's dtype, on
     * x's backend): the weight's recycled gradient storage, so that a training step allocates no new one
     * ({@code Linear} does the same with {@link MatMulMath#matmulInto}). Otherwise, or with {@code out}
     * null, a new tensor. The kernel writes every element, so what {@code out} held does not matter.
     */
    public static Tensor conv2dWeightGradInto(Tensor g, Tensor x, ConvGeometry s, Tensor out) {
        Backend be = Backend.of("conv2d backward", g, x);
        Shape shape = Shape.of(s.outChannels(), s.groupIn(), s.kernelH(), s.kernelW());
        boolean fits = out != null && out.dtype() == x.dtype() && out.shape().equals(shape) && Backend.of(out) == be;
        Tensor dw = fits ? out : Tensor.uninitialized(be, x.dtype(), shape);
        be.conv2dWeightGrad(ElementwiseMath.cast(g, x.dtype()), x, s, dw);
        if (fits) {
            dw.markModified();
        }
        return dw;
    }

    /** {@code {out, argmax}}: each window's maximum and its position in the plane (int32). */
    public static Tensor[] maxPool2d(Tensor x, ConvGeometry s) {
        requireFloating("max_pool2d", x);
        Backend be = Backend.of(x);
        Tensor out = Tensor.uninitialized(be, x.dtype(), outputShape(s));
        Tensor argmax = Tensor.uninitialized(be, DType.INT32, outputShape(s));
        be.maxPool2d(x, s, out, argmax);
        return new Tensor[] {out, argmax};
    }

    /** The gradient of max pooling at its input, in {@code dtype}. */
    public static Tensor maxPool2dBackward(Tensor g, Tensor argmax, ConvGeometry s, DType dtype) {
        Backend be = Backend.of("max_pool2d backward", g, argmax);
        Tensor dx = Tensor.uninitialized(be, dtype, Shape.of(s.batch(), s.channels(), s.height(), s.width()));
        be.maxPool2dBackward(ElementwiseMath.cast(g, dtype), argmax, s, dx);
        return dx;
    }

    /** Average pooling; {@code countPad}: padded positions count in the divisor. */
    public static Tensor avgPool2d(Tensor x, ConvGeometry s, boolean countPad) {
        requireFloating("avg_pool2d", x);
        Backend be = Backend.of(x);
        Tensor out = Tensor.uninitialized(be, x.dtype(), outputShape(s));
        be.avgPool2d(x, s, countPad, out);
        return out;
    }

    /** The gradient of average pooling at its input, in {@code dtype}. */
    public static Tensor avgPool2dBackward(Tensor g, ConvGeometry s, boolean countPad, DType dtype) {
        Backend be = Backend.of(g);
        Tensor dx = Tensor.uninitialized(be, dtype, Shape.of(s.batch(), s.channels(), s.height(), s.width()));
        be.avgPool2dBackward(ElementwiseMath.cast(g, dtype), s, countPad, dx);
        return dx;
    }

    private static void requireFloating(String op, Tensor x) {
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": needs a floating-point tensor, got " + x.dtype());
        }
    }
}
