/**
 * Tensors: shape, dtype and contiguous row-major storage on a {@link dev.nabla.tensor.Device}; creation;
 * and the forward math of the primitive ops ({@code ElementwiseMath}, {@code ReduceMath},
 * {@code LayoutMath}, {@code MatMulMath}, {@code FusedMath}, {@code OptimizerMath}), which records nothing.
 * {@link dev.nabla.tensor.Tensor}'s fluent methods go through the op classes of {@code dev.nabla.autograd},
 * which call this math and record it.
 *
 * <p>The math is a device-independent front (checks, dtype promotion, shapes, errors) over one call to
 * the {@link dev.nabla.tensor.Backend} of the operands' device. The CPU's backend runs the Java kernels
 * on heap arrays; another device subclasses {@link dev.nabla.tensor.Backend} and
 * {@link dev.nabla.tensor.Storage} and is found at run time ({@link dev.nabla.tensor.BackendProvider}).
 * Raw arrays ({@code f32()}, ...) exist for CPU tensors only. {@link dev.nabla.tensor.StepArena} reuses a
 * training step's CPU arrays in the next step.
 *
 * <pre>{@code
 * Generator g = new Generator(42);
 * Tensor x = Tensor.randn(g, 32, 784);
 * Tensor w = Tensor.randn(g, 256, 784).mul(0.05).requiresGrad(true);
 * Tensor h = x.matmul(w.t()).relu();        // [32, 256]
 * Tensor d = h.to(Device.of("cuda:0"));     // needs a backend for that device on the class path
 * }</pre>
 */
package dev.nabla.tensor;
