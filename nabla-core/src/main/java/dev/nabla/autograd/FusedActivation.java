package dev.nabla.autograd;

import dev.nabla.kernel.BinaryOp;
import dev.nabla.kernel.ElementwiseF32;
import dev.nabla.kernel.ElementwiseF64;
import dev.nabla.kernel.Parallel;
import dev.nabla.kernel.UnaryOp;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.Tensor;

/**
 * The cheap elementwise activations that {@link Linear} can apply in the same op as its product:
 * each is applied in place on the fresh product, and each derivative is read off the output, so the
 * pre-activation is never kept. Leaky ReLU takes its negative slope as a separate argument.
 *
 * <p>The backward passes are one kernel loop each ({@code ElementwiseF32.reluBackward} and its
 * siblings), shared with {@link Relu}, {@link Tanh} and {@link Sigmoid}, and compute what the composed
 * tensor ops would compute, to the bit.
 */
public enum FusedActivation {
    IDENTITY, RELU, LEAKY_RELU, TANH, SIGMOID;

    /** Contiguous runs shorter than this stay on one thread (as ElementwiseMath's). */
    private static final int CHUNK = 1 << 14;

    /**
     * {@code y[r][j] = act(y[r][j] + bias[j])} over the rows of a product {@code y [rows, n]} that no
     * one else holds yet, in place: the bias and the activation in one pass per row while it is in cache.
     * {@code bias} is null or has y's dtype and {@code n} elements.
     */
    void addBiasInPlace(Tensor y, Tensor bias, double slope) {
        int n = y.shape().dim(-1);
        int rows = n == 0 ? 0 : y.size() / n;
        if (bias == null && this == IDENTITY) {
            return;
        }
        Object yd = y.data(), bd = bias == null ? null : bias.data();
        Parallel.forRange(rows, n, (from, to) -> {
            for (int r = from; r < to; r++) {
                if (yd instanceof float[] yf) {
                    rowF32(yf, r * n, (float[]) bd, n, (float) slope);
                } else {
                    rowF64((double[]) yd, r * n, (double[]) bd, n, slope);
                }
            }
        });
    }

    private void rowF32(float[] y, int off, float[] bias, int n, float slope) {
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

    private void rowF64(double[] y, int off, double[] bias, int n, double slope) {
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
     * The gradient at the activation's input, {@code g·act'}, as a fresh tensor shaped like {@code y}
     * (IDENTITY returns {@code g} itself). {@code y} is the activation's output, except for RELU, whose
     * mask is the same computed from its input. {@code g} has y's shape.
     */
    Tensor backward(Tensor g, Tensor y, double slope) {
        if (this == IDENTITY) {
            return g;
        }
        Tensor gc = ElementwiseMath.cast(g, y.dtype());
        Tensor out = Tensor.uninitialized(y.dtype(), y.shape()); // every chunk is written below
        Object gd = gc.data(), yd = y.data(), od = out.data();
        int size = y.size();
        int chunks = (size + CHUNK - 1) / CHUNK;
        Parallel.forRange(chunks, CHUNK, (c0, c1) -> {
            int from = c0 * CHUNK, len = Math.min(size, c1 * CHUNK) - from;
            if (len <= 0) {
                return;
            }
            if (yd instanceof float[] yf) {
                backwardF32((float[]) gd, yf, (float[]) od, from, len, (float) slope);
            } else {
                backwardF64((double[]) gd, (double[]) yd, (double[]) od, from, len, slope);
            }
        });
        return out;
    }

    private void backwardF32(float[] g, float[] y, float[] out, int from, int len, float slope) {
        switch (this) {
            case IDENTITY -> System.arraycopy(g, from, out, from, len);
            case RELU -> ElementwiseF32.reluBackward(g, from, y, from, out, from, len);
            case LEAKY_RELU -> ElementwiseF32.leakyReluBackward(slope, g, from, y, from, out, from, len);
            case TANH -> ElementwiseF32.tanhBackward(g, from, y, from, out, from, len);
            case SIGMOID -> ElementwiseF32.sigmoidBackward(g, from, y, from, out, from, len);
        }
    }

    private void backwardF64(double[] g, double[] y, double[] out, int from, int len, double slope) {
        switch (this) {
            case IDENTITY -> System.arraycopy(g, from, out, from, len);
            case RELU -> ElementwiseF64.reluBackward(g, from, y, from, out, from, len);
            case LEAKY_RELU -> ElementwiseF64.leakyReluBackward(slope, g, from, y, from, out, from, len);
            case TANH -> ElementwiseF64.tanhBackward(g, from, y, from, out, from, len);
            case SIGMOID -> ElementwiseF64.sigmoidBackward(g, from, y, from, out, from, len);
        }
    }
}
