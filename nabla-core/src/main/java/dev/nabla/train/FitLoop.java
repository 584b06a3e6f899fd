package dev.nabla.train;

import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.nn.Module;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.StepArena;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.DivergenceGuard.Divergence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fit in progress: its position (epoch, batches done), the running sums of the current epoch, and
 * what it takes to checkpoint that position and come back to it bit for bit. Also the divergence guard:
 * a non-finite loss or gradient stops the update before the optimizer touches the weights.
 */
final class FitLoop {
    private static final int MAX_ROLLBACKS = 3;

    private final Objective objective;
    private final Module model;
    private final Optimizer optimizer;
    private final FitOptions options;
    private final DataLoader loader;
    private final Tensor valX;
    private final Tensor valY;
    private final CheckpointDir dir;
    private final Map<String, Generator> modelRngs;
    private final DivergenceGuard guard;
    private final StepMemory memory;
    private History history;
    private TrainingContext context;
    private int epoch;
    private int batch;
    private long[] epochStartRng;
    private double epochStartLr;
    private EpochSums sums;
    private long lastSaveNanos = System.nanoTime();
    private Checkpoint lastGood;
    private int rollbacks;

    FitLoop(Objective objective, Optimizer optimizer, FitOptions options, DataLoader loader, Tensor valX, Tensor valY) {
        this.objective = objective;
        this.model = objective.model();
        this.optimizer = optimizer;
        this.options = options;
        this.loader = loader;
        this.valX = valX;
        this.valY = valY;
        CheckpointOptions c = options.checkpoints();
        this.dir = c == null ? null : new CheckpointDir(c.dir(), c.keep());
        this.modelRngs = generators(this.model);
        this.guard = new DivergenceGuard(this.model);
        this.memory = new StepMemory(options.reuseStepMemory(), this.model, optimizer);
    }

    History run() {
        Checkpoint resumeFrom = options.resume() && dir != null ? latest() : null;
        history = resumeFrom == null ? new History() : History.of(resumeFrom.history(), resumeFrom.historyEpochs());
        context = new TrainingContext(model, optimizer, history);
        List<Callback> callbacks = options.callbacks();
        model.train();
        callbacks.forEach(c -> c.onTrainBegin(context));
        if (resumeFrom != null) {
            restore(resumeFrom);
        } else {
            epochStartRng = loader.generatorState();
        }
        try {
            while (epoch < options.epochs() && !context.stopRequested()) {
                runEpoch();
            }
        } finally {
            callbacks.forEach(c -> c.onTrainEnd(context));
        }
        return history;
    }

    private void runEpoch() {
        if (batch == 0) {
            epochStartRng = loader.generatorState();
            epochStartLr = optimizer.learningRate();
            sums = new EpochSums(options.metrics());
            int e = epoch;
            options.callbacks().forEach(c -> c.onEpochBegin(context, e));
            if (options.rollbackFactor() > 0) {
                lastGood = snapshot();
            }
        } else {
            loader.restoreGeneratorState(epochStartRng);
        }
        for (Iterator<Batch> it = loader.iterator(batch); it.hasNext(); ) {
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
            batch++;
            if (dueMidEpoch() && it.hasNext()) {
                save();
            }
        }
        endEpoch(false);
    }

    /**
     * One update from the next batch. The batch, the forward and backward run inside the fit's
     * {@link StepArena} scope (with {@code reuseStepMemory}), which hands their arrays to the next step
     * and keeps the gradients; the divergence guard, the update and the callbacks run after it.
     */
    private StepOutcome step(Iterator<Batch> batches) {
        optimizer.zeroGrad();
        double value;
        int size;
        Divergence problem;
        try (StepArena.Scope ignored = memory.open()) {
            Batch b = batches.next();
            size = b.size();
            Tensor prediction = model.forward(b.features());
            Tensor l = objective.compute(prediction, b.targets());
            value = l.item();
            problem = guard.checkLoss(value);
            if (problem == null) {
                l.backward();
                memory.keepGradients();
                problem = guard.checkGradients();
            }
            if (problem == null) {
                sums.add(value, size, prediction.detach(), b.targets());
            }
        }
        if (problem != null) {
            return diverged(problem);
        }
        optimizer.step();
        int index = batch;
        Map<String, Double> logs = Map.of("loss", value, "size", (double) size);
        options.callbacks().forEach(c -> c.onBatchEnd(context, index, logs));
        return StepOutcome.UPDATED;
    }

