package dev.nabla.train;

import java.util.List;

/**
 * Every recorded layer at one step of a fit ({@link GradientFlow}), in model order.
 *
 * @param step the number of updates made before this step (0: the gradients of the initial weights)
 * @param epoch the epoch the step belongs to (0-based)
 * @param loss the step's training loss
 */
public record FlowRecord(long step, int epoch, double loss, List<LayerFlow> layers) {
    public FlowRecord {
        layers = List.copyOf(layers);
    }
}
