package dev.nabla.train;

/**
 * Where a fit stands: the epoch, the batches done in it, the shuffling generator's state and the
 * learning rate at the epoch's start, the epoch's running sums, and the history so far. This is the
 * part of a {@link Checkpoint} that the fit loop itself moves forward; the {@link Checkpointer} copies
 * it into a checkpoint and puts it back from one (for a resume or a {@link Rollback}). A plain mutable
 * holder, not shared beyond those.
 */
final class FitPosition {
    final History history;
    /** 0-based epoch in progress (or next, between epochs). */
    int epoch;
    /** Batches of {@link #epoch} done; 0 between epochs. */
    int batch;
    /** The loader's generator state the epoch's batch order was drawn from: restoring it redraws it. */
    long[] epochStartRng;
    /** The learning rate logged for the epoch (as Keras logs it: the one it started with). */
    double epochStartLr;
    /** The sums of the epoch in progress, or of the one just finished until the next begins. */
    EpochSums sums;

    FitPosition(History history) {
        this.history = history;
    }
}