    private void endEpoch(boolean partial) {
        Map<String, Double> logs = sums.logs();
        if (valX != null) {
            objective.evaluate(valX, valY, options.batchSize(), options.metrics()).forEach((k, v) -> logs.put("val_" + k, v));
        }
        logs.put("lr", epochStartLr);
        history.record(logs);
        int e = epoch;
        options.callbacks().forEach(c -> c.onEpochEnd(context, e, logs));
        epoch++;
        batch = 0;
        CheckpointOptions c = options.checkpoints();
        if (c != null && !partial && (context.stopRequested() || epoch == options.epochs()
                || c.everyEpochs() > 0 && epoch % c.everyEpochs() == 0 || timeDue())) {
            epochStartRng = loader.generatorState();
            save();
        }
    }

    private boolean dueMidEpoch() {
        CheckpointOptions c = options.checkpoints();
        if (c == null) {
            return false;
        }
        long step = optimizer.stepCount();
        return c.everyBatches() > 0 && step % c.everyBatches() == 0 || timeDue();
    }

    private boolean timeDue() {
        CheckpointOptions c = options.checkpoints();
        return c != null && c.every() != null && !c.every().isZero()
                && System.nanoTime() - lastSaveNanos >= c.every().toNanos();
    }

    /** Rolls back if allowed (answering ROLLED_BACK), else throws the divergence; the optimizer has not stepped. */
    private StepOutcome diverged(Divergence problem) {
        optimizer.zeroGrad();
        if (options.rollbackFactor() > 0 && rollbacks < MAX_ROLLBACKS && lastGood != null) {
            rollbacks++;
            restore(lastGood);
            optimizer.setLearningRate(optimizer.learningRate() * options.rollbackFactor());
            return StepOutcome.ROLLED_BACK;
        }
        throw problem.at(epoch, batch);
    }

    /** How a step ended: the weights were updated, or the fit went back to its last good state. */
    private enum StepOutcome { UPDATED, ROLLED_BACK }

    private Checkpoint snapshot() {
        Map<String, long[]> rngs = new LinkedHashMap<>();
        modelRngs.forEach((k, g) -> rngs.put(k, g.state()));
        List<CallbackState> cbs = new ArrayList<>();
        options.callbacks().forEach(c -> cbs.add(c.state()));
        double[] s = sums == null ? new double[0] : sums.toArray();
        double[] running = java.util.Arrays.copyOf(s, s.length + 1);
        running[s.length] = epochStartLr;
        return new Checkpoint(epoch, batch, epochStartRng, rngs, model.stateDict(), optimizer.stateDict(), cbs,
                history.asMap(), history.epochs(), running);
    }

    private void save() {
        lastSaveNanos = System.nanoTime();
        Checkpoint c = snapshot();
        if (options.rollbackFactor() > 0) {
            lastGood = c;
        }
        if (dir != null) {
            try {
                dir.save(c);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write a checkpoint to " + options.checkpoints().dir()
                        + ": " + e.getMessage(), e);
            }
        }
    }

    private void restore(Checkpoint c) {
        model.loadStateDict(c.model());
        optimizer.loadStateDict(c.optimizer());
        c.modelRngs().forEach((k, state) -> {
            Generator g = modelRngs.get(k);
            if (g == null) {
                throw new IllegalArgumentException("checkpoint: the model has no random generator at '" + k + "'");
            }
            g.setState(state);
        });
        // Callbacks are matched by position; stateless ones (a stop trigger, a progress bar) may differ.
        List<Callback> callbacks = options.callbacks();
        for (int i = 0; i < c.callbacks().size(); i++) {
            CallbackState state = c.callbacks().get(i);
            if (state == null) {
                continue;
            }
            if (i >= callbacks.size()) {
                throw new IllegalArgumentException("checkpoint: it has state for callback " + i + ", the fit has only "
                        + callbacks.size() + " callbacks (give the same callbacks, in the same order, to resume)");
            }
            callbacks.get(i).restore(state);
        }
        history.reset(c.history(), c.historyEpochs());
        epoch = c.epoch();
        batch = c.batch();
        epochStartRng = c.orderRng();
        loader.restoreGeneratorState(epochStartRng);
        double[] r = c.running();
        epochStartLr = r.length > 0 ? r[r.length - 1] : optimizer.learningRate();
        sums = batch == 0 ? null : EpochSums.fromArray(options.metrics(), java.util.Arrays.copyOf(r, r.length - 1));
    }

    private Checkpoint latest() {
        try {
            return dir.latest(w -> System.err.println("nabla: " + w));
        } catch (IOException e) {
            throw new UncheckedIOException("could not list checkpoints in " + options.checkpoints().dir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every random generator the model draws from during training (each {@code Stochastic} module's), by
     * module path; the model itself is "." in checkpoints.
     */
    private static Map<String, Generator> generators(Module m) {
        Map<String, Generator> out = new LinkedHashMap<>();
        m.namedGenerators().forEach((path, g) -> out.put(path.isEmpty() ? "." : path, g));
        return out;
    }
}
