package dev.nabla.tensor;

/**
 * The front of batch normalisation's kernels ({@link Backend#batchNorm}): shapes checked, outputs
 * allocated, everything in x's dtype. The autograd op and the layer sit above.
 */
public final class NormMath {
    private NormMath() {}

    /**
     * {@code {out, mean, var}} for x [N, C, ...]: with {@code batchStats} mean and var are the batch's
     * (fresh [C] tensors, the variance biased), else {@code runningMean} and {@code runningVar} are used
     * and returned. {@code weight} and {@code bias} [C] may be null. With {@code relu} out is
     * {@code max(normalised, 0)} ({@link Backend#batchNormRelu}).
     */
    public static Tensor[] batchNorm(Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar,
                                     boolean batchStats, double eps, boolean relu) {
        if (x.rank() < 2 || !x.dtype().isFloating()) {
            throw new IllegalArgumentException("batch_norm: expected floating input [N, C, ...], got " + x.dtype() + " "
                    + x.shape());
        }
        Shape channels = Shape.of(x.dim(1));
        for (Tensor t : new Tensor[] {weight, bias, runningMean, runningVar}) {
            if (t != null && !t.shape().equals(channels)) {
                throw new IllegalArgumentException("batch_norm: expected per-channel values " + channels + " for input "
                        + x.shape() + ", got " + t.shape());
            }
        }
        Backend be = Backend.of(x);
        Tensor mean, var;
        if (batchStats) {
            mean = Tensor.uninitialized(be, x.dtype(), channels);
            var = Tensor.uninitialized(be, x.dtype(), channels);
        } else {
            mean = onto(be, "batch_norm", x, runningMean);
            var = onto(be, "batch_norm", x, runningVar);
        }
        Tensor out = Tensor.uninitialized(be, x.dtype(), x.shape());
        Tensor w = onto(be, "batch_norm", x, weight), b = onto(be, "batch_norm", x, bias);
        if (relu) {
            be.batchNormRelu(x, w, b, mean, var, batchStats, eps, out);
        } else {
            be.batchNorm(x, w, b, mean, var, batchStats, eps, out);
        }
        return new Tensor[] {out, mean, var};
    }

    /**
     * {@code {dx, dweight, dbias}} of {@link #batchNorm} given g shaped like x, from the mean and var it
     * used; {@code want} says which to compute (the others are null). Each in x's dtype. {@code bias} is
     * read only with {@code relu} (the forward's ReLU is undone from x, so it needs the shift).
     */
    public static Tensor[] batchNormBackward(Tensor g, Tensor x, Tensor weight, Tensor bias, Tensor mean, Tensor var,
                                             boolean batchStats, double eps, boolean relu, boolean[] want) {
        Backend be = Backend.of("batch_norm backward", g, x);
        Shape channels = Shape.of(x.dim(1));
        Tensor dx = want[0] ? Tensor.uninitialized(be, x.dtype(), x.shape()) : null;
        Tensor dw = want[1] ? Tensor.uninitialized(be, x.dtype(), channels) : null;
        Tensor db = want[2] ? Tensor.uninitialized(be, x.dtype(), channels) : null;
        Tensor gx = ElementwiseMath.cast(g, x.dtype()), w = onto(be, "batch_norm backward", x, weight);
        if (relu) {
            be.batchNormReluBackward(gx, x, w, onto(be, "batch_norm backward", x, bias), mean, var, batchStats, eps, dx,
                    dw, db);
        } else {
            be.batchNormBackward(gx, x, w, mean, var, batchStats, eps, dx, dw, db);
        }
        return new Tensor[] {dx, dw, db};
    }

    /** t in x's dtype on x's backend (null stays null). */
    private static Tensor onto(Backend be, String op, Tensor x, Tensor t) {
        if (t == null) {
            return null;
        }
        Backend.of(op, x, t);
        return ElementwiseMath.cast(t, x.dtype());
    }
}
