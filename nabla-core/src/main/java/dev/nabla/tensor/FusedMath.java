package dev.nabla.tensor;

import dev.nabla.kernel.FusedActivation;

/**
 * Forward math of the fused ops that autograd keeps as pairs (a dense layer's bias and activation, and
 * softmax cross-entropy): the checks and allocations here, the passes over memory in the {@link Backend}.
 */
public final class FusedMath {
    private FusedMath() {}

    /**
     * {@code y[r][j] = act(y[r][j] + bias[j])} over the rows of a product {@code y [rows, n]} that no one
     * else holds yet, in place; {@code bias} is null or has y's dtype and {@code n} elements.
     */
    public static void biasActivation(Tensor y, Tensor bias, FusedActivation act, double slope) {
        if (bias == null && act == FusedActivation.IDENTITY) {
            return;
        }
        Backend be = bias == null ? Backend.of(y) : Backend.of("linear", y, bias);
        be.biasActivation(act, y, bias, slope);
    }

    /**
     * The gradient at the activation's input, {@code g·act'}, as a fresh tensor shaped like {@code y}
     * (IDENTITY returns {@code g} itself). {@code y} is the activation's output, except for RELU, whose
     * mask is the same computed from its input. {@code g} has y's shape.
     */
    public static Tensor activationBackward(FusedActivation act, Tensor g, Tensor y, double slope) {
        if (act == FusedActivation.IDENTITY) {
            return g;
        }
        Backend be = Backend.of(act.name().toLowerCase() + " backward", g, y);
        Tensor gc = ElementwiseMath.cast(g, y.dtype());
        Tensor out = Tensor.uninitialized(be, y.dtype(), y.shape()); // the backend writes every element
        be.activationBackward(act, gc, y, slope, out);
        return out;
    }

    /**
     * Per row of {@code logits [N, C]}: {@code lse[i] = logsumexp(z_i)} and {@code rowLoss[i] = lse[i] -
     * z_i[labels[i]]}, in float64; the labels are checked by the caller.
     */
    public static void crossEntropyRows(Tensor logits, int[] labels, double[] lse, double[] rowLoss) {
        Backend.of(logits).crossEntropyRows(logits, labels, lse, rowLoss);
    }

    /** A fresh tensor like logits: {@code (exp(z_ij - lse_i) - [j == labels_i])·scale}. */
    public static Tensor crossEntropyGrad(Tensor logits, int[] labels, double[] lse, double scale) {
        Backend be = Backend.of(logits);
        Tensor dz = Tensor.empty(be, logits.dtype(), logits.shape());
        be.crossEntropyGrad(logits, labels, lse, scale, dz);
        return dz;
    }

}
