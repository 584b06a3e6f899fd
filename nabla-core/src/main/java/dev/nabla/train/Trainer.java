package dev.nabla.train;

import dev.nabla.autograd.NoGrad;
import dev.nabla.data.DataLoader;
import dev.nabla.data.Dataset;
import dev.nabla.data.Splits;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Module;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The fit loop, Keras-style: {@code new Trainer(model, loss, optimizer).fit(x, y, options)} returns the
 * {@link History}. Each update is: zero the gradients, forward a batch, loss (plus penalties), backward,
 * optimizer step. Logged per epoch: {@code loss} (mean over samples, penalties included as in Keras),
 * each metric, {@code val_loss} and {@code val_<metric>} when there is validation data, and {@code lr}.
 *
 * <p>The same loop written out by hand:
 * <pre>{@code
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     for (int[] batch : batches) {
 *         optimizer.zeroGrad();
 *         Tensor loss = lossFn.compute(model.forward(x.indexSelect(0, batch)), y.indexSelect(0, batch));
 *         loss.backward();
 *         optimizer.step();
 *     }
 * }
 * }</pre>
 */
public final class Trainer {
    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;

    public Trainer(Module model, Loss loss, Optimizer optimizer) {
        this.model = java.util.Objects.requireNonNull(model, "model");
        this.loss = java.util.Objects.requireNonNull(loss, "loss");
        this.optimizer = java.util.Objects.requireNonNull(optimizer, "optimizer");
    }

    /** Trains on a data set; returns the per-epoch history. */
    public History fit(Dataset data, FitOptions options) {
        return fit(data.features(), data.targets(), options);
    }

    /** Trains on (x, y), samples along axis 0; returns the per-epoch history. */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        requireSameCount(x, y, "training");
        Dataset train = Dataset.of(x, y);
        Tensor valX = options.validationX(), valY = options.validationY();
        if (options.validationSplit() > 0) {
            Splits.Split split = Splits.holdOutLast(train, options.validationSplit());
            train = split.train();
            valX = split.test().features();
            valY = split.test().targets();
        }
        if (valX != null) {
            requireSameCount(valX, valY, "validation");
        }
        DataLoader loader = new DataLoader(train, options.batchSize(), options.shuffle(), options.seed(), false);
        // the checkpoint folder is held, and checked, for the whole fit and before its first update
        try (CheckpointFolder ignored = CheckpointFolder.open(options, model)) {
            return new FitLoop(new Objective(model, loss, options.penalties()), optimizer, options, loader, valX, valY).run();
        }
    }

    /** Loss and metrics over (x, y) in eval mode, without recording; keys without the val_ prefix. */
    public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize, List<Metric> metrics, List<Penalty> penalties) {
        return evaluate(x, y, batchSize, metrics, penalties, TestTimeAugmentation.NONE);
    }

    /** As above, each batch predicted with test-time augmentation {@code tta} (the mean probability over its views). */
    public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize, List<Metric> metrics, List<Penalty> penalties,
                                        TestTimeAugmentation tta) {
        requireSameCount(x, y, "evaluation");
        return new Objective(model, loss, penalties).evaluate(x, y, batchSize, metrics, tta);
    }

    /** The model's outputs for x in eval mode, batch by batch, concatenated. */
    public Tensor predict(Tensor x, int batchSize) {
        return predict(x, batchSize, TestTimeAugmentation.NONE);
    }

    /** As above, each batch predicted with test-time augmentation {@code tta} (the log of the mean probability over its views). */
    public Tensor predict(Tensor x, int batchSize, TestTimeAugmentation tta) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor[] parts = new Tensor[(x.dim(0) + batchSize - 1) / batchSize];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = tta.apply(model::forward, x.slice(0, i * batchSize, Math.min(x.dim(0), (i + 1) * batchSize)));
            }
            return Tensor.concat(0, parts);
        } finally {
            if (wasTraining) {
                model.train();
            }
        }
    }

    private static void requireSameCount(Tensor x, Tensor y, String what) {
        if (x.rank() == 0 || y.rank() == 0 || x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException("fit: " + what + " inputs " + x.shape() + " and targets " + y.shape()
                    + " must have the same number of samples along axis 0");
        }
        if (x.dim(0) == 0) {
            throw new IllegalArgumentException("fit: no " + what + " samples");
        }
    }
}
