package dev.nabla.spec;

import dev.nabla.optim.AdaGrad;
import dev.nabla.optim.Adam;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.RMSprop;
import dev.nabla.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads the {@code "optimizer"} and {@code "schedule"} sections. Each key is checked where it is read,
 * so the error names the key; a missing key takes the optimizer's {@code Config.DEFAULT} value. A rule
 * that spans keys (SGD's nesterov needs momentum) is left to the config record, whose message is then
 * reported at the section's path.
 */
final class OptimizerSpecs {
    private static final List<String> COMMON = List.of("name", "lr", "weight_decay", "clip_norm", "clip_value");

    private OptimizerSpecs() {}

    static OptimizerSpec parse(SpecObject o) {
        String name = o.choice("name", "optimizer", OptimizerSpec.NAMES);
        return switch (name) {
            case "sgd" -> {
                allow(o, "momentum", "nesterov");
                SGD.Config d = SGD.Config.DEFAULT;
                yield config(o, () -> new OptimizerSpec.Sgd(new SGD.Config(lr(o, d.lr()),
                        o.number("momentum", d.momentum(), v -> v >= 0, "a number >= 0"),
                        o.bool("nesterov", d.nesterov()), weightDecay(o, d.weightDecay())), clipping(o)));
            }
            case "adagrad" -> {
                allow(o, "lr_decay", "initial_accumulator_value", "eps");
                AdaGrad.Config d = AdaGrad.Config.DEFAULT;
                yield config(o, () -> new OptimizerSpec.Adagrad(new AdaGrad.Config(lr(o, d.lr()),
                        o.number("lr_decay", d.lrDecay(), v -> v >= 0, "a number >= 0"), weightDecay(o, d.weightDecay()),
                        o.number("initial_accumulator_value", d.initialAccumulatorValue(), v -> v >= 0, "a number >= 0"),
                        eps(o, d.eps())), clipping(o)));
            }
            case "rmsprop" -> {
                allow(o, "alpha", "eps", "momentum", "centered");
                RMSprop.Config d = RMSprop.Config.DEFAULT;
                yield config(o, () -> new OptimizerSpec.Rmsprop(new RMSprop.Config(lr(o, d.lr()),
                        o.number("alpha", d.alpha(), v -> v >= 0 && v < 1, "a number in [0, 1)"), eps(o, d.eps()),
                        weightDecay(o, d.weightDecay()), o.number("momentum", d.momentum(), v -> v >= 0, "a number >= 0"),
                        o.bool("centered", d.centered())), clipping(o)));
            }
            case "adam" -> config(o, () -> new OptimizerSpec.Adam(adam(o, Adam.Config.DEFAULT), clipping(o)));
            case "adamw" -> config(o, () -> new OptimizerSpec.AdamW(adam(o, AdamW.DEFAULT), clipping(o)));
            default -> throw new IllegalStateException("optimizer name checked above: " + name);
        };
    }

    private static Adam.Config adam(SpecObject o, Adam.Config d) {
        allow(o, "betas", "eps", "amsgrad");
        double beta1 = d.beta1(), beta2 = d.beta2();
        if (o.has("betas")) {
            List<?> betas = o.list("betas");
            if (betas.size() != 2) {
                throw o.error("betas", "must be an array of two numbers in [0, 1), got " + betas.size() + " values");
            }
            beta1 = SpecObject.numberValue(betas.get(0), o.pathOf("betas") + "[0]", v -> v >= 0 && v < 1, "a number in [0, 1)");
            beta2 = SpecObject.numberValue(betas.get(1), o.pathOf("betas") + "[1]", v -> v >= 0 && v < 1, "a number in [0, 1)");
        }
        return new Adam.Config(lr(o, d.lr()), beta1, beta2, eps(o, d.eps()), weightDecay(o, d.weightDecay()),
                o.bool("amsgrad", d.amsgrad()));
    }

    private static void allow(SpecObject o, String... specific) {
        List<String> keys = new ArrayList<>(COMMON);
        keys.addAll(List.of(specific));
        o.allowOnly(keys.toArray(String[]::new));
    }

    private static double lr(SpecObject o, double d) {
        return o.number("lr", d, v -> v > 0, "a number > 0");
    }

    private static double weightDecay(SpecObject o, double d) {
        return o.number("weight_decay", d, v -> v >= 0, "a number >= 0");
    }

    private static double eps(SpecObject o, double d) {
        return o.number("eps", d, v -> v > 0, "a number > 0");
    }

    private static OptimizerSpec.Clipping clipping(SpecObject o) {
        double inf = Double.POSITIVE_INFINITY;
        return new OptimizerSpec.Clipping(o.number("clip_norm", inf, v -> v > 0, "a number > 0"),
                o.number("clip_value", inf, v -> v > 0, "a number > 0"));
    }

    /** Builds a spec; a config record's own refusal (a rule across keys) is reported at the section. */
    private static <T> T config(SpecObject o, Supplier<T> build) {
        try {
            return build.get();
        } catch (SpecException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new SpecException(o.path(), e.getMessage(), e);
        }
    }

    static ScheduleSpec parseSchedule(SpecObject o) {
        String name = o.choice("name", "schedule", ScheduleSpec.NAMES);
        return switch (name) {
            case "constant" -> {
                o.allowOnly("name");
                yield new ScheduleSpec.Constant();
            }
            case "exponential" -> {
                o.allowOnly("name", "beta");
                yield new ScheduleSpec.Exponential(o.number("beta", v -> v > 0 && v <= 1, "a number in (0, 1]"));
            }
            case "step" -> {
                o.allowOnly("name", "step_size", "gamma");
                yield new ScheduleSpec.Step(o.integer("step_size", v -> v > 0, "an integer > 0 (updates)"),
                        o.number("gamma", v -> v > 0 && v <= 1, "a number in (0, 1]"));
            }
            case "cosine" -> {
                o.allowOnly("name", "total_steps", "min_lr");
                yield config(o, () -> new ScheduleSpec.Cosine(
                        o.integer("total_steps", 0, v -> v > 0, "an integer > 0 (updates; leave out for the whole run)"),
                        o.number("min_lr", 0, v -> v >= 0, "a number >= 0")));
            }
            default -> throw new IllegalStateException("schedule name checked above: " + name);
        };
    }
}
