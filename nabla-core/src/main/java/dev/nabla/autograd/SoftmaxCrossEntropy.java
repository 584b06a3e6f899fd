package dev.nabla.autograd;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.FusedMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Cross-entropy of logits {@code z [N, C]} against class indices {@code y [N]} as one op, summed or
 * averaged over the batch into a scalar: {@code loss_i = logsumexp(z_i) - z_i[y_i]}, the same value
 * as {@code -gather(logSoftmax(z), y)} without the [N, C] log-probabilities.
 *
 * <p>Forward: one pass per row (its max, the sum of {@code exp(z - max)}, a log), in float64 whatever
 * the logits' dtype, so large logits (±1000) neither overflow nor lose the small terms; rows are
 * summed in row order. Backward: {@code (softmax(z) - onehot(y))·g/N} (g, not g/N, for a sum) in one
 * pass, the softmax recomputed from the saved per-row logsumexp. Both passes are the device's
 * ({@link FusedMath}); the labels and the per-row logsumexp stay on the host.
 */
public final class SoftmaxCrossEntropy extends Node implements FreshGradients {
    private final int[] labels;
    private final double[] lse;
    private final double divisor;

    private SoftmaxCrossEntropy(Tensor logits, int[] labels, double[] lse, double divisor) {
        super("softmaxCrossEntropy", logits);
        this.labels = labels;
        this.lse = lse;
        this.divisor = divisor;
    }

    /**
     * The batch's cross-entropy: {@code logits} float32/float64 [N, C], {@code labels} int32 [N] with
     * each label in [0, C); the mean over the N rows if {@code mean}, else their sum.
     */
    public static Tensor apply(Tensor logits, Tensor labels, boolean mean) {
        int[] y = checkedLabels(logits, labels);
        int n = logits.dim(0);
        double[] lse = new double[n];
        double[] rowLoss = new double[n];
        FusedMath.crossEntropyRows(logits, y, lse, rowLoss);
        double total = 0;
        for (double l : rowLoss) {
            total += l;
        }
        double divisor = mean ? n : 1;
        Tensor out = Tensor.scalar(logits.dtype(), total / divisor).to(logits.device());
        if (!recording(logits)) {
            return out;
        }
        SoftmaxCrossEntropy node = new SoftmaxCrossEntropy(logits, y, lse, divisor);
        node.save(logits);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // d loss / d z_ij = (softmax(z_i)_j - [j == y_i]) · g / divisor, softmax_j = exp(z_ij - lse_i)
        Tensor logits = saved(0);
        double gs = g.item() / divisor;
        return new Tensor[] {FusedMath.crossEntropyGrad(logits, labels, lse, gs)};
    }

    /** A copy of the labels, after checking dtypes, shapes and ranges; errors name the op and shapes. */
    private static int[] checkedLabels(Tensor logits, Tensor labels) {
        if (!logits.dtype().isFloating() || logits.rank() != 2) {
            throw new IllegalArgumentException("softmaxCrossEntropy: logits must be float32 or float64 [N, C], got "
                    + logits.dtype() + " " + logits.shape());
        }
        if (labels.dtype() != DType.INT32 || !labels.shape().equals(Shape.of(logits.dim(0)))) {
            throw new IllegalArgumentException("softmaxCrossEntropy: labels must be int32 [" + logits.dim(0)
                    + "] for logits " + logits.shape() + ", got " + labels.dtype() + " " + labels.shape());
        }
        int[] y = labels.toIntArray();
        int c = logits.dim(1);
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= c) {
                throw new IllegalArgumentException("softmaxCrossEntropy: label " + y[i] + " at index " + i
                        + " is out of range for " + c + " classes (valid: 0 to " + (c - 1) + ")");
            }
        }
        return y;
    }
}
