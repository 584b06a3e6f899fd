package dev.nabla.train;

import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.StepArena;

/**
 * A fit's step memory ({@code reuseStepMemory}): one {@link StepArena} whose scope each training step
 * runs in, so the step's large arrays (the batch, activations, their gradients) are handed to the next
 * step instead of being allocated fresh. The contract: {@link #open()} once per step around the batch,
 * forward and backward; {@link #keepGradients()} after backward, inside that scope, so the parameters'
 * gradients survive it. Without {@code reuseStepMemory} both do nothing and {@code open()} returns
 * null, which try-with-resources accepts.
 */
final class StepMemory {
    /** Null when the fit does not reuse step memory. */
    private final StepArena arena;
    private final Module model;
    private final Optimizer optimizer;

    StepMemory(boolean reuse, Module model, Optimizer optimizer) {
        this.arena = reuse ? new StepArena() : null;
        this.model = model;
        this.optimizer = optimizer;
    }

    /** The scope of one step, or null without step memory. */
    StepArena.Scope open() {
        return arena == null ? null : arena.open();
    }

    /**
     * The gradients outlive the step: the optimizer reads them after it, and zeroGrad() keeps their
     * storage. The optimizer's parameters count too, as it may hold some the model does not list.
     */
    void keepGradients() {
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
}
