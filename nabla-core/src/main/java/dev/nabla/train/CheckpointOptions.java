package dev.nabla.train;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * When a fit writes checkpoints, and where: every {@code everyEpochs} epochs, every {@code everyBatches}
 * updates, and/or every {@code every} of wall time (0 or null: not by that measure), keeping the newest
 * {@code keep} of its run. A fit stopped by a request (Ctrl-C, SIGTERM) writes one too.
 *
 * <p>The fit holds the folder while it runs ({@link dev.nabla.io.DirectoryLock}): a second fit into it
 * is refused before it trains. Each checkpoint records {@code run} (null: a new run with no settings of
 * its own; an experiment gives its spec, seed and data). A resume finds nothing, or another run's
 * checkpoint: that is a {@link ResumeRefusedException}, unless {@code freshStartIfNone} (start afresh,
 * with a warning) or {@code forceResume} (continue it, with a warning naming each difference).
 */
public record CheckpointOptions(Path dir, int everyEpochs, int everyBatches, Duration every, int keep, RunIdentity run,
                                boolean forceResume, boolean freshStartIfNone) {
    public CheckpointOptions {
        Objects.requireNonNull(dir, "dir");
        if (everyEpochs < 0 || everyBatches < 0) {
            throw new IllegalArgumentException("checkpoints: everyEpochs and everyBatches must be >= 0, got "
                    + everyEpochs + " and " + everyBatches);
        }
        if (every != null && every.isNegative()) {
            throw new IllegalArgumentException("checkpoints: every must not be negative, got " + every);
        }
        if (keep < 1) {
            throw new IllegalArgumentException("checkpoints: keep must be >= 1, got " + keep);
        }
    }

    /** A new run of its own, refusing to resume another run or nothing. */
    public CheckpointOptions(Path dir, int everyEpochs, int everyBatches, Duration every, int keep) {
        this(dir, everyEpochs, everyBatches, every, keep, null, false, false);
    }

    /** Every epoch, keeping the last 3. */
    public static CheckpointOptions everyEpoch(Path dir) {
        return new CheckpointOptions(dir, 1, 0, null, 3);
    }

    public CheckpointOptions everyBatches(int n) {
        return new CheckpointOptions(dir, everyEpochs, n, every, keep, run, forceResume, freshStartIfNone);
    }

    public CheckpointOptions every(Duration d) {
        return new CheckpointOptions(dir, everyEpochs, everyBatches, d, keep, run, forceResume, freshStartIfNone);
    }

    public CheckpointOptions keep(int k) {
        return new CheckpointOptions(dir, everyEpochs, everyBatches, every, k, run, forceResume, freshStartIfNone);
    }

    /** The run the checkpoints belong to, and that a resume must match. */
    public CheckpointOptions run(RunIdentity r) {
        return new CheckpointOptions(dir, everyEpochs, everyBatches, every, keep, r, forceResume, freshStartIfNone);
    }

    /** Resume even a checkpoint of another run, saying what differs. */
    public CheckpointOptions forceResume(boolean f) {
        return new CheckpointOptions(dir, everyEpochs, everyBatches, every, keep, run, f, freshStartIfNone);
    }

    /** On a resume with nothing to resume from, start afresh (saying so) instead of refusing. */
    public CheckpointOptions freshStartIfNone(boolean f) {
        return new CheckpointOptions(dir, everyEpochs, everyBatches, every, keep, run, forceResume, f);
    }
}
