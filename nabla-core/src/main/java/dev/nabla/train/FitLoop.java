package dev.nabla.train;

import dev.nabla.data.Augmenter;
import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.nn.Module;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.StepArena;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.DivergenceGuard.Divergence;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The walk of one fit behind {@link Trainer#fit}: epochs, batches, one update per batch, callbacks at
 * each boundary; it moves the {@link FitPosition} forward. Everything else is asked of a helper: the
 * {@link Objective} (loss plus penalties, validation), {@link StepMemory} (each step's arrays),
 * {@link DivergenceGuard} (no NaN/Inf reaches the weights), {@link Checkpointer} (when to save, resume,
 * snapshot and restore) and {@link Rollback} (the last good state to go back to).
 */
final class FitLoop {
    private final Objective objective;
    private final Module model;
    private final Optimizer optimizer;
    private final FitOptions options;
    private final List<Callback> callbacks;
    private final DataLoader loader;
    private final Tensor valX;
    private final Tensor valY;
    private final DivergenceGuard guard;
    private final StepMemory memory;
    private final Checkpointer checkpointer;
    private final Rollback rollback;
    /** Null without augmentation. */
    private final Augmenter augmenter;
    private FitPosition position;
    private TrainingContext context;

    FitLoop(Objective objective, Optimizer optimizer, FitOptions options, DataLoader loader, Tensor valX, Tensor valY) {
        this.objective = objective;
        this.model = objective.model();
        this.optimizer = optimizer;
        this.options = options;
        this.callbacks = options.callbacks();
        this.loader = loader;
        this.valX = valX;
        this.valY = valY;
        this.guard = new DivergenceGuard(model, options.rollbackFactor() > 0);
        this.memory = new StepMemory(options.reuseStepMemory());
        this.checkpointer = new Checkpointer(model, optimizer, loader, options);
        this.rollback = new Rollback(checkpointer, optimizer, options.rollbackFactor());
        this.augmenter = options.augmentations().isEmpty() ? null : new Augmenter(options.augmentations(), options.seed());
    }

    History run() {
        Checkpoint from = checkpointer.resumePoint();
        position = new FitPosition(from == null ? new History() : History.of(from.history(), from.historyEpochs()));
        context = new TrainingContext(model, optimizer, position.history);
        model.train();
        callbacks.forEach(c -> c.onTrainBegin(context)); // it resets their state: restore after it, not before
        if (from != null) {
            checkpointer.restore(from, position);
            rollback.rememberResumed(from);
        }
        try {
            while (position.epoch < options.epochs() && !context.stopRequested()) {
                runEpoch();
            }
        } finally {
            callbacks.forEach(c -> c.onTrainEnd(context));
        }
        return position.history;
    }

    private void runEpoch() {
        if (position.batch == 0) {
            beginEpoch();
        } else {
            loader.restoreGeneratorState(position.epochStartRng); // resumed mid-epoch: redraw the same order
        }
        for (Iterator<Batch> it = loader.iterator(position.batch); it.hasNext(); ) {
            if (context.stopRequested()) {
                // Stopped mid-epoch (Ctrl-C): checkpoint the exact position first, then close the partial
                // epoch for the caller (logged as Keras does) without a checkpoint claiming it complete.
                save();
                endEpoch(true);
                return;
            }
            if (step(it) == StepOutcome.ROLLED_BACK) {
                return; // the state is the last good one, with a lower learning rate: run() goes on from there
            }
            position.batch++;
            if (checkpointer.dueMidEpoch() && it.hasNext()) {
                save();
            }
        }
        endEpoch(false);
    }

    /**
     * One update from the next batch. The batch, the forward and backward run inside the step's memory
     * scope, which hands their arrays to the next step and keeps the gradients; the divergence guard's
     * verdict, the update and the callbacks come after it.
     */
    private StepOutcome step(Iterator<Batch> batches) {
        int index = position.batch;
        callbacks.forEach(c -> c.onBatchBegin(context, index));
        optimizer.zeroGrad();
        double loss;
        int size;
        Divergence problem;
        try (StepArena.Scope ignored = memory.open()) {
            Batch b = batches.next();
            size = b.size();
            // a function of (seed, epoch, sample): a resumed or rolled-back epoch redraws the same images
            Tensor x = augmenter == null ? b.features() : augmenter.apply(b.features(), position.epoch, b.indices());
            guard.beforeForward();
            Tensor prediction = model.forward(x);
            Tensor l = objective.compute(prediction, b.targets());
            loss = l.item();
            problem = guard.checkLoss(loss, x);
            if (problem == null) {
                problem = guard.checkGrowth(loss, position);
            }
            if (problem == null) {
                l.backward();
                problem = guard.checkGradients();
            }
            if (problem == null) {
                position.sums.add(loss, size, prediction.detach(), b.targets());
            }
        }
        if (problem != null) {
            return diverged(problem);
        }
        rollback.stepPassed();
        optimizer.step();
        Map<String, Double> logs = Map.of("loss", loss, "size", (double) size);
        callbacks.forEach(c -> c.onBatchEnd(context, index, logs));
        return StepOutcome.UPDATED;
    }

    private void beginEpoch() {
        position.epochStartRng = loader.generatorState();
        position.epochStartLr = optimizer.learningRate();
        position.sums = new EpochSums(options.metrics());
        int e = position.epoch;
        callbacks.forEach(c -> c.onEpochBegin(context, e));
        rollback.rememberEpochStart(position);
    }

    private void endEpoch(boolean partial) {
        Map<String, Double> logs = position.sums.logs();
        if (valX != null) {
            callbacks.forEach(c -> c.onValidationBegin(context));
            try {
                objective.evaluate(valX, valY, options.batchSize(), options.metrics(), options.testTime())
                        .forEach((k, v) -> logs.put("val_" + k, v));
            } finally {
                callbacks.forEach(c -> c.onValidationEnd(context));
            }
        }
        logs.put("lr", position.epochStartLr);
        position.history.record(logs);
        int e = position.epoch;
        callbacks.forEach(c -> c.onEpochEnd(context, e, logs));
        position.epoch++;
        position.batch = 0;
        if (!partial && checkpointer.dueAtEpochEnd(position.epoch, options.epochs(), context.stopRequested())) {
            position.epochStartRng = loader.generatorState(); // the checkpoint is of the next epoch's start
            save();
        }
    }

    /** Saves a checkpoint; not a rollback target, so that when saves happen cannot change a fit. */
    private void save() {
        checkpointer.save(position);
    }

    /** Rolls back if allowed, else throws the divergence; either way the optimizer has not stepped. */
    private StepOutcome diverged(Divergence problem) {
        optimizer.zeroGrad();
        String refusal = rollback.refusal();
        if (refusal == null && rollback.rollBack(position, problem.what())) {
            return StepOutcome.ROLLED_BACK;
        }
        throw problem.at(position.epoch, position.batch, refusal);
    }

    /** How a step ended: the weights were updated, or the fit went back to its last good state. */
    private enum StepOutcome { UPDATED, ROLLED_BACK }
}
