package dev.nabla.train;

import dev.nabla.data.DataLoader;
import dev.nabla.nn.Module;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Generator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpointing for one fit: when a save is due, what a {@link Checkpoint} holds and how it is put
 * back, and where a resumed fit starts. The contract: {@link #snapshot} and {@link #restore} are exact
 * inverses over everything a fit's future depends on (the position, weights, optimizer state, every
 * random generator the model draws from, callback state), so a fit restored from a snapshot continues
 * bit for bit; {@link #save} also writes the snapshot to the checkpoint directory, if the fit has one.
 * The loop asks {@link #dueMidEpoch} after each update and {@link #dueAtEpochEnd} after each epoch.
 */
final class Checkpointer {
    /** Library code reports through a logger; the nabla command shows its warnings on stderr. */
    private static final System.Logger LOG = System.getLogger("dev.nabla.train");

    private final Module model;
    private final Optimizer optimizer;
    private final DataLoader loader;
    private final List<Callback> callbacks;
    private final List<Metric> metrics;
    /** Null: the fit writes no checkpoints (snapshots still serve rollback, in memory). */
    private final CheckpointOptions options;
    private final CheckpointDir dir;
    private final boolean resume;
    private final Map<String, Generator> modelRngs;
    private final int epochs;
    /** The run the checkpoints record: the options', or a new one; a resume continues the checkpoint's. */
    private RunIdentity run;
    private long lastSaveNanos = System.nanoTime();

    Checkpointer(Module model, Optimizer optimizer, DataLoader loader, FitOptions fit) {
        this.model = model;
        this.optimizer = optimizer;
        this.loader = loader;
        this.callbacks = fit.callbacks();
        this.metrics = fit.metrics();
        this.options = fit.checkpoints();
        this.dir = options == null ? null : new CheckpointDir(options.dir(), options.keep());
        this.resume = fit.resume();
        this.modelRngs = generators(model);
        this.epochs = fit.epochs();
        RunIdentity given = options == null || options.run() == null ? RunIdentity.start(Map.of()) : options.run();
        this.run = given.with(RunIdentity.EPOCHS, Integer.toString(epochs));
    }

    /**
     * The newest intact checkpoint to resume from, or null when the fit does not resume; damaged ones are
     * skipped, each with a warning on logger {@code dev.nabla.train}. Nothing to resume, or another run's
     * checkpoint ({@link ResumeCheck}), is a {@link ResumeRefusedException} unless the options allow it.
     */
    Checkpoint resumePoint() {
        if (!resume || dir == null) {
            return null;
        }
        try {
            CheckpointDir.Found found = dir.latest(Checkpointer::warn);
            if (found == null) {
                String why = "nothing to resume: " + dir.whyNothing();
                if (!options.freshStartIfNone()) {
                    throw new ResumeRefusedException(ResumeRefusedException.Reason.NOTHING_TO_RESUME, options.dir(), why);
                }
                warn("resume from " + options.dir() + ": " + why + "; starting a new run");
                return null;
            }
            run = ResumeCheck.check(found, run, options.dir(), options.forceResume(), epochs);
            return found.checkpoint();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list checkpoints in " + options.dir() + ": " + e.getMessage(), e);
        }
    }

    private static void warn(String message) {
        LOG.log(System.Logger.Level.WARNING, message);
    }

    /**
     * After an update: every N updates (the optimizer's count, so it runs on across epochs and resumes),
     * or when the wall-time period is up. The loop does not ask after an epoch's last update.
     */
    boolean dueMidEpoch() {
        return options != null && (options.everyBatches() > 0 && optimizer.stepCount() % options.everyBatches() == 0
                || timeDue());
    }

    /** After {@code epochsDone} full epochs: the last, on a stop request, every N epochs, or when time is up. */
    boolean dueAtEpochEnd(int epochsDone, int epochs, boolean stopRequested) {
        return options != null && (stopRequested || epochsDone == epochs
                || options.everyEpochs() > 0 && epochsDone % options.everyEpochs() == 0 || timeDue());
    }

    private boolean timeDue() {
        return options != null && options.every() != null && !options.every().isZero()
                && System.nanoTime() - lastSaveNanos >= options.every().toNanos();
    }

    /** Takes a snapshot, writes it if the fit has a checkpoint directory, and returns it. */
    Checkpoint save(FitPosition p) {
        lastSaveNanos = System.nanoTime();
        Checkpoint c = snapshot(p);
        if (dir != null) {
            try {
                dir.save(c, run);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write a checkpoint to " + options.dir() + ": " + e.getMessage(), e);
            }
        }
        return c;
    }

    /** The fit's whole state now, in memory. */
    Checkpoint snapshot(FitPosition p) {
        Map<String, long[]> rngs = new LinkedHashMap<>();
        modelRngs.forEach((k, g) -> rngs.put(k, g.state()));
        List<CallbackState> cbs = new ArrayList<>();
        callbacks.forEach(c -> cbs.add(c.state()));
        // "running": the epoch's sums, then the learning rate it started with
        double[] s = p.sums == null ? new double[0] : p.sums.toArray();
        double[] running = Arrays.copyOf(s, s.length + 1);
        running[s.length] = p.epochStartLr;
        return new Checkpoint(p.epoch, p.batch, p.epochStartRng, rngs, model.stateDict(), optimizer.stateDict(), cbs,
                p.history.asMap(), p.history.epochs(), running);
    }

    /**
     * Puts the fit back in the state {@code c} holds: model, optimizer, generators, callbacks, and the
     * position, with the loader's order generator at the epoch's start.
     */
    void restore(Checkpoint c, FitPosition p) {
        model.loadStateDict(c.model());
        optimizer.loadStateDict(c.optimizer());
        c.modelRngs().forEach((k, state) -> {
            Generator g = modelRngs.get(k);
            if (g == null) {
                throw new IllegalArgumentException("checkpoint: the model has no random generator at '" + k + "'");
            }
            g.setState(state);
        });
        restoreCallbacks(c.callbacks());
        p.history.reset(c.history(), c.historyEpochs());
        p.epoch = c.epoch();
        p.batch = c.batch();
        p.epochStartRng = c.orderRng();
        loader.restoreGeneratorState(p.epochStartRng);
        double[] r = c.running();
        p.epochStartLr = r.length > 0 ? r[r.length - 1] : optimizer.learningRate();
        p.sums = p.batch == 0 ? null : EpochSums.fromArray(metrics, Arrays.copyOf(r, r.length - 1));
    }

    /** Callbacks are matched by position; stateless ones (a stop trigger, a progress bar) may differ. */
    private void restoreCallbacks(List<CallbackState> states) {
        for (int i = 0; i < states.size(); i++) {
            CallbackState state = states.get(i);
            if (state == null) {
                continue;
            }
            if (i >= callbacks.size()) {
                throw new IllegalArgumentException("checkpoint: it has state for callback " + i + ", the fit has only "
                        + callbacks.size() + " callbacks (give the same callbacks, in the same order, to resume)");
            }
            callbacks.get(i).restore(state);
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
