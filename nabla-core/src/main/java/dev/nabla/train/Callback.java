package dev.nabla.train;

import java.util.Map;

/**
 * Hooks into a fit, each a no-op by default: override the ones you need. {@code logs} hold the
 * quantities of the epoch or batch ({@code loss}, {@code accuracy}, {@code val_loss}, {@code lr}, ...).
 */
public interface Callback {
    default void onTrainBegin(TrainingContext context) {}

    default void onTrainEnd(TrainingContext context) {}

    default void onEpochBegin(TrainingContext context, int epoch) {}

    default void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> logs) {}

    /** Before a batch's forward ({@code batch} counts the batches of the epoch from 0). */
    default void onBatchBegin(TrainingContext context, int batch) {}

    default void onBatchEnd(TrainingContext context, int batch, Map<String, Double> logs) {}

    /** Before the validation pass at an epoch's end (Keras' {@code on_test_begin}); only when there is validation data. */
    default void onValidationBegin(TrainingContext context) {}

    /** After the validation pass, before {@link #onEpochEnd} sees its {@code val_} quantities. */
    default void onValidationEnd(TrainingContext context) {}

    /**
     * The state a checkpoint must keep for this callback (null: none). A resumed fit calls
     * {@link #onTrainBegin} first, then {@link #restore} with what this returned.
     */
    default CallbackState state() {
        return null;
    }

    /** Restores a state from {@link #state()}. */
    default void restore(CallbackState state) {}
}
