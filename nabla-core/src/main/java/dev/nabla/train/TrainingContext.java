package dev.nabla.train;

import dev.nabla.nn.Module;
import dev.nabla.optim.Optimizer;

/** What callbacks may see and change during a fit: the model, the optimizer, the history, the stop flag. */
public final class TrainingContext {
    private final Module model;
    private final Optimizer optimizer;
    private final History history;
    private volatile boolean stopRequested;

    TrainingContext(Module model, Optimizer optimizer, History history) {
        this.model = model;
        this.optimizer = optimizer;
        this.history = history;
    }

    public Module model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public History history() {
        return history;
    }

    /** Asks the fit to stop after the current batch (safe to call from another thread, e.g. on Ctrl-C). */
    public void requestStop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }
}
