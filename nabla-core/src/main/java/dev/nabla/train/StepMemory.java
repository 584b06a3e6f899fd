package dev.nabla.train;

import dev.nabla.tensor.StepArena;

/**
 * A fit's step memory ({@code reuseStepMemory}): one {@link StepArena} whose scope each training step
 * runs in, so the step's large arrays (the batch, activations, their gradients) are handed to the next
 * step instead of being allocated fresh. {@link #open()} once per step around the batch, forward and
 * backward. The parameters' gradients outlive the scope by the gradient-storage contract itself
 * ({@code GradientSlot}: autograd keeps every tensor it makes a gradient), so the loop keeps nothing.
 * Without {@code reuseStepMemory}, {@code open()} returns null, which try-with-resources accepts.
 */
final class StepMemory {
    /** Null when the fit does not reuse step memory. */
    private final StepArena arena;

    StepMemory(boolean reuse) {
        this.arena = reuse ? new StepArena() : null;
    }

    /** The scope of one step, or null without step memory. */
    StepArena.Scope open() {
        return arena == null ? null : arena.open();
    }
}
