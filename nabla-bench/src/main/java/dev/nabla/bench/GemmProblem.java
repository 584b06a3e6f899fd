package dev.nabla.bench;

/**
 * The matrix products {@link GemmBenchmark} times: {@code C[m×n] = op(A)[m×k] · op(B)[k×n]}.
 *
 * <p>First the nine products of one training step of the Fashion-MNIST MLP 784-256-128-10 at batch 128,
 * with weights stored [out, in] as in PyTorch: forward {@code Y = X·Wᵀ} (transB), backward
 * {@code dX = G·W} and {@code dW = Gᵀ·X} (transA). Then square products for comparison with other
 * libraries. (fc1's dX is not needed in training, since the input needs no gradient, but it is timed
 * for completeness.)
 */
public enum GemmProblem {
    FC1_FORWARD(false, true, 128, 256, 784),
    FC1_GRAD_INPUT(false, false, 128, 784, 256),
    FC1_GRAD_WEIGHT(true, false, 256, 784, 128),
    FC2_FORWARD(false, true, 128, 128, 256),
    FC2_GRAD_INPUT(false, false, 128, 256, 128),
    FC2_GRAD_WEIGHT(true, false, 128, 256, 128),
    FC3_FORWARD(false, true, 128, 10, 128),
    FC3_GRAD_INPUT(false, false, 128, 128, 10),
    FC3_GRAD_WEIGHT(true, false, 10, 128, 128),
    SQUARE_256(false, false, 256, 256, 256),
    SQUARE_512(false, false, 512, 512, 512),
    SQUARE_1024(false, false, 1024, 1024, 1024);

    final boolean transA;
    final boolean transB;
    final int m;
    final int n;
    final int k;

    GemmProblem(boolean transA, boolean transB, int m, int n, int k) {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
    }

    /** Floating-point operations of one product: a multiply and an add per (i, j, p). */
    public double flops() {
        return 2.0 * m * n * k;
    }

    /** Row length of A as stored: [m×k], or [k×m] when transposed. */
    int lda() {
        return transA ? m : k;
    }

    /** Row length of B as stored: [k×n], or [n×k] when transposed. */
    int ldb() {
        return transB ? k : n;
    }

    @Override
    public String toString() {
        return name() + " [" + m + "x" + k + "]·[" + k + "x" + n + "]" + (transA ? " transA" : "") + (transB ? " transB" : "");
    }
}
