package dev.nabla.train;

import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.ReduceMath;
import dev.nabla.tensor.Tensor;
import java.util.Map;

/**
 * Keeps a NaN or an infinity from reaching the weights. The contract: the loop asks
 * {@link #checkLoss} about the loss value before backward (so no backward runs through a non-finite
 * loss), then {@link #checkGradients} after backward and before the optimizer step. Each answers null
 * when everything is finite, or the {@link Divergence} found; the loop then rolls back or throws
 * {@link Divergence#at}, and the optimizer has not stepped either way.
 */
final class DivergenceGuard {

    private final Module model;

    DivergenceGuard(Module model) {
        this.model = model;
    }

    /** Null if the loss is finite. */
    Divergence checkLoss(double value) {
        return Double.isFinite(value) ? null : new Divergence(null, "the loss is " + value);
    }

    /** Null if every gradient is finite, else the first non-finite one in model order, by name. */
    Divergence checkGradients() {
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            if (g != null && !finite(g)) {
                return new Divergence(e.getKey(), "the gradient of '" + e.getKey()
                        + "' is not finite (the first such parameter in model order)");
            }
        }
        return null;
    }

    /** One pass over the gradient, split across the pool (a read of every gradient each step). */
    private static boolean finite(Tensor g) {
        return ReduceMath.allFinite(g);
    }

    /** What was not finite: a parameter's gradient (its name), or the loss ({@code parameter} null). */
    record Divergence(String parameter, String what) {
        /** The exception that stops the fit, at this 0-based epoch and batch. */
        DivergenceException at(int epoch, int batch) {
            return new DivergenceException(epoch, batch, parameter, what);
        }
    }
}
