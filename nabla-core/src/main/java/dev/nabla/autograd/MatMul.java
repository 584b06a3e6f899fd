package dev.nabla.autograd;

import dev.nabla.tensor.MatMulMath;
import dev.nabla.tensor.ReduceMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Matrix product with NumPy's rules: 2-D, batched over leading axes that broadcast, and 1-D operands
 * promoted to a row (left) or column (right) vector that is removed again from the result.
 */
public final class MatMul extends Node {
    private final Shape aShape;
    private final Shape bShape;

    private MatMul(Tensor a, Tensor b) {
        super("matmul", a, b);
        aShape = a.shape();
        bShape = b.shape();
    }

    public static Tensor apply(Tensor a, Tensor b) {
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: needs at least 1-D operands, got " + a.shape() + " and " + b.shape());
        }
        if (a.rank() == 1 || b.rank() == 1) {
            // checked here so the message shows the shapes the caller passed, not the promoted ones
            int k = a.dim(-1), k2 = b.rank() == 1 ? b.dim(0) : b.dim(-2);
            if (k != k2) {
                throw new IllegalArgumentException("matmul: cannot multiply " + a.shape() + " and " + b.shape()
                        + " (inner sizes " + k + " and " + k2 + " differ)");
            }
        }
        if (a.rank() == 1) {
            // a 1-D b was already squeezed back by the inner call, leaving [..., 1]: drop that axis
            return apply(a.unsqueeze(0), b).squeeze(b.rank() == 1 ? -1 : -2);
        }
        if (b.rank() == 1) {
            return apply(a, b.unsqueeze(1)).squeeze(-1);
        }
        Tensor out = MatMulMath.matmul(a, false, b, false);
        if (!recording(a, b)) {
            return out;
        }
        MatMul node = new MatMul(a, b);
        node.save(a, b);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // C = A B: dA = G Bᵀ, dB = Aᵀ G; the kernel reads the transposes in place
        Tensor a = saved(0), b = saved(1);
        return new Tensor[] {
            needs(0) ? ReduceMath.sumTo(MatMulMath.matmul(g, false, b, true), aShape) : null,
            needs(1) ? ReduceMath.sumTo(MatMulMath.matmul(a, true, g, false), bShape) : null
        };
    }
}
