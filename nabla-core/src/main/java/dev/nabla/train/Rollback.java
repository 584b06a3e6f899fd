package dev.nabla.train;

import dev.nabla.optim.Optimizer;

/**
 * Rollback on divergence ({@code rollbackOnDivergence(factor)}): the last good state, and going back to
 * it. The contract: the loop calls {@link #rememberEpochStart} when an epoch begins and
 * {@link #rememberSaved} with each checkpoint it saves, so the last good state is the newer of the two;
 * after a divergence, before any update, {@link #rollBack} restores that state, multiplies the learning
 * rate by the factor and answers true, at most {@value #MAX_ROLLBACKS} times per fit. With factor 0 it
 * remembers nothing (a snapshot costs a copy of the weights) and always answers false.
 *
 * <p>The learning rate is part of the restored optimizer state, so two rollbacks to the same state
 * both end at that state's rate times the factor; only a save in between compounds them.
 */
final class Rollback {
    static final int MAX_ROLLBACKS = 3;

    private final Checkpointer checkpointer;
    private final Optimizer optimizer;
    private final double factor;
    private Checkpoint lastGood;
    private int count;

    Rollback(Checkpointer checkpointer, Optimizer optimizer, double factor) {
        this.checkpointer = checkpointer;
        this.optimizer = optimizer;
        this.factor = factor;
    }

    /** The epoch has just begun (its callbacks have run): its start is a good state. */
    void rememberEpochStart(FitPosition p) {
        if (factor > 0) {
            lastGood = checkpointer.snapshot(p);
        }
    }

    /** A checkpoint was saved: the state it holds is a good one. */
    void rememberSaved(Checkpoint c) {
        if (factor > 0) {
            lastGood = c;
        }
    }

    /** Goes back to the last good state with a lower learning rate, if allowed; false otherwise. */
    boolean rollBack(FitPosition p) {
        if (factor == 0 || count >= MAX_ROLLBACKS || lastGood == null) {
            return false;
        }
        count++;
        checkpointer.restore(lastGood, p);
        optimizer.setLearningRate(optimizer.learningRate() * factor);
        return true;
    }
}
