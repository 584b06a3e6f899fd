package dev.nabla.train;

import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.ReduceMath;
import dev.nabla.tensor.StepArena;
import dev.nabla.tensor.Tensor;
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
final class FitRun {
    private static final int MAX_ROLLBACKS = 3;

    private final Trainer trainer;
    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final FitOptions options;
    private final DataLoader loader;
    private final Tensor valX;
    private final Tensor valY;
    private final CheckpointDir dir;
    private final Map<String, Generator> modelRngs;
    /** Hands each step's arrays to the next (null without reuseStepMemory). */
    private final StepArena arena;
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

    FitRun(Trainer trainer, Module model, Loss loss, Optimizer optimizer, FitOptions options, DataLoader loader,
           Tensor valX, Tensor valY) {
        this.trainer = trainer;
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.options = options;
        this.loader = loader;
        this.valX = valX;
        this.valY = valY;
        CheckpointOptions c = options.checkpoints();
        this.dir = c == null ? null : new CheckpointDir(c.dir(), c.keep());
        this.modelRngs = generators(model);
        this.arena = options.reuseStepMemory() ? new StepArena() : null;
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
                try {
                    runEpoch();
                } catch (RolledBack r) {
                    // state is back at the last good checkpoint, with a lower learning rate: go on from there
                }
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
            step(it);
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
    private void step(Iterator<Batch> batches) {
        optimizer.zeroGrad();
        double value;
        int size;
        String problem = null, parameter = null;
        try (StepArena.Scope ignored = arena == null ? null : arena.open()) {
            Batch b = batches.next();
            size = b.size();
            Tensor prediction = model.forward(b.features());
            Tensor l = trainer.withPenalties(loss.compute(prediction, b.targets()), options.penalties());
            value = l.item();
            if (!Double.isFinite(value)) {
                problem = "the loss is " + value;
            } else {
                l.backward();
                keepGradients();
                parameter = firstNonFiniteGradient();
                if (parameter != null) {
                    problem = "the gradient of '" + parameter + "' is not finite (the first such parameter in model order)";
                } else {
                    sums.add(value, size, prediction.detach(), b.targets());
                }
            }
        }
        if (problem != null) {
            diverged(parameter, problem);
        }
        optimizer.step();
        int index = batch;
        Map<String, Double> logs = Map.of("loss", value, "size", (double) size);
        options.callbacks().forEach(c -> c.onBatchEnd(context, index, logs));
    }

    /** The gradients outlive the step: the optimizer reads them, and zeroGrad() keeps their storage. */
    private void keepGradients() {
        if (arena == null) {
            return;
        }
        for (Parameter p : model.parameters()) {
            arena.keep(p.grad());
        }
        for (Parameter p : optimizer.parameters()) {
            arena.keep(p.grad());
        }
    }

    private void endEpoch(boolean partial) {
        Map<String, Double> logs = sums.logs();
        if (valX != null) {
            trainer.evaluate(valX, valY, options.batchSize(), options.metrics(), options.penalties())
                    .forEach((k, v) -> logs.put("val_" + k, v));
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

    private String firstNonFiniteGradient() {
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            if (g != null && !finite(g)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** One pass over the gradient on its device (a read of every gradient each step). */
    private static boolean finite(Tensor g) {
        return ReduceMath.allFinite(g);
    }

    private void diverged(String parameter, String what) {
        optimizer.zeroGrad();
        if (options.rollbackFactor() > 0 && rollbacks < MAX_ROLLBACKS && lastGood != null) {
            rollbacks++;
            restore(lastGood);
            optimizer.setLearningRate(optimizer.learningRate() * options.rollbackFactor());
            throw new RolledBack();
        }
        throw new DivergenceException(epoch, batch, parameter, what);
    }

    /** Signals that the run went back to its last good state. */
    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super(null, null, false, false);
        }
    }

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
