package dev.nabla.insight;

import dev.nabla.train.Callback;
import dev.nabla.train.TrainingContext;
import java.util.Map;

/** Asks a fit to stop once the optimizer has made {@code updates} updates: "train briefly" for the demos. */
final class StopAfter implements Callback {
    private final long updates;
    private long seen;

    StopAfter(long updates) {
        this.updates = updates;
    }

    /** The optimizer's update count at the last batch's end. */
    long seen() {
        return seen;
    }

    @Override
    public void onBatchEnd(TrainingContext context, int batch, Map<String, Double> logs) {
        seen = context.optimizer().stepCount();
        if (seen >= updates) {
            context.requestStop();
        }
    }
}
