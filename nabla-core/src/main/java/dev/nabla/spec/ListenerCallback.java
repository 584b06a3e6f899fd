package dev.nabla.spec;

import dev.nabla.train.Callback;
import dev.nabla.train.TrainingContext;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Forwards the trainer's hooks to a {@link RunListener} with the epoch and batch count a progress bar
 * needs, and turns a stop request (the listener's or the experiment's) into the trainer's stop after
 * the current batch.
 */
final class ListenerCallback implements Callback {
    private final RunListener listener;
    private final BooleanSupplier stopRequested;
    private final int batchesPerEpoch;
    private int epoch;
    private boolean stopped;

    ListenerCallback(RunListener listener, BooleanSupplier stopRequested, int batchesPerEpoch) {
        this.listener = listener;
        this.stopRequested = stopRequested;
        this.batchesPerEpoch = batchesPerEpoch;
    }

    @Override
    public void onEpochBegin(TrainingContext context, int e) {
        epoch = e;
    }

    @Override
    public void onBatchEnd(TrainingContext context, int batch, Map<String, Double> logs) {
        listener.onBatchEnd(epoch, batch, batchesPerEpoch, logs);
        if (stopRequested.getAsBoolean() || listener.stopRequested()) {
            stopped = true;
            context.requestStop();
        }
    }

    @Override
    public void onEpochEnd(TrainingContext context, int e, Map<String, Double> logs) {
        listener.onEpochEnd(e, logs);
    }

    /** Whether training ended on a stop request (not early stopping, not the last epoch). */
    boolean stopped() {
        return stopped;
    }
}
