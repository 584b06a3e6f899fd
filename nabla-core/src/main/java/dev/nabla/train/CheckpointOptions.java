package dev.nabla.train;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * When a fit writes checkpoints, and where: every {@code everyEpochs} epochs, every {@code everyBatches}
 * updates, and/or every {@code every} of wall time (0 or null: not by that measure), keeping the newest
 * {@code keep}. A fit stopped by a request (Ctrl-C, SIGTERM) writes one too.
 */
public record CheckpointOptions(Path dir, int everyEpochs, int everyBatches, Duration every, int keep) {
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

    /** Every epoch, keeping the last 3. */
    public static CheckpointOptions everyEpoch(Path dir) {
        return new CheckpointOptions(dir, 1, 0, null, 3);
    }

    public CheckpointOptions everyBatches(int n) {
        return new CheckpointOptions(dir, everyEpochs, n, every, keep);
    }

    public CheckpointOptions every(Duration d) {
        return new CheckpointOptions(dir, everyEpochs, everyBatches, d, keep);
    }

    public CheckpointOptions keep(int k) {
        return new CheckpointOptions(dir, everyEpochs, everyBatches, every, k);
    }
}
