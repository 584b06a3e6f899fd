package dev.nabla.autograd;

import dev.nabla.kernel.ConvGeometry;
import dev.nabla.tensor.ConvMath;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

/**
 * Max pooling over the planes of {@code x [N, C, H, W]}, PyTorch's {@code max_pool2d}: windows of
 * {@code kernel}, with stride, padding (never the maximum) and dilation. The gradient goes to each
 * window's maximum (the first of ties), added where windows overlap.
 */
public final class MaxPool2d extends Node implements FreshGradients {
    private final ConvGeometry geometry;
    private final DType dtype;

    private MaxPool2d(Tensor x, ConvGeometry geometry) {
        super("max_pool2d", x);
        this.geometry = geometry;
        this.dtype = x.dtype();
    }

    /** {@code kernel}, {@code stride}, {@code pad}, {@code dilation}: {along H, along W}. */
    public static Tensor apply(Tensor x, int[] kernel, int[] stride, int[] pad, int[] dilation) {
        ConvGeometry s = ConvMath.poolGeometry("max_pool2d", x.shape(), kernel, stride, pad, dilation);
        Tensor[] outArg = ConvMath.maxPool2d(x, s);
        if (!recording(x)) {
            return outArg[0];
        }
        MaxPool2d node = new MaxPool2d(x, s);
        node.save(outArg[1]);
        return node.record(outArg[0]);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // each window's g to the position of its maximum
        return new Tensor[] {ConvMath.maxPool2dBackward(g, saved(0), geometry, dtype)};
    }
}
