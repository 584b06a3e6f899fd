package dev.nabla.train;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * A quantity reported per epoch besides the loss. Each batch contributes a sum and a count, so the
 * epoch value is exact over all samples (not a mean of batch means when the last batch is short).
 */
public sealed interface Metric {

    /** The key in logs and History ({@code accuracy}; {@code val_accuracy} on validation data). */
    String name();

    /** {sum, count} of this batch. Called with recording off. */
    double[] batch(Tensor prediction, Tensor target);

    /** Categorical accuracy: argmax of [N, C] scores against int32 labels [N] (or [N, 1]) or one-hot [N, C]. */
    static Metric accuracy() { return new Accuracy(); }
    /** Binary accuracy: probabilities [N] or [N, 1] above {@code 0.5} against 0/1 targets. */
    static Metric binaryAccuracy() { return new BinaryAccuracy(0.5); }
    static Metric mae() { return new MeanAbsoluteError(); }
    static Metric mse() { return new MeanSquaredError(); }

    /** The metric with this name, or an error listing the names that exist. */
    static Metric named(String name) {
        for (Metric m : List.of(accuracy(), binaryAccuracy(), mae(), mse())) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + name + "'; known: accuracy, binary_accuracy, mae, mse");
    }

    record Accuracy() implements Metric {
        public String name() { return "accuracy"; }

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
        public String name() { return "binary_accuracy"; }

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
        public String name() { return "mae"; }

        public double[] batch(Tensor prediction, Tensor target) {
            requireSameSize("mae", prediction, target);
            return new double[] {prediction.to(DType.FLOAT64).sub(target.to(DType.FLOAT64).reshape(prediction.shape().dims()))
                    .abs().sum().item(), prediction.size()};
        }
    }

    record MeanSquaredError() implements Metric {
        public String name() { return "mse"; }

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
