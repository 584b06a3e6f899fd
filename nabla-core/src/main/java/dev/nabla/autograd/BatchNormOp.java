package dev.nabla.autograd;

import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.NormMath;
import dev.nabla.tensor.Tensor;

/**
 * Batch normalisation of x [N, C, ...] per channel, PyTorch's {@code batch_norm}, as one fused kernel
 * each way ({@link NormMath}): {@code y = (x − mean) / √(var + eps) · weight + bias}. With batch
 * statistics the gradient at x includes the mean's and the variance's own dependence on x. With
 * {@code relu} a ReLU follows in the same kernels ({@code y = max(…, 0)}; the backward recomputes the mask
 * from x, so neither the normalised values nor the masked gradient is ever stored). The fused op then saves
 * the bias too (the mask needs it): changing it in place before the backward is refused, where the two
 * separate ops allowed it.
 */
public final class BatchNormOp extends Node implements FreshGradients {
    private final boolean batchStats;
    private final double eps;
    private final boolean affine;
    private final boolean relu;

    private BatchNormOp(Tensor x, Tensor weight, Tensor bias, boolean batchStats, double eps, boolean relu) {
        super(relu ? "batch_norm_relu" : "batch_norm", weight == null ? new Tensor[] {x} : new Tensor[] {x, weight, bias});
        this.batchStats = batchStats;
        this.eps = eps;
        this.affine = weight != null;
        this.relu = relu;
    }

    /**
     * {@code {y, mean, var}}: mean and var are the batch's (biased variance) with {@code batchStats}, else
     * {@code runningMean} and {@code runningVar}, which are then used. {@code weight} and {@code bias} are
     * both given or both null. mean and var carry no gradient. With {@code relu}, y is
     * {@code max(normalised, 0)}.
     */
    public static Tensor[] apply(Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar,
                                 boolean batchStats, double eps, boolean relu) {
        if ((weight == null) != (bias == null)) {
            throw new IllegalArgumentException("batch_norm: weight and bias come together (both or neither)");
        }
        Tensor[] outs = NormMath.batchNorm(x, weight, bias, runningMean, runningVar, batchStats, eps, relu);
        boolean record = weight == null ? recording(x) : recording(x, weight, bias);
        if (record) {
            BatchNormOp node = new BatchNormOp(x, weight, bias, batchStats, eps, relu);
            // the bias only when the backward reads it (the ReLU's mask), so that without it a bias changed
            // in place between forward and backward is no error, as in PyTorch
            node.save(weight == null ? new Tensor[] {x, outs[1], outs[2]}
                    : relu ? new Tensor[] {x, outs[1], outs[2], weight, bias} : new Tensor[] {x, outs[1], outs[2], weight});
            outs[0] = node.record(outs[0]);
        }
        return outs;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor x = saved(0), weight = affine ? saved(3) : null, bias = affine && relu ? saved(4) : null;
        boolean[] want = {needs(0), affine && needs(1), affine && needs(2)};
        Tensor[] d = NormMath.batchNormBackward(g, x, weight, bias, saved(1), saved(2), batchStats, eps, relu, want);
        if (!affine) {
            return new Tensor[] {d[0]};
        }
        Tensor[] inputs = inputs().toArray(Tensor[]::new);
        for (int i = 1; i < 3; i++) {
            if (d[i] != null) {
                d[i] = ElementwiseMath.cast(d[i], inputs[i].dtype());
            }
        }
        return d;
    }
}
