package dev.nabla.train;

import dev.nabla.data.Augmentation;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.function.Consumer;

/**
 * How to fit: epochs, batch size, shuffling and its seed, validation (a split of the training data or
 * explicit data), metrics, callbacks, penalties, the training images' augmentation and the validation's test-time
 * augmentation. The defaults live here and only here.
 *
 * <p>Full-batch, stochastic and mini-batch gradient descent are the same loop with batch sizes N, 1
 * and in between. A {@code validationSplit} of 0.2 holds out the last 20% of the samples (floor of the
 * training share, as Keras and {@code Splits.holdOutLast}; before any
 * shuffling, as Keras does): they are never trained on.
 */
public record FitOptions(int epochs, int batchSize, boolean shuffle, long seed, double validationSplit,
                         Tensor validationX, Tensor validationY, List<Metric> metrics, List<Callback> callbacks,
                         List<Penalty> penalties, CheckpointOptions checkpoints, boolean resume, double rollbackFactor,
                         boolean reuseStepMemory, List<Augmentation> augmentations, TestTimeAugmentation testTime) {

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
        if (resume && checkpoints == null) {
            throw new IllegalArgumentException("fit: resume needs checkpoints (a directory to resume from)");
        }
        if (!(rollbackFactor >= 0 && rollbackFactor < 1)) {
            throw new IllegalArgumentException("fit: rollbackFactor must be in [0, 1) (0: stop on divergence), got " + rollbackFactor);
        }
        metrics = List.copyOf(metrics);
        callbacks = List.copyOf(callbacks);
        penalties = List.copyOf(penalties);
        augmentations = List.copyOf(augmentations);
        java.util.Objects.requireNonNull(testTime, "testTime (TestTimeAugmentation.NONE for none)");
    }

    /** 1 epoch of mini-batches of 32, shuffled with seed 0, no validation, no metrics, step memory reused. */
    public static FitOptions defaults() {
        return new FitOptions(1, 32, true, 0, 0, null, null, List.of(), List.of(), List.of(), null, false, 0, true, List.of(),
                TestTimeAugmentation.NONE);
    }

    public FitOptions epochs(int n) { return with(b -> b.epochs = n); }
    public FitOptions batchSize(int n) { return with(b -> b.batchSize = n); }
    public FitOptions shuffle(boolean s) { return with(b -> b.shuffle = s); }
    public FitOptions seed(long s) { return with(b -> b.seed = s); }
    public FitOptions validationSplit(double f) { return with(b -> b.validationSplit = f); }
    public FitOptions validationData(Tensor x, Tensor y) {
        return with(b -> {
            b.validationX = x;
            b.validationY = y;
        });
    }
    public FitOptions metrics(Metric... m) { return with(b -> b.metrics = List.of(m)); }
    public FitOptions callbacks(Callback... c) { return with(b -> b.callbacks = List.of(c)); }
    /** Writes checkpoints as {@code c} says (and on a stop request). */
    public FitOptions checkpoints(CheckpointOptions c) { return with(b -> b.checkpoints = c); }
    /**
     * Continues from the newest intact checkpoint in the checkpoint directory, of the same run; nothing to
     * resume, or another run's checkpoint, is a {@link ResumeRefusedException} unless the
     * {@link CheckpointOptions} allow it.
     */
    public FitOptions resume(boolean r) { return with(b -> b.resume = r); }
    /**
     * On divergence (a NaN or infinite loss or gradient, or a loss over 1000 times its first epoch's),
     * go back to the last good state (the start of an epoch, or where the fit resumed, from which a step
     * passed) and multiply the learning rate by {@code factor}, up to three times, instead of stopping;
     * {@link History#rollbacks()} says how many times it did.
     */
    public FitOptions rollbackOnDivergence(double factor) { return with(b -> b.rollbackFactor = factor); }
    public FitOptions penalties(Penalty... p) { return with(b -> b.penalties = List.of(p)); }
    /**
     * Whether the large arrays a training step allocates (the batch, activations, their gradients) are
     * handed back and reused by the next step ({@link dev.nabla.tensor.StepArena}; default true): a fresh
     * array is zeroed memory no cache holds, about twice the cost of reusing a warm one. A tensor made
     * during a step is then valid during that step only, and reading it later throws; a custom layer or
     * metric that keeps one must copy it, or the fit must run with {@code reuseStepMemory(false)}.
     */
    public FitOptions reuseStepMemory(boolean r) { return with(b -> b.reuseStepMemory = r); }
    /**
     * Augments each training batch's images, anew every epoch, in this order (none: the batches as they are).
     * The random draws are a function of the {@link #seed}, the epoch and the sample
     * ({@link dev.nabla.data.Augmenter}), so a resumed fit sees the images an uninterrupted one does.
     * Validation data is never augmented.
     */
    public FitOptions augment(Augmentation... steps) { return with(b -> b.augmentations = List.of(steps)); }
    /**
     * Scores the validation data each epoch with test-time augmentation ({@link TestTimeAugmentation}: the mean
     * class probability over each image and its fixed views), as the model will be used; default none. The
     * callbacks that watch a validation score (early stopping, ReduceLROnPlateau) then watch that one.
     */
    public FitOptions testTime(TestTimeAugmentation t) { return with(b -> b.testTime = t); }

    /** This record with the changes {@code change} makes; the compact constructor validates the result. */
    private FitOptions with(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /**
     * The fields, mutable, written out once so that each copy-with-change above names only what it
     * changes. Not a public builder: {@link #defaults()} and the copy methods are the API.
     */
    private static final class Builder {
        int epochs, batchSize;
        boolean shuffle, resume, reuseStepMemory;
        long seed;
        double validationSplit, rollbackFactor;
        Tensor validationX, validationY;
        List<Metric> metrics;
        List<Callback> callbacks;
        List<Penalty> penalties;
        CheckpointOptions checkpoints;
        List<Augmentation> augmentations;
        TestTimeAugmentation testTime;

        Builder(FitOptions o) {
            epochs = o.epochs;
            batchSize = o.batchSize;
            shuffle = o.shuffle;
            seed = o.seed;
            validationSplit = o.validationSplit;
            validationX = o.validationX;
            validationY = o.validationY;
            metrics = o.metrics;
            callbacks = o.callbacks;
            penalties = o.penalties;
            checkpoints = o.checkpoints;
            resume = o.resume;
            rollbackFactor = o.rollbackFactor;
            reuseStepMemory = o.reuseStepMemory;
            augmentations = o.augmentations;
            testTime = o.testTime;
        }

        FitOptions build() {
            return new FitOptions(epochs, batchSize, shuffle, seed, validationSplit, validationX, validationY, metrics,
                    callbacks, penalties, checkpoints, resume, rollbackFactor, reuseStepMemory, augmentations,
                    testTime);
        }
    }
}
