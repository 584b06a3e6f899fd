package dev.nabla.spec;

import dev.nabla.nn.Parameter;
import dev.nabla.optim.AdaGrad;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.RMSprop;
import dev.nabla.optim.SGD;
import java.util.List;
import java.util.Objects;

/**
 * The {@code "optimizer"} section: which optimizer, its hyperparameters (the optimizer's own validated
 * {@code Config} record, so defaults and checks live only there) and gradient clipping.
 *
 * <pre>{@code {"name": "adam", "lr": 0.001, "betas": [0.9, 0.999], "weight_decay": 0, "clip_norm": 1.0}}</pre>
 */
public sealed interface OptimizerSpec {
    /** The names the spec accepts, in the order errors list them. */
    List<String> NAMES = List.of("sgd", "adagrad", "rmsprop", "adam", "adamw");

    /** Gradient clipping before each update. */
    Clipping clipping();

    /** A fresh optimizer over {@code params}, clipping set. */
    Optimizer create(List<Parameter> params);

    /**
     * Clip each gradient element into [-value, value], then the global norm to {@code norm}; infinity
     * turns either off (the optimizer's own convention).
     */
    record Clipping(double norm, double value) {
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

    /** {@code "sgd"}: lr, momentum, nesterov, weight_decay. */
    record Sgd(SGD.Config config, Clipping clipping) implements OptimizerSpec {
        public Sgd {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(clipping, "clipping");
        }

        public Optimizer create(List<Parameter> params) {
            return clipping.applyTo(new SGD(params, config));
        }
    }

    /** {@code "adagrad"}: lr, lr_decay, weight_decay, initial_accumulator_value, eps. */
    record Adagrad(AdaGrad.Config config, Clipping clipping) implements OptimizerSpec {
        public Adagrad {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(clipping, "clipping");
        }

        public Optimizer create(List<Parameter> params) {
            return clipping.applyTo(new AdaGrad(params, config));
        }
    }

    /** {@code "rmsprop"}: lr, alpha, eps, weight_decay, momentum, centered. */
    record Rmsprop(RMSprop.Config config, Clipping clipping) implements OptimizerSpec {
        public Rmsprop {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(clipping, "clipping");
        }

        public Optimizer create(List<Parameter> params) {
            return clipping.applyTo(new RMSprop(params, config));
        }
    }

    /** {@code "adam"}: lr, betas, eps, weight_decay (L2, in the gradient), amsgrad. */
    record Adam(dev.nabla.optim.Adam.Config config, Clipping clipping) implements OptimizerSpec {
        public Adam {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(clipping, "clipping");
        }

        public Optimizer create(List<Parameter> params) {
            return clipping.applyTo(new dev.nabla.optim.Adam(params, config));
        }
    }

    /** {@code "adamw"}: Adam's keys, weight decay decoupled (default 0.01, AdamW's). */
    record AdamW(dev.nabla.optim.Adam.Config config, Clipping clipping) implements OptimizerSpec {
        public AdamW {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(clipping, "clipping");
        }

        public Optimizer create(List<Parameter> params) {
            return clipping.applyTo(new dev.nabla.optim.AdamW(params, config));
        }
    }
}
