package dev.nabla.optim;

import dev.nabla.config.Registry;
import dev.nabla.nn.Parameter;
import java.util.List;

/**
 * An optimizer's hyperparameters as a value: its {@code Config} record, validated where it is built and
 * holding the only copy of its defaults, which a spec names and which makes the optimizer.
 *
 * <pre>{@code {"name": "adam", "lr": 0.001, "betas": [0.9, 0.999]}   {"name": "sgd", "lr": 0.1, "momentum": 0.9}}</pre>
 */
public interface OptimizerConfig {
    /** The optimizers a spec can name, built-ins first. */
    Registry<OptimizerConfig> REGISTRY = Optimizers.builtIns();

    /** A new optimizer over {@code params} with these hyperparameters. */
    Optimizer create(List<Parameter> params);

    /** The base learning rate. */
    double lr();

    /**
     * Whether the optimizer has a momentum a schedule may cycle ({@link LrSchedule#cyclesMomentum}): Adam's β1,
     * SGD's and RMSprop's μ when configured above 0.
     */
    default boolean hasMomentum() {
        return false;
    }
}
