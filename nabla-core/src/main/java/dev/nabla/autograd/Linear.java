package dev.nabla.autograd;

import dev.nabla.kernel.BinaryOp;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.MatMulMath;
import dev.nabla.tensor.ReduceMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * A dense layer's product, {@code y = x·Wᵀ + b} with W stored {@code [out, in]} (PyTorch's layout), as
 * one op: the GEMM reads W transposed in place, so no transposed copy of the weight is made, forward or
 * backward. Leading axes of x are batch axes.
 */
public final class Linear extends Node {
    private final Shape xShape;

    private Linear(Tensor x, Tensor w, Tensor b) {
        super("linear", b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b});
        xShape = x.shape();
    }

    /** x [..., in], w [out, in], b [out] or null. Shapes are checked by the caller (the layer). */
    public static Tensor apply(Tensor x, Tensor w, Tensor b) {
        int in = w.shape().dim(1);
        Tensor x2 = LayoutMath.view(x, Shape.of(x.size() / Math.max(1, in), in));
        Tensor y = MatMulMath.matmul(x2, false, w, true);
        if (b != null) {
            y = ElementwiseMath.binary("linear", BinaryOp.ADD, y, b);
        }
        int[] outDims = x.shape().dims();
        outDims[outDims.length - 1] = w.shape().dim(0);
        y = LayoutMath.view(y, Shape.of(outDims));
        if (!(b == null ? recording(x, w) : recording(x, w, b))) {
            return y;
        }
        Linear node = new Linear(x, w, b);
        node.save(x2, w);
        return node.record(y);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // y = x Wᵀ + b: dx = g W, dW = gᵀ x, db = sum of g over the batch
        Tensor x2 = saved(0), w = saved(1);
        Tensor g2 = LayoutMath.view(g, Shape.of(x2.shape().dim(0), w.shape().dim(0)));
        Tensor[] grads = new Tensor[rawInputs().length];
        if (needs(0)) {
            grads[0] = LayoutMath.view(MatMulMath.matmul(g2, false, w, false), xShape);
        }
        if (needs(1)) {
            grads[1] = MatMulMath.matmul(g2, true, x2, false);
        }
        if (grads.length == 3 && needs(2)) {
            grads[2] = ReduceMath.reduce("linear", dev.nabla.kernel.ReduceOp.SUM, g2, new int[] {0}, false);
        }
        return grads;
    }
}
