/**
 * Reverse-mode automatic differentiation: one {@link dev.nabla.autograd.Node} subclass per
 * differentiable op, with its backward right under its forward; {@link dev.nabla.autograd.Engine}
 * (topological order, reverse loop, accumulation); {@link dev.nabla.autograd.NoGrad}; and
 * {@link dev.nabla.autograd.GradCheck}, which compares every op with central finite differences.
 *
 * <pre>{@code
 * Tensor a = Tensor.scalar(DType.FLOAT64, 1).requiresGrad(true);
 * Tensor w = Tensor.scalar(DType.FLOAT64, 2).requiresGrad(true);
 * Tensor loss = a.mul(w).sub(4).pow(2).add(w.pow(2));
 * loss.backward();                       // a.grad(), w.grad() are filled
 * }</pre>
 */
package dev.nabla.autograd;
