package dev.nabla.autograd;

import dev.nabla.kernel.ConvGeometry;
import dev.nabla.tensor.ConvMath;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

/**
 * Average pooling over the planes of {@code x [N, C, H, W]}, PyTorch's {@code avg_pool2d}: windows of
 * {@code kernel} with stride and padding; {@code countPad} counts padded positions in the divisor
 * (PyTorch's {@code count_include_pad}, true by default). The gradient spreads each window's g evenly.
 */
public final class AvgPool2d extends Node implements FreshGradients {
    private final ConvGeometry geometry;
    private final boolean countPad;
    private final DType dtype;

    private AvgPool2d(Tensor x, ConvGeometry geometry, boolean countPad) {
        super("avg_pool2d", x);
        this.geometry = geometry;
        this.countPad = countPad;
        this.dtype = x.dtype();
    }

    /** {@code kernel}, {@code stride}, {@code pad}: {along H, along W}. */
    public static Tensor apply(Tensor x, int[] kernel, int[] stride, int[] pad, boolean countPad) {
        ConvGeometry s = ConvMath.poolGeometry("avg_pool2d", x.shape(), kernel, stride, pad, new int[] {1, 1});
        Tensor out = ConvMath.avgPool2d(x, s, countPad);
        if (!recording(x)) {
            return out;
        }
        return new AvgPool2d(x, s, countPad).record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // each window's g / its divisor, added to every position under it
        return new Tensor[] {ConvMath.avgPool2dBackward(g, geometry, countPad, dtype)};
    }
}
