package dev.nabla.spec;

import dev.nabla.nn.Layer;
import java.util.Map;

/**
 * What a running experiment reports, for a command-line tool to draw progress bars and tables; every
 * method is a no-op by default. Calls come from the training thread. Epochs and batches count from 0.
 */
public interface RunListener {
    /** A listener that ignores everything. */
    RunListener NONE = new RunListener() {};

    /** The data is split and transformed and the model built; training starts. */
    default void onTrainBegin(Layer model, DataSplits splits, int epochs, int batchesPerEpoch) {}

    /** One batch done: {@code logs} holds its {@code loss} and {@code size}. */
    default void onBatchEnd(int epoch, int batch, int batchesPerEpoch, Map<String, Double> logs) {}

    /** One epoch done: loss, metrics, val_ quantities and lr, as History records them. */
    default void onEpochEnd(int epoch, Map<String, Double> logs) {}

    /**
     * Polled after every batch: returning true stops training there (e.g. after Ctrl-C), and the run
     * still evaluates and returns what it has. {@link Experiment#requestStop()} does the same from outside.
     */
    default boolean stopRequested() {
        return false;
    }
}
