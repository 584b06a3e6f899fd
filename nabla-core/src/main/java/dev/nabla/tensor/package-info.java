/**
 * Tensors: shape, dtype and contiguous row-major storage; creation; and the forward math of the
 * primitive ops ({@code ElementwiseMath}, {@code ReduceMath}, {@code LayoutMath}, {@code MatMulMath}),
 * which record nothing. {@link dev.nabla.tensor.Tensor}'s fluent methods go through the op classes of
 * {@code dev.nabla.autograd}, which call this math and record it.
 *
 * <pre>{@code
 * Generator g = new Generator(42);
 * Tensor x = Tensor.randn(g, 32, 784);
 * Tensor w = Tensor.randn(g, 256, 784).mul(0.05).requiresGrad(true);
 * Tensor h = x.matmul(w.t()).relu();        // [32, 256]
 * }</pre>
 */
package dev.nabla.tensor;
