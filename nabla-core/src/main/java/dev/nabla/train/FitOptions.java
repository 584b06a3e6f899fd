package dev.nabla.train;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * How to fit: epochs, batch size, shuffling and its seed, validation (a split of the training data or
 * explicit data), metrics, callbacks and penalties. The defaults live here and only here.
 *
 * <p>Full-batch, stochastic and mini-batch gradient descent are the same loop with batch sizes N, 1
 * and in between. A {@code validationSplit} of 0.2 holds out the last 20% of the samples (floor of the
 * training share, as Keras and {@code Splits.holdOutLast}; before any
 * shuffling, as Keras does): they are never trained on.
 */
public record FitOptions(int epochs, int batchSize, boolean shuffle, long seed, double validationSplit,
                         Tensor validationX, Tensor validationY, List<Metric> metrics, List<Callback> callbacks,
                         List<Penalty> penalties) {

    public FitOptions {
        if (epochs <= 0) {
            throw new IllegalArgumentException("fit: epochs must be > 0, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("fit: batch size must be > 0, got " + batchSize);
        }
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new IllegalArgumentException("fit: validationSplit must be in [0, 1), got " + validationSplit);
        }
        if ((validationX == null) != (validationY == null)) {
            throw new IllegalArgumentException("fit: validation data needs both inputs and targets");
        }
        if (validationX != null && validationSplit > 0) {
            throw new IllegalArgumentException("fit: give validation data or a validationSplit, not both");
        }
        metrics = List.copyOf(metrics);
        callbacks = List.copyOf(callbacks);
        penalties = List.copyOf(penalties);
    }

    /** 1 epoch of mini-batches of 32, shuffled with seed 0, no validation, no metrics. */
    public static FitOptions defaults() {
        return new FitOptions(1, 32, true, 0, 0, null, null, List.of(), List.of(), List.of());
    }

    public FitOptions epochs(int n) { return new FitOptions(n, batchSize, shuffle, seed, validationSplit, validationX, validationY, metrics, callbacks, penalties); }
    public FitOptions batchSize(int n) { return new FitOptions(epochs, n, shuffle, seed, validationSplit, validationX, validationY, metrics, callbacks, penalties); }
    public FitOptions shuffle(boolean s) { return new FitOptions(epochs, batchSize, s, seed, validationSplit, validationX, validationY, metrics, callbacks, penalties); }
    public FitOptions seed(long s) { return new FitOptions(epochs, batchSize, shuffle, s, validationSplit, validationX, validationY, metrics, callbacks, penalties); }
    public FitOptions validationSplit(double f) { return new FitOptions(epochs, batchSize, shuffle, seed, f, validationX, validationY, metrics, callbacks, penalties); }
    public FitOptions validationData(Tensor x, Tensor y) { return new FitOptions(epochs, batchSize, shuffle, seed, validationSplit, x, y, metrics, callbacks, penalties); }
    public FitOptions metrics(Metric... m) { return new FitOptions(epochs, batchSize, shuffle, seed, validationSplit, validationX, validationY, List.of(m), callbacks, penalties); }
    public FitOptions callbacks(Callback... c) { return new FitOptions(epochs, batchSize, shuffle, seed, validationSplit, validationX, validationY, metrics, List.of(c), penalties); }
    public FitOptions penalties(Penalty... p) { return new FitOptions(epochs, batchSize, shuffle, seed, validationSplit, validationX, validationY, metrics, callbacks, List.of(p)); }
}
