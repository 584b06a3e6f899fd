/**
 * Reverse-mode automatic differentiation: one {@link dev.nabla.autograd.Node} subclass per
 * differentiable op, with its backward right under its forward; {@link dev.nabla.autograd.Engine}
 * (topological order, reverse loop, accumulation); {@link dev.nabla.autograd.GradientSlot}, each
 * tensor's gradient, {@code grad_fn} and recycled gradient storage, whose Javadoc is the contract of
 * gradient storage; {@link dev.nabla.autograd.NoGrad}; and {@link dev.nabla.autograd.GradCheck}, which
 * compares every op with central finite differences (CPU float64 tensors).
 *
 * <pre>{@code
 * Tensor a = Tensor.scalar(DType.FLOAT64, 1).requiresGrad(true);
 * Tensor w = Tensor.scalar(DType.FLOAT64, 2).requiresGrad(true);
 * Tensor loss = a.mul(w).sub(4).pow(2).add(w.pow(2));
 * loss.backward();                       // a.grad(), w.grad() are filled
 * GradientSlot.recycle(w);               // w.grad() is null; the next backward reuses its storage
 * }</pre>
 */
package dev.nabla.autograd;
