package dev.nabla.spec;

import dev.nabla.config.ConfigReader;
import dev.nabla.nn.Parameter;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.OptimizerConfig;
import java.util.List;
import java.util.Objects;

/**
 * The {@code "optimizer"} section: which optimizer with its hyperparameters (the optimizer's own
 * validated {@code Config} record, read through {@link OptimizerConfig#REGISTRY}, so defaults and checks
 * live only there) and gradient clipping, which every optimizer takes.
 *
 * <pre>{@code {"name": "adam", "lr": 0.001, "betas": [0.9, 0.999], "weight_decay": 0, "clip_norm": 1.0}}</pre>
 */
public record OptimizerSpec(OptimizerConfig config, Clipping clipping) {
    public OptimizerSpec {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clipping, "clipping");
    }

    /** A fresh optimizer over {@code params}, clipping set. */
    public Optimizer create(List<Parameter> params) {
        return clipping.applyTo(config.create(params));
    }

    static OptimizerSpec parse(ConfigReader o) {
        double inf = Double.POSITIVE_INFINITY;
        Clipping clipping = new Clipping(o.number("clip_norm", inf, v -> v > 0, "a number > 0"),
                o.number("clip_value", inf, v -> v > 0, "a number > 0"));
        return new OptimizerSpec(OptimizerConfig.REGISTRY.read(o.without("clip_norm", "clip_value")), clipping);
    }

    /**
     * Clip each gradient element into [-value, value], then the global norm to {@code norm}; infinity
     * turns either off (the optimizer's own convention).
     */
    public record Clipping(double norm, double value) {
        public static final Clipping NONE = new Clipping(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

        public Clipping {
            if (!(norm > 0) || !(value > 0)) {
                throw new IllegalArgumentException("clipping: norm and value must be > 0, got " + norm + " and " + value);
            }
        }

        Optimizer applyTo(Optimizer optimizer) {
            if (norm != Double.POSITIVE_INFINITY) {
                optimizer.setClipNorm(norm);
            }
            if (value != Double.POSITIVE_INFINITY) {
                optimizer.setClipValue(value);
            }
            return optimizer;
        }
    }
}
