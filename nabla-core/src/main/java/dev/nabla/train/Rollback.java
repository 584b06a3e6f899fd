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
 * <p>The learning rate is part of the restored state, so the k-th rollback to one good state sets its rate
 * times factor^k: a replay of the same batches at the rate that just diverged would diverge the same way.
 * A new good state (an epoch start, a save) holds the rate reached so far, and counting starts again.
 *
 * <p>A good state is one whose last step had a finite loss and gradients; the weights that step wrote are
 * checked only by the next forward. So a save made right after a damaging update is "good" and may
 * diverge again at any rate: rolling back further than the last good state is not done.
 */
final class Rollback {
    static final int MAX_ROLLBACKS = 3;

    private final Checkpointer checkpointer;
    private final Optimizer optimizer;
    private final double factor;
    private Checkpoint lastGood;
    private int count;
    /** Rollbacks to {@link #lastGood} so far. */
    private int toLastGood;

    Rollback(Checkpointer checkpointer, Optimizer optimizer, double factor) {
        this.checkpointer = checkpointer;
        this.optimizer = optimizer;
        this.factor = factor;
    }

    /** The epoch has just begun (its callbacks have run): its start is a good state. */
    void rememberEpochStart(FitPosition p) {
        if (factor > 0) {
            lastGood = checkpointer.snapshot(p);
            toLastGood = 0;
        }
    }

    /** A checkpoint was saved: the state it holds is a good one. */
    void rememberSaved(Checkpoint c) {
        if (factor > 0) {
            lastGood = c;
            toLastGood = 0;
        }
    }

    /** Goes back to the last good state with a lower learning rate, if allowed; false otherwise. */
    boolean rollBack(FitPosition p) {
        if (factor == 0 || count >= MAX_ROLLBACKS || lastGood == null) {
            return false;
        }
        count++;
        toLastGood++;
        checkpointer.restore(lastGood, p);
        optimizer.setLearningRate(optimizer.learningRate() * Math.pow(factor, toLastGood));
        return true;
    }
}
