package dev.nabla.kernel;

/**
 * The sizes of one 2-D convolution or pooling over a batch in NCHW layout: what the kernels need and
 * nothing else. Pooling is the case {@code outChannels == groups == channels} (each plane on its own).
 * Padding may differ on the two sides of an axis (PyTorch's {@code padding="same"} with an even
 * dilated kernel puts the extra row and column at the bottom and right). The front checks every size
 * and words the errors; this record only refuses what would make the loops wrong.
 *
 * @param batch N
 * @param channels C, the input's
 * @param height H
 * @param width W
 * @param outChannels O (a multiple of groups, as C is)
 * @param groups G: input channels [g·C/G, (g+1)·C/G) feed outputs [g·O/G, (g+1)·O/G)
 */
public record ConvGeometry(int batch, int channels, int height, int width, int outChannels, int groups,
                           int kernelH, int kernelW, int strideH, int strideW,
                           int padTop, int padBottom, int padLeft, int padRight, int dilationH, int dilationW) {
    public ConvGeometry {
        if (batch < 0 || channels < 1 || height < 1 || width < 1 || outChannels < 1 || groups < 1
                || channels % groups != 0 || outChannels % groups != 0 || kernelH < 1 || kernelW < 1
                || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1
                || padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0
                || height + padTop + padBottom < dilationH * (kernelH - 1) + 1
                || width + padLeft + padRight < dilationW * (kernelW - 1) + 1) {
            throw new IllegalArgumentException("inconsistent convolution geometry " + ConvGeometry.this);
        }
    }

    /** A pooling window over every plane of x [batch, channels, height, width]. */
    public static ConvGeometry pool(int batch, int channels, int height, int width, int kernelH, int kernelW,
                                    int strideH, int strideW, int padH, int padW, int dilationH, int dilationW) {
        return new ConvGeometry(batch, channels, height, width, channels, channels, kernelH, kernelW, strideH, strideW,
                padH, padH, padW, padW, dilationH, dilationW);
    }

    /** Output height: ⌊(H + pads − dilation·(k − 1) − 1) / stride⌋ + 1. */
    public int outH() {
        return (height + padTop + padBottom - dilationH * (kernelH - 1) - 1) / strideH + 1;
    }

    /** Output width. */
    public int outW() {
        return (width + padLeft + padRight - dilationW * (kernelW - 1) - 1) / strideW + 1;
    }

    /** Input channels per group. */
    public int groupIn() {
        return channels / groups;
    }

    /** Output channels per group. */
    public int groupOut() {
        return outChannels / groups;
    }

    /** Rows of one group's column matrix: groupIn · kernelH · kernelW (a weight row's length). */
    public int patch() {
        return groupIn() * kernelH * kernelW;
    }

    /** Output pixels per plane. */
    public int pixels() {
        return outH() * outW();
    }

    /** One input plane's size, H·W. */
    public int plane() {
        return height * width;
    }

    /** True when the columns are the input itself: a 1×1 kernel, stride 1, no padding. */
    public boolean pointwise() {
        return kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1
                && padTop == 0 && padBottom == 0 && padLeft == 0 && padRight == 0;
    }
}
