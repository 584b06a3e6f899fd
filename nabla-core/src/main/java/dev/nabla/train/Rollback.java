package dev.nabla.train;

import dev.nabla.optim.Optimizer;
import java.util.Locale;

/**
 * Rollback on divergence ({@code rollbackOnDivergence(factor)}): the last good state, and going back to
 * it. The contract: the loop offers a candidate with {@link #rememberEpochStart} when an epoch begins and
 * {@link #rememberResumed} when the fit resumes, says {@link #stepPassed} after each step whose loss and
 * gradients passed every check, and after a divergence, before any update, calls {@link #rollBack}. With
 * factor 0 it remembers nothing (a state costs a copy of the weights) and never rolls back.
 *
 * <p>A state is good once a step from it passed: its loss finite and not exploding, its gradients finite.
 * Until then it is only a candidate, because the weights an update wrote are judged by the next forward
 * alone: an epoch that ended on a damaging update starts the next from a state that fails at once, and
 * going back there (as was done before) kept a fit at a loss of 1e28. So the good state is the newest
 * candidate that passed, and a failed candidate is dropped for the one before it. Two states at most are
 * held, each a copy of the weights and optimizer state.
 *
 * <p>Candidates are epoch starts and the resume point, never the checkpoints a fit saves: a save's timing
 * (every N updates, every M minutes) must not change where a seeded fit goes back to.
 *
 * <p>The learning rate is part of the restored state, so the k-th rollback to one good state sets its
 * rate times factor^k: a replay of the same batches at the rate that just diverged would diverge the same
 * way. At most {@value #MAX_ROLLBACKS} rollbacks per fit; each is logged as a warning on logger
 * {@code dev.nabla.train} and counted in {@link History#rollbacks()}.
 */
final class Rollback {
    static final int MAX_ROLLBACKS = 3;
    private static final System.Logger LOG = System.getLogger("dev.nabla.train");

    private final Checkpointer checkpointer;
    private final Optimizer optimizer;
    private final double factor;
    /** The newest state a step passed from; null until one has. */
    private Checkpoint good;
    /** A state not judged yet (its first step has not run), or null. */
    private Checkpoint candidate;
    /** Rollbacks to {@link #good} so far. */
    private int toGood;
    private int count;

    Rollback(Checkpointer checkpointer, Optimizer optimizer, double factor) {
        this.checkpointer = checkpointer;
        this.optimizer = optimizer;
        this.factor = factor;
    }

    /** The epoch has just begun (its callbacks have run): its start is a candidate. */
    void rememberEpochStart(FitPosition p) {
        if (factor > 0) {
            candidate = checkpointer.snapshot(p);
        }
    }

    /** The fit resumed from {@code c}: a candidate, as it may have been saved right after a damaging update. */
    void rememberResumed(Checkpoint c) {
        if (factor > 0) {
            candidate = c;
        }
    }

    /** A step passed every check: the candidate it started from, if any, is the good state now. */
    void stepPassed() {
        if (candidate != null) {
            good = candidate;
            candidate = null;
            toGood = 0;
        }
    }

    /**
     * Goes back to the good state with a lower learning rate if allowed, logging why ({@code why}, at
     * position {@code p}) and where to; false otherwise. A candidate that has not passed a step failed now.
     */
    boolean rollBack(FitPosition p, String why) {
        candidate = null;
        if (factor == 0 || refusal() != null) {
            return false;
        }
        count++;
        toGood++;
        String from = "epoch " + (p.epoch + 1) + ", batch " + (p.batch + 1);
        checkpointer.restore(good, p);
        double rate = optimizer.learningRate() * Math.pow(factor, toGood);
        optimizer.setLearningRate(rate);
        p.history.countRollback();
        String to = p.batch == 0 ? "the start of epoch " + (p.epoch + 1) : "epoch " + (p.epoch + 1) + " after batch " + p.batch;
        LOG.log(System.Logger.Level.WARNING, String.format(Locale.ROOT,
                "training diverged at %s (%s); rolled back to %s, the last good state, with the learning rate %.4g "
                        + "(rollback %d of at most %d)", from, why, to, rate, count, MAX_ROLLBACKS));
        return true;
    }

    /** Why a divergence now would not be rolled back, or null if it would (or rollback is off). */
    String refusal() {
        if (factor == 0) {
            return null;
        }
        if (count >= MAX_ROLLBACKS) {
            return "not rolled back: " + count + " rollbacks made, the most a fit makes";
        }
        if (good == null) {
            return "not rolled back: there is no good state yet (the first step of the fit, or the first after its "
                    + "resume point, already failed)";
        }
        return null;
    }
}
