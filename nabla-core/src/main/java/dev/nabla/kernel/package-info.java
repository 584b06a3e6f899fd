/**
 * The loops over {@code float[]} and {@code double[]}: GEMM, elementwise maps, reductions, the
 * optimizers' updates ({@link dev.nabla.kernel.OptimF32}), the fused activations' row loops
 * ({@link dev.nabla.kernel.FusedActivation}), erf ({@link dev.nabla.kernel.ErrorFunction}), float32 exp, log,
 * tanh and sigmoid as fma polynomials with the same bits in every JIT tier and lane
 * ({@link dev.nabla.kernel.PolyMath}), and the shared thread pool. No shapes, no devices, no autograd: the one place where speed lives, and what the CPU's
 * backend ({@code dev.nabla.tensor.Backend}) runs.
 *
 * <p>Every SIMD kernel (Vector API) has a scalar twin, selected with {@code -Dnabla.kernel=scalar} or
 * {@link dev.nabla.kernel.KernelMode#setVector}; tests compare the two. The twins also run when the JVM
 * lacks the {@code jdk.incubator.vector} module, so the vector loops live in classes of their own
 * ({@code *SimdF32}) that only the SIMD mode loads. The {@code *F64} classes are generated from the
 * {@code *F32} ones by {@code tools/gen-f64-kernels.sh}.
 *
 * <p>GEMM ({@link dev.nabla.kernel.GemmF32}) packs B into column panels and runs a 6-row by 4-vector
 * register tile ({@code GemmTileF32}) over them, reading A in place; large products are split across
 * the pool ({@link dev.nabla.kernel.Parallel}), whose workers spin briefly between jobs. Results are
 * bit-identical for any thread count. Programs that start once and then run hot loops should call
 * {@link dev.nabla.kernel.Kernels#warmUp} at start-up.
 *
 * <pre>{@code
 * // C[2x2] = A[2x3] · B[3x2]
 * GemmF32.gemm(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
 * }</pre>
 */
package dev.nabla.kernel;
