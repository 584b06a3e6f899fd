package dev.nabla.autograd;

import dev.nabla.kernel.FusedActivation;
import dev.nabla.kernel.ReduceOp;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.FusedMath;
import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.MatMulMath;
import dev.nabla.tensor.ReduceMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * A dense layer's product, {@code y = act(x·Wᵀ + b)} with W stored {@code [out, in]} (PyTorch's
 * layout), as one op: the GEMM reads W transposed in place (no transposed copy of the weight, forward
 * or backward); the bias and the activation are then applied in place on the fresh product, one pass
 * per row while it is in cache. Leading axes of x are batch axes.
 *
 * <p>Backward: {@code G' = g·act'(y)} in one pass from the saved output (none for the identity), then
 * {@code dx = G'·W}, {@code dW = G'ᵀ·x} (the GEMM reads G' transposed in place) and
 * {@code db = column sums of G'}. The same values as {@code Linear} without activation followed by
 * the activation's own op, to the bit (LinearTest).
 */
public final class Linear extends Node implements FreshGradients {
    private final Shape xShape;
    private final FusedActivation act;
    private final double slope;

    private Linear(Tensor x, Tensor w, Tensor b, FusedActivation act, double slope) {
        super(act == FusedActivation.IDENTITY ? "linear" : "linear+" + act.name().toLowerCase(),
                b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b});
        xShape = x.shape();
        this.act = act;
        this.slope = slope;
    }

    /** x [..., in], w [out, in], b [out] or null. Shapes are checked by the caller (the layer). */
    public static Tensor apply(Tensor x, Tensor w, Tensor b) {
        return apply(x, w, b, FusedActivation.IDENTITY, 0);
    }

    /**
     * {@code act(x·Wᵀ + b)}: x [..., in], w [out, in], b [out] or null; {@code slope} is leaky ReLU's
     * negative slope (&ge; 0; ignored by the other activations). Shapes are checked by the caller.
     */
    public static Tensor apply(Tensor x, Tensor w, Tensor bias, FusedActivation act, double slope) {
        Tensor b = bias;
        int in = w.shape().dim(1);
        Tensor x2 = LayoutMath.view(x, Shape.of(x.size() / Math.max(1, in), in));
        boolean record = bias == null ? recording(x, w) : recording(x, w, bias);
        Tensor y;
        if (b != null && x2.dtype() == w.dtype() && b.dtype() == w.dtype() && w.dtype() != DType.INT32) {
            y = MatMulMath.linear(x2, w, b, !record);
            b = null; // already in y
        } else {
            y = MatMulMath.matmul(x2, false, w, true);
        }
        if (b != null && b.dtype() != y.dtype()) {
            // promote as the composite's add would: the product (fresh either way) and the bias to one dtype
            DType common = DType.promote("linear", y.dtype(), b.dtype());
            y = ElementwiseMath.cast(y, common);
            b = ElementwiseMath.cast(b, common);
        }
        FusedMath.biasActivation(y, b, act, slope);
        int[] outDims = x.shape().dims();
        outDims[outDims.length - 1] = w.shape().dim(0);
        Tensor out = LayoutMath.view(y, Shape.of(outDims));
        if (!record) {
            return out;
        }
        Linear node = new Linear(x, w, bias, act, slope);
        if (act == FusedActivation.IDENTITY) {
            node.save(x2, w);
        } else {
            node.save(x2, w, out);
        }
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // y = act(x Wᵀ + b): G' = g act'(y), dx = G' W, dW = G'ᵀ x, db = sum of G' over the batch
        Tensor x2 = saved(0), w = saved(1);
        Shape g2Shape = Shape.of(x2.shape().dim(0), w.shape().dim(0));
        Tensor g2 = act == FusedActivation.IDENTITY ? LayoutMath.view(g, g2Shape)
                : LayoutMath.view(FusedMath.activationBackward(act, g, saved(2), slope), g2Shape);
        Tensor[] grads = new Tensor[rawInputs().length];
        if (needs(0)) {
            grads[0] = LayoutMath.view(MatMulMath.matmul(g2, false, w, false), xShape);
        }
        if (needs(1)) {
            // into the weight's recycled gradient storage when there is one (Optimizer.zeroGrad)
            grads[1] = MatMulMath.matmulInto(g2, true, x2, false, GradientSlot.of(w).takeSpare());
        }
        if (grads.length == 3 && needs(2)) {
            grads[2] = ReduceMath.reduce("linear", ReduceOp.SUM, g2, new int[] {0}, false);
        }
        return grads;
    }
}
