package dev.nabla.train;

import dev.nabla.autograd.NoGrad;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Module;
import dev.nabla.tensor.StepArena;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * What a fit minimises and evaluation reports: the loss of the model's prediction plus each penalty on
 * its weights (penalties count in {@code loss} and {@code val_loss} alike, as Keras adds its
 * regularisation losses). {@link Trainer#evaluate} and the fit loop both go through here, so the two
 * cannot drift apart.
 */
final class Objective {
    private final Module model;
    private final Loss loss;
    private final List<Penalty> penalties;

    Objective(Module model, Loss loss, List<Penalty> penalties) {
        this.model = model;
        this.loss = loss;
        this.penalties = penalties;
    }

    Module model() {
        return model;
    }

    /** The loss of {@code prediction} against {@code target} plus the penalties, recorded for backward. */
    Tensor compute(Tensor prediction, Tensor target) {
        Tensor l = loss.compute(prediction, target);
        Tensor total = l;
        for (Penalty p : penalties) {
            Tensor term = p.compute(model);
            if (term != null) {
                total = total.add(term.to(l.dtype()));
            }
        }
        return total;
    }

    /**
     * The sample-weighted mean objective and metrics over (x, y), batch by batch in eval mode, without
     * recording; keys without the val_ prefix. The model is back in training mode after if it was before.
     * With test-time augmentation the prediction is {@code tta}'s combination of the views' outputs.
     */
    Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize, List<Metric> metrics, TestTimeAugmentation tta) {
        boolean wasTraining = model.isTraining();
        model.eval();
        EpochSums acc = new EpochSums(metrics);
        // each batch's activations take the arrays of the batch before (nothing outlives a batch but
        // sums): fresh ones, 115 MB a batch for the batch-norm CNN, overflowed the young generation and
        // were copied into the old one, and evaluating its test set spent 12 s in the collector
        StepArena arena = new StepArena();
        try (NoGrad ignored = NoGrad.enter()) {
            for (int start = 0; start < x.dim(0); start += batchSize) {
                int end = Math.min(x.dim(0), start + batchSize);
                Tensor xb = x.slice(0, start, end), yb = y.slice(0, start, end);
                // the first batch runs without the arena: a layer that builds itself at its first forward
                // gets parameters of its own (as Predictor does)
                try (StepArena.Scope batch = start == 0 ? null : arena.open()) {
                    Tensor prediction = tta.apply(model::forward, xb);
                    acc.add(compute(prediction, yb).item(), end - start, prediction, yb);
                }
            }
        } finally {
            if (wasTraining) {
                model.train();
            }
        }
        return acc.logs();
    }
}
