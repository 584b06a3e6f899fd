package dev.nabla.kernel;

/**
 * The cheap elementwise activations that a dense layer's product can apply in the same op: each is
 * applied in place on the fresh product, and each derivative is read off the output, so the
 * pre-activation is never kept. Leaky ReLU takes its negative slope as a separate argument.
 *
 * <p>These are the loops over one row (forward) and one run (backward); the caller splits rows and runs
 * across threads. The backward passes are one kernel loop each ({@code ElementwiseF32.reluBackward} and
 * its siblings), shared with the plain ReLU, tanh and sigmoid ops, and compute what the composed tensor
 * ops would compute, to the bit.
 */
public enum FusedActivation {
    IDENTITY, RELU, LEAKY_RELU, TANH, SIGMOID;

    /** {@code y[off + j] = act(y[off + j] + bias[j])} for j in [0, n), in place; {@code bias} may be null. */
    public void applyRow(float[] y, int off, float[] bias, int n, float slope) {
        if (bias != null) {
            ElementwiseF32.binary(BinaryOp.ADD, y, off, 1, bias, 0, 1, y, off, n);
        }
        switch (this) {
            case IDENTITY -> { }
            case RELU -> ElementwiseF32.unary(UnaryOp.RELU, y, off, y, off, n);
            case LEAKY_RELU -> ElementwiseF32.leakyRelu(slope, y, off, y, off, n);
            case TANH -> ElementwiseF32.unary(UnaryOp.TANH, y, off, y, off, n);
            case SIGMOID -> ElementwiseF32.unary(UnaryOp.SIGMOID, y, off, y, off, n);
        }
    }

    /** As {@link #applyRow(float[], int, float[], int, float)}, float64. */
    public void applyRow(double[] y, int off, double[] bias, int n, double slope) {
        if (bias != null) {
            ElementwiseF64.binary(BinaryOp.ADD, y, off, 1, bias, 0, 1, y, off, n);
        }
        switch (this) {
            case IDENTITY -> { }
            case RELU -> ElementwiseF64.unary(UnaryOp.RELU, y, off, y, off, n);
            case LEAKY_RELU -> ElementwiseF64.leakyRelu(slope, y, off, y, off, n);
            case TANH -> ElementwiseF64.unary(UnaryOp.TANH, y, off, y, off, n);
            case SIGMOID -> ElementwiseF64.unary(UnaryOp.SIGMOID, y, off, y, off, n);
        }
    }

    /**
     * {@code out = g·act'} over [from, from + len), from the activation's output {@code y} (for RELU, its
     * input gives the same mask).
     */
    public void backward(float[] g, float[] y, float[] out, int from, int len, float slope) {
        switch (this) {
            case IDENTITY -> System.arraycopy(g, from, out, from, len);
            case RELU -> ElementwiseF32.reluBackward(g, from, y, from, out, from, len);
            case LEAKY_RELU -> ElementwiseF32.leakyReluBackward(slope, g, from, y, from, out, from, len);
            case TANH -> ElementwiseF32.tanhBackward(g, from, y, from, out, from, len);
            case SIGMOID -> ElementwiseF32.sigmoidBackward(g, from, y, from, out, from, len);
        }
    }

    /** As {@link #backward(float[], float[], float[], int, int, float)}, float64. */
    public void backward(double[] g, double[] y, double[] out, int from, int len, double slope) {
        switch (this) {
            case IDENTITY -> System.arraycopy(g, from, out, from, len);
            case RELU -> ElementwiseF64.reluBackward(g, from, y, from, out, from, len);
            case LEAKY_RELU -> ElementwiseF64.leakyReluBackward(slope, g, from, y, from, out, from, len);
            case TANH -> ElementwiseF64.tanhBackward(g, from, y, from, out, from, len);
            case SIGMOID -> ElementwiseF64.sigmoidBackward(g, from, y, from, out, from, len);
        }
    }
}
