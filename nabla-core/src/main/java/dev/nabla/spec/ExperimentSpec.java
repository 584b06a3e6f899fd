package dev.nabla.spec;

import dev.nabla.config.ConfigException;
import dev.nabla.config.ConfigReader;
import dev.nabla.loss.Loss;
import dev.nabla.optim.LrSchedule;
import dev.nabla.optim.OptimizerConfig;
import dev.nabla.train.CallbackConfig;
import dev.nabla.train.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A whole experiment spec, parsed and checked: what to train on, what to train, how, and where the
 * results go. Every section is a typed record (or sealed family) that has been validated, so running a
 * spec that parsed fails only on what parsing cannot see (a missing file, a shape the data brings).
 *
 * <pre>{@code
 * {"name": "digits", "seed": 0,
 *  "data": {"source": "bundled", "name": "digits", "test_split": 0.2, "transforms": [{"kind": "standardize"}]},
 *  "model": {"type": "Sequential", "layers": [{"type": "Dense", "units": 64, "activation": "relu"},
 *                                             {"type": "Dense", "units": 10}]},
 *  "loss": {"name": "cross_entropy"}, "optimizer": {"name": "adam", "lr": 0.001},
 *  "training": {"epochs": 20, "batch_size": 32}, "metrics": ["accuracy"]}
 * }</pre>
 *
 * @param name the spec's name ({@code "name"}, else the file name without {@code .json})
 * @param seed drives weight initialisation, splits, synthetic data and shuffling (default 0)
 * @param text the spec as written, saved with the model so a result can be traced to its spec
 * @param baseDir the directory relative data paths were resolved against
 */
public record ExperimentSpec(String name, String description, long seed, DataSpec data, ModelSpec model, Loss loss,
                             OptimizerSpec optimizer, LrSchedule schedule, List<CallbackConfig> callbacks,
                             List<PenaltySpec> penalties, TrainingSpec training, List<String> metrics,
                             OutputSpec output, String text, Path baseDir) {
    /** The top-level keys. */
    public static final List<String> KEYS = List.of("name", "description", "seed", "data", "model", "loss", "optimizer",
            "schedule", "callbacks", "penalties", "training", "metrics", "output");
    /**
     * The longest spec read, in characters (10 MiB). A spec is a few kilobytes of settings, its data lives in
     * the files it names; a longer text is a mistake (a data file passed as the spec) or hostile, and is
     * refused before it is parsed rather than after it has filled the heap.
     */
    public static final int MAX_TEXT_CHARS = 10 << 20;

    public ExperimentSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(baseDir, "baseDir");
        callbacks = List.copyOf(callbacks);
        penalties = List.copyOf(penalties);
        metrics = List.copyOf(metrics);
        description = description == null ? "" : description;
    }

    /** The same spec with other training settings (a command line's --no-shuffle or --epochs). */
    public ExperimentSpec withTraining(TrainingSpec t) {
        return new ExperimentSpec(name, description, seed, data, model, loss, optimizer, schedule, callbacks, penalties, t,
                metrics, output, text, baseDir);
    }

    /** The same spec with another seed. */
    public ExperimentSpec withSeed(long s) {
        return new ExperimentSpec(name, description, s, data, model, loss, optimizer, schedule, callbacks, penalties,
                training, metrics, output, text, baseDir);
    }

    /**
     * Parses spec text. Relative data paths resolve against {@code baseDir}; {@code defaultName} names the
     * spec when it has no {@code "name"} (a file's name, say).
     *
     * @throws SpecException at the first mistake, with its JSON path
     */
    public static ExperimentSpec parse(String text, Path baseDir, String defaultName) {
        if (text.length() > MAX_TEXT_CHARS) {
            throw new SpecException("$", "the spec is " + text.length() + " characters long, over the limit of "
                    + MAX_TEXT_CHARS + " (a spec holds settings; data goes in the files it names)");
        }
        try {
            return read(text, baseDir, defaultName);
        } catch (SpecException e) {
            throw e;
        } catch (ConfigException e) {
            throw new SpecException(e.path(), e.problem(), e);
        }
    }

    private static ExperimentSpec read(String text, Path baseDir, String defaultName) {
        ConfigReader root = ConfigReader.root(SpecJson.parse(text), "$");
        root.allowOnly(KEYS.toArray(String[]::new));
        String name = root.string("name", defaultName);
        if (name.isBlank() || name.contains("/") || name.contains("\\")) {
            throw root.error("name", "must be a non-empty name without slashes (it names the output directory), got \""
                    + name + "\"");
        }
        long seed = root.integer("seed", 0, v -> true, "an integer");
        DataSpec data = DataSpec.parse(root.object("data"), baseDir);
        ModelSpec model = ModelSpecs.parse(root.object("model"));
        Loss loss = Loss.REGISTRY.read(root.object("loss"));
        OptimizerSpec optimizer = OptimizerSpec.parse(root.object("optimizer"));
        LrSchedule schedule = root.has("schedule") ? LrSchedule.REGISTRY.read(root.object("schedule")) : LrSchedule.constant();
        if (schedule.cyclesMomentum() && !optimizer.config().hasMomentum()) {
            throw root.error("schedule", LrSchedule.REGISTRY.nameOf(schedule) + " cycles the momentum, and the optimizer "
                    + OptimizerConfig.REGISTRY.nameOf(optimizer.config()) + " has none: " + LrSchedule.NO_MOMENTUM_ADVICE);
        }
        List<CallbackConfig> callbacks = new ArrayList<>();
        root.objects("callbacks").forEach(c -> callbacks.add(CallbackConfig.REGISTRY.read(c)));
        List<PenaltySpec> penalties = new ArrayList<>();
        root.objects("penalties").forEach(p -> penalties.add(PenaltySpec.read(p)));
        TrainingSpec training = TrainingSpec.parse(root.object("training"));
        List<String> metrics = metrics(root);
        checkMonitors(root, callbacks, metrics, data.validationSplit() > 0);
        OutputSpec output = OutputSpec.parse(root.has("output") ? root.object("output") : null, name);
        return new ExperimentSpec(name, root.string("description", ""), seed, data, model, loss, optimizer, schedule,
                callbacks, penalties, training, metrics, output, text, baseDir);
    }

    private static List<String> metrics(ConfigReader root) {
        List<String> names = root.strings("metrics");
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String where = root.pathOf("metrics") + "[" + i + "]";
            Metric.REGISTRY.read(names.get(i), where);
            if (!seen.add(names.get(i))) {
                throw new SpecException(where, "'" + names.get(i) + "' is listed twice");
            }
        }
        return names;
    }

    /** A callback must watch a quantity the run will log, or it would fail after the first epoch. */
    private static void checkMonitors(ConfigReader root, List<CallbackConfig> callbacks, List<String> metrics, boolean validation) {
        List<String> logged = new ArrayList<>();
        logged.add("loss");
        logged.addAll(metrics);
        if (validation) {
            logged.add("val_loss");
            metrics.forEach(m -> logged.add("val_" + m));
        }
        for (int i = 0; i < callbacks.size(); i++) {
            String monitor = callbacks.get(i).monitor();
            if (monitor != null && !logged.contains(monitor)) {
                String hint = monitor.startsWith("val_") && !validation ? " (val_ quantities need $.data.validation_split)" : "";
                throw new SpecException(root.pathOf("callbacks") + "[" + i + "].monitor", "'" + monitor
                        + "' is not logged; logged: " + String.join(", ", logged) + hint);
            }
        }
    }
}
