package dev.nabla.autograd;

import dev.nabla.kernel.ConvGeometry;
import dev.nabla.kernel.FusedActivation;
import dev.nabla.kernel.ReduceOp;
import dev.nabla.tensor.ConvMath;
import dev.nabla.tensor.FusedMath;
import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.ReduceMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * 2-D convolution, PyTorch's {@code conv2d} (a cross-correlation): {@code x [N, C, H, W]},
 * {@code w [O, C/groups, kh, kw]}, {@code b [O]} or null, with stride, padding (top, bottom, left,
 * right), dilation and groups. The backend multiplies through im2col; see {@code kernel.ConvF32}.
 *
 * <p>Backward: {@code dx} is the transposed convolution of g with w (Wᵀ·g per sample, folded back by
 * col2im), {@code dw = Σ_n g_n · cols(x_n)ᵀ}, {@code db} = g summed over batch and pixels.
 *
 * <p>With a fused activation ({@link FusedActivation}, as a dense layer's {@link Linear} has) the op is
 * {@code act(conv2d(x, w) + b)}: the backend applies it to each thread's share of the output as it is computed,
 * and the backward first takes {@code g·act'} from the saved output. The same values as the two ops, to the bit.
 */
public final class Conv2d extends Node implements FreshGradients {
    private final ConvGeometry geometry;
    private final FusedActivation act;
    private final double slope;

    private Conv2d(Tensor x, Tensor w, Tensor b, ConvGeometry geometry, FusedActivation act, double slope) {
        super(act == FusedActivation.IDENTITY ? "conv2d" : "conv2d+" + act.name().toLowerCase(),
                b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b});
        this.geometry = geometry;
        this.act = act;
        this.slope = slope;
    }

    /**
     * {@code conv2d(x, w) + b}: {@code pad} = {top, bottom, left, right}; {@code stride}, {@code dilation} =
     * {along H, along W}. Refuses shapes that do not fit, naming {@code conv2d}.
     */
    public static Tensor apply(Tensor x, Tensor w, Tensor b, int[] stride, int[] pad, int[] dilation, int groups) {
        return apply(x, w, b, stride, pad, dilation, groups, FusedActivation.IDENTITY, 0);
    }

    /** {@code act(conv2d(x, w) + b)} as one op ({@code slope}: leaky ReLU's negative slope, ignored by the others). */
    public static Tensor apply(Tensor x, Tensor w, Tensor b, int[] stride, int[] pad, int[] dilation, int groups,
                               FusedActivation act, double slope) {
        ConvGeometry s = ConvMath.conv2dGeometry("conv2d", x.shape(), w.shape(), stride, pad, dilation, groups);
        if (b != null && !b.shape().equals(Shape.of(w.shape().dim(0)))) {
            throw new IllegalArgumentException("conv2d: expected a bias [" + w.shape().dim(0) + "], got " + b.shape());
        }
        Tensor out = ConvMath.conv2d(x, w, b, s, act, slope);
        boolean record = b == null ? recording(x, w) : recording(x, w, b);
        if (!record) {
            return out;
        }
        Conv2d node = new Conv2d(x, w, b, s, act, slope);
        if (act == FusedActivation.IDENTITY) {
            node.save(x, w);
        } else {
            node.save(x, w, out);
        }
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor gOut) {
        // out = act(W ⋆ x + b): g = gOut·act'(out), dx = Wᵀ ⋆ g (col2im), dW = Σ_n g_n · cols(x_n)ᵀ, db = Σ_{n, pixels} g
        Tensor x = saved(0), w = saved(1);
        Tensor g = FusedMath.activationBackward(act, gOut, act == FusedActivation.IDENTITY ? null : saved(2), slope);
        Tensor[] grads = new Tensor[rawInputs().length];
        if (needs(0)) {
            grads[0] = ConvMath.conv2dInputGrad(g, w, geometry);
        }
        if (needs(1)) {
            // into the weight's recycled gradient storage when there is one (Optimizer.zeroGrad)
            grads[1] = ConvMath.conv2dWeightGradInto(g, x, geometry, GradientSlot.of(w).takeSpare());
        }
        if (grads.length == 3 && needs(2)) {
            Tensor g3 = LayoutMath.view(g, Shape.of(geometry.batch(), geometry.outChannels(), geometry.pixels()));
            grads[2] = ReduceMath.reduce("conv2d", ReduceOp.SUM, g3, new int[] {0, 2}, false);
        }
        return grads;
    }
}
