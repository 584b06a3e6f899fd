package dev.nabla.train;

import dev.nabla.config.Check;
import dev.nabla.config.Registry;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

/**
 * A quantity reported per epoch besides the loss. Each batch contributes a sum and a count, so the
 * epoch value is exact over all samples (not a mean of batch means when the last batch is short).
 *
 * <p>Open: a metric of one's own implements {@link #batch} (and {@link #name}, its key in the logs) and is
 * passed to {@code FitOptions.metrics} like a built-in; registered in {@link #REGISTRY}, a spec can name it.
 */
public interface Metric {
    /** The metrics a spec can name ({@code "accuracy"}, or {@code {"name": "binary_accuracy", "threshold": 0.3}}). */
    Registry<Metric> REGISTRY = Metrics.builtIns();

    /**
     * The key in logs and History ({@code accuracy}; {@code val_accuracy} on validation data): by default its
     * registered name, else its class's simple name.
     */
    default String name() {
        String n = REGISTRY.nameOf(this);
        return n != null ? n : getClass().getSimpleName();
    }

    /** {sum, count} of this batch. Called with recording off. */
    double[] batch(Tensor prediction, Tensor target);

    /** Categorical accuracy: argmax of [N, C] scores against int32 labels [N] (or [N, 1]) or one-hot [N, C]. */
    static Metric accuracy() { return new Accuracy(); }
    /** Binary accuracy: probabilities [N] or [N, 1] above {@code 0.5} against 0/1 targets. */
    static BinaryAccuracy binaryAccuracy() { return new BinaryAccuracy(0.5); }
    static Metric mae() { return new MeanAbsoluteError(); }
    static Metric mse() { return new MeanSquaredError(); }

    /** The registered metric with this name (and its default settings), or an error listing the names that exist. */
    static Metric named(String name) {
        return REGISTRY.read(name, "metric");
    }

    record Accuracy() implements Metric {

        public double[] batch(Tensor prediction, Tensor target) {
            if (prediction.rank() != 2) {
                throw new IllegalArgumentException("accuracy: expected scores [N, C], got " + prediction.shape());
            }
            int n = prediction.dim(0);
            int[] predicted = prediction.argmax(1).toIntArray();
            int[] truth = target.dtype() == DType.INT32 ? target.toIntArray()
                    : target.shape().equals(prediction.shape()) ? target.argmax(1).toIntArray() : target.toIntArray();
            if (truth.length != n) {
                throw new IllegalArgumentException("accuracy: scores " + prediction.shape() + " but targets " + target.shape());
            }
            int correct = 0;
            for (int i = 0; i < n; i++) {
                correct += predicted[i] == truth[i] ? 1 : 0;
            }
            return new double[] {correct, n};
        }
    }

    record BinaryAccuracy(double threshold) implements Metric {
        public BinaryAccuracy {
            Check.finite("binary_accuracy", "threshold", threshold);
        }

        public double[] batch(Tensor prediction, Tensor target) {
            double[] p = prediction.toDoubleArray();
            double[] t = target.toDoubleArray();
            if (p.length != t.length) {
                throw new IllegalArgumentException("binary_accuracy: predictions " + prediction.shape()
                        + " but targets " + target.shape());
            }
            int correct = 0;
            for (int i = 0; i < p.length; i++) {
                correct += (p[i] > threshold) == (t[i] > 0.5) ? 1 : 0;
            }
            return new double[] {correct, p.length};
        }
    }

    record MeanAbsoluteError() implements Metric {

        public double[] batch(Tensor prediction, Tensor target) {
            requireSameSize("mae", prediction, target);
            return new double[] {prediction.to(DType.FLOAT64).sub(target.to(DType.FLOAT64).reshape(prediction.shape().dims()))
                    .abs().sum().item(), prediction.size()};
        }
    }

    record MeanSquaredError() implements Metric {

        public double[] batch(Tensor prediction, Tensor target) {
            requireSameSize("mse", prediction, target);
            return new double[] {prediction.to(DType.FLOAT64).sub(target.to(DType.FLOAT64).reshape(prediction.shape().dims()))
                    .pow(2).sum().item(), prediction.size()};
        }
    }

    private static void requireSameSize(String name, Tensor p, Tensor t) {
        if (p.size() != t.size()) {
            throw new IllegalArgumentException(name + ": predictions " + p.shape() + " but targets " + t.shape());
        }
    }
}
