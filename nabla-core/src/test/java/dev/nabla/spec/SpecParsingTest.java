package dev.nabla.spec;

import static dev.nabla.spec.SpecEdits.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.config.ConfigException;
import dev.nabla.data.CsvReader;
import dev.nabla.data.MinMax;
import dev.nabla.data.Quantile;
import dev.nabla.data.Rescale;
import dev.nabla.data.Standardize;
import dev.nabla.loss.CrossEntropy;
import dev.nabla.loss.Huber;
import dev.nabla.loss.Loss;
import dev.nabla.loss.Reduction;
import dev.nabla.nn.Dense;
import dev.nabla.optim.Adam;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.LrSchedule;
import dev.nabla.optim.OneCycle;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.OptimizerConfig;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Shape;
import dev.nabla.train.MonitorCallback.Mode;
import dev.nabla.train.EarlyStopping;
import dev.nabla.train.Penalty;
import dev.nabla.train.ReduceLROnPlateau;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The examples parse, and each section reads into the typed records it should, defaults included. */
class SpecParsingTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    private static ExperimentSpec parse(String json) {
        return ExperimentSpec.parse(json, Path.of("/specs"), "test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xor", "spirals", "digits", "fashion-mnist", "regression", "heteroscedastic", "mdn-inverse",
            "mdn-inverse-mse", "fashion-mnist-cnn", "fashion-mnist-cnn-bn"})
    void everyExampleParses(String name) throws Exception {
        ExperimentSpec spec = Experiment.load(EXAMPLES.resolve(name + ".json")).spec();
        assertEquals(name, spec.name());
        assertEquals(0, spec.seed());
        assertEquals(Path.of("runs", name), spec.output().dir());
        assertTrue(spec.training().epochs() > 0);
    }

    /** Issue 13 bounds the plain CNN's parameters (under 100K); the batch-norm one's bound is its 15 minutes. */
    @ParameterizedTest
    @ValueSource(strings = {"fashion-mnist-cnn", "fashion-mnist-cnn-bn"})
    void theCnnExamplesTakeImagesAndThePlainOneStaysUnderOneHundredThousandParameters(String name) throws Exception {
        ExperimentSpec spec = Experiment.load(EXAMPLES.resolve(name + ".json")).spec();
        assertEquals(Shape.of(1, 28, 28), spec.model().input());
        dev.nabla.nn.Layer model = spec.model().create(Shape.of(1, 28, 28), 0);
        assertEquals(Shape.of(10), model.outputShape());
        long limit = name.equals("fashion-mnist-cnn") ? 100_000 : 500_000;
        assertTrue(model.parameterCount() < limit, name + ": " + model.parameterCount() + " parameters");
    }

    @Test
    void digitsExampleReadsAsWritten() throws Exception {
        ExperimentSpec spec = Experiment.load(EXAMPLES.resolve("digits.json")).spec();
        assertEquals(new SourceSpec.Bundled("digits"), spec.data().source());
        assertEquals(0.2, spec.data().testSplit());
        assertEquals(List.of(new Standardize()), spec.data().transforms());
        assertEquals(Shape.of(64), spec.model().input());
        assertEquals(CrossEntropy.of(), spec.loss());
        assertEquals(new OptimizerSpec(Adam.Config.DEFAULT.withLr(0.001), OptimizerSpec.Clipping.NONE), spec.optimizer());
        assertEquals(LrSchedule.constant(), spec.schedule());
        assertEquals(new TrainingSpec(30, 32, true), spec.training());
        assertEquals(List.of("accuracy"), spec.metrics());
        // the model section became the config the layer registry writes: shorthand expanded, defaults filled in
        Map<?, ?> first = (Map<?, ?>) ((List<?>) spec.model().architecture().get("layers")).get(0);
        assertEquals(Map.of("type", "Dense", "units", 64, "activation", Map.of("name", "relu"), "use_bias", true,
                "kernel_init", Map.of("name", "he_uniform", "mode", "fan_in", "gain", Math.sqrt(2)),
                "bias_init", Map.of("name", "zeros")), first);
    }

    @Test
    void fashionMnistExampleUsesTheDefaultDirectoryAndACosineOverTheRun() throws Exception {
        ExperimentSpec spec = Experiment.load(EXAMPLES.resolve("fashion-mnist.json")).spec();
        assertEquals(new SourceSpec.FashionMnistFiles(null), spec.data().source());
        assertEquals(List.of(new Rescale(1.0 / 255)), spec.data().transforms());
        assertEquals(new LrSchedule.CosineDecay(0, 0), spec.schedule());
        assertEquals(new LrSchedule.CosineDecay(4690, 0), spec.schedule().forRun(4690));
    }

    @Test
    void everyRegisteredLossParsesByName() {
        Set<Class<?>> parsed = new HashSet<>();
        for (String name : Loss.REGISTRY.names()) {
            // the mixture NLL must be told its components; every other loss has defaults for all its settings
            Loss loss = parse(with("loss", name.equals("mixture_nll") ? Map.of("name", name, "components", 3)
                    : Map.of("name", name))).loss();
            assertEquals(name, Loss.REGISTRY.nameOf(loss));
            parsed.add(loss.getClass());
        }
        assertEquals(10, parsed.size(), "the ten built-in losses: " + parsed);
    }

    @Test
    void lossParametersAndDefaults() {
        assertEquals(new Huber(2.5, Reduction.SUM),
                parse(with("loss", Map.of("name", "huber", "delta", 2.5, "reduction", "sum"))).loss());
        assertEquals(CrossEntropy.of().withLabelSmoothing(0.1),
                parse(with("loss", Map.of("name", "cross_entropy", "label_smoothing", 0.1))).loss());
    }

    @Test
    void everyOptimizerBuildsWithItsSettings() {
        Dense layer = new Dense(3);
        layer.build(Shape.of(2), new dev.nabla.tensor.Generator(0), dev.nabla.tensor.DType.FLOAT32);
        for (String name : OptimizerConfig.REGISTRY.names()) {
            Optimizer o = parse(with("optimizer", Map.of("name", name, "lr", 0.02, "clip_norm", 1.0)))
                    .optimizer().create(layer.parameters());
            assertEquals(0.02, o.baseLearningRate(), name);
            assertEquals(1.0, o.clipNorm(), name);
        }
        OptimizerSpec adam = parse(with("optimizer", Map.of("name", "adam", "betas", List.of(0.8, 0.99), "amsgrad", true)))
                .optimizer();
        assertEquals(Adam.Config.DEFAULT.withBetas(0.8, 0.99).withAmsgrad(true), adam.config());
        OptimizerSpec adamw = parse(with("optimizer", Map.of("name", "adamw"))).optimizer();
        assertEquals(AdamW.DEFAULT, adamw.config());
        assertEquals(AdamW.class, adamw.create(layer.parameters()).getClass());
        OptimizerSpec sgd = parse(with("optimizer", Map.of("name", "sgd", "lr", 0.1, "momentum", 0.9, "nesterov", true,
                "clip_value", 5))).optimizer();
        assertEquals(new OptimizerSpec(new SGD.Config(0.1, 0.9, true, 0), new OptimizerSpec.Clipping(
                Double.POSITIVE_INFINITY, 5)), sgd);
    }

    @Test
    void schedules() {
        assertEquals(new LrSchedule.ExponentialDecay(0.999),
                parse(with("schedule", Map.of("name", "exponential", "beta", 0.999))).schedule());
        assertEquals(new LrSchedule.StepDecay(100, 0.5),
                parse(with("schedule", Map.of("name", "step", "step_size", 100, "gamma", 0.5))).schedule());
        LrSchedule cosine = parse(with("schedule", Map.of("name", "cosine", "total_steps", 50, "min_lr", 1e-5))).schedule();
        assertEquals(new LrSchedule.CosineDecay(50, 1e-5), cosine.forRun(1000), "an explicit length wins over the run's");
        assertEquals(OneCycle.DEFAULT.withTotalSteps(1000), parse(with("schedule", Map.of("name", "one_cycle"))).schedule()
                .forRun(1000), "PyTorch's defaults over the run");
        assertEquals(new OneCycle(0, 0.25, 10, 100, OneCycle.Anneal.LINEAR, true, false, 0.8, 0.9),
                parse(with("schedule", Map.of("name", "one_cycle", "pct_start", 0.25, "div_factor", 10, "final_div_factor",
                        100, "anneal_strategy", "linear", "three_phase", true, "cycle_momentum", false, "base_momentum", 0.8,
                        "max_momentum", 0.9))).schedule());
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse(with("schedule", Map.of("name", "one_cycle", "anneal_strategy", "cosine"))));
        assertEquals("$.schedule.anneal_strategy: unknown anneal_strategy 'cosine'; allowed: cos, linear", e.getMessage());
        ConfigException noMomentum = assertThrows(ConfigException.class, () -> parse(with(with("schedule",
                Map.of("name", "one_cycle")), "optimizer", Map.of("name", "sgd", "lr", 0.1))));
        assertEquals("$.schedule: one_cycle cycles the momentum, and the optimizer sgd has none: set the schedule's "
                + "cycle_momentum to false, or use an optimizer with a momentum (SGD or RMSprop with momentum above 0, "
                + "Adam, AdamW)", noMomentum.getMessage());
        assertEquals(OneCycle.DEFAULT, parse(with(with("schedule", Map.of("name", "one_cycle")), "optimizer",
                Map.of("name", "sgd", "lr", 0.1, "momentum", 0.9))).schedule(), "SGD with a momentum takes the cycle");
    }

    @Test
    void callbacksAndPenaltiesTakeKerasDefaults() {
        String json = with(with(with("data.validation_split", 0.25), "callbacks", List.of(
                Map.of("name", "early_stopping", "patience", 3, "restore_best_weights", true),
                Map.of("name", "reduce_lr_on_plateau", "monitor", "val_accuracy", "factor", 0.5))),
                "penalties", List.of(Map.of("kind", "l2", "lambda", 1e-4)));
        ExperimentSpec spec = parse(json);
        assertEquals(new EarlyStopping.Config("val_loss", 0, 3, Mode.AUTO, true), spec.callbacks().get(0));
        assertEquals(new ReduceLROnPlateau.Config("val_accuracy", 0.5, 10, 0, 0, 1e-4, Mode.AUTO),
                spec.callbacks().get(1));
        assertEquals(List.of(new PenaltySpec(Penalty.Kind.L2, 1e-4)), spec.penalties());
        assertEquals(0.25, spec.data().validationSplit());
    }

    @Test
    void activationsAndInitialisersByNameOrAsMaps() {
        String json = with(with("model.layers[0].activation", Map.of("name", "leaky_relu", "slope", 0.1)),
                "model.layers[0].kernel_init", Map.of("name", "normal", "mean", 0, "std", 0.1));
        Map<?, ?> layer = (Map<?, ?>) ((List<?>) parse(json).model().architecture().get("layers")).get(0);
        assertEquals(Map.of("name", "leaky_relu", "slope", 0.1), layer.get("activation"));
        assertEquals(Map.of("name", "normal", "mean", 0.0, "std", 0.1), layer.get("kernel_init"));
    }

    @Test
    void transformsWithSettingsAndDefaults() {
        String json = with("data.transforms", List.of(Map.of("kind", "min_max"), Map.of("kind", "min_max", "low", -1),
                Map.of("kind", "quantile"), Map.of("kind", "quantile", "quantiles", 100, "output", "normal"),
                Map.of("kind", "rescale", "scale", 2, "offset", -1)));
        assertEquals(List.of(new MinMax(), new MinMax(-1, 1), new Quantile(), new Quantile(100, "normal"),
                new Rescale(2, -1)), parse(json).data().transforms());
    }

    @Test
    void sourcesResolveRelativePathsAgainstTheSpecDirectory() {
        SourceSpec csv = parse(with("data", Map.of("source", "csv", "path", "data/iris.csv", "label", "species",
                "features", List.of("a", 2), "delimiter", ";", "header", false))).data().source();
        assertEquals(new SourceSpec.Csv(Path.of("/specs/data/iris.csv"), List.of("species"), List.of("a", "2"), false, ';',
                CsvReader.LabelKind.AUTO), csv);
        SourceSpec multi = parse(with("data", Map.of("source", "csv", "path", "t.csv", "label", List.of("y1", 3)))).data()
                .source();
        assertEquals(List.of("y1", "3"), ((SourceSpec.Csv) multi).labels());
        SourceSpec idx = parse(with("data", Map.of("source", "idx", "train_images", "/abs/ti", "train_labels", "tl",
                "test_images", "../x/vi", "test_labels", "vl"))).data().source();
        assertEquals(new SourceSpec.Idx(Path.of("/abs/ti"), Path.of("/specs/tl"), Path.of("/x/vi"), Path.of("/specs/vl")), idx);
        assertTrue(idx.hasTestPart());
        assertEquals(new SourceSpec.Npz(Path.of("/specs/d.npz"), "x", "y"),
                parse(with("data", Map.of("source", "npz", "path", "d.npz"))).data().source());
        assertEquals(new SourceSpec.FashionMnistFiles(Path.of("/specs/fm")),
                parse(with("data", Map.of("source", "fashion-mnist", "dir", "fm"))).data().source());
    }

    @Test
    void imageFoldersAndAugmentation() {
        DataSpec d = parse(with("data", Map.of("source", "image_folder", "path", "shapes", "size", List.of(24, 32),
                "channels", 1, "pixels", "raw", "augment", List.of(Map.of("kind", "hflip"), Map.of("kind", "crop", "padding", 2),
                        Map.of("kind", "rotate", "degrees", 10))))).data();
        assertEquals(new SourceSpec.ImageFolder(Path.of("/specs/shapes"), new dev.nabla.data.ImageFolder.Options(1, 24, 32, false)),
                d.source());
        assertEquals(List.of(new dev.nabla.data.HorizontalFlip(0.5), new dev.nabla.data.RandomShift(2, 0),
                new dev.nabla.data.RandomRotation(10, 0)), d.augment());
        assertEquals(new SourceSpec.ImageFolder(Path.of("/specs/f"), dev.nabla.data.ImageFolder.Options.defaults()),
                parse(with("data", Map.of("source", "image_folder", "path", "f"))).data().source(), "RGB, [0, 1], no resize");
    }

    @Test
    void syntheticSets() {
        assertEquals(new SourceSpec.Synthetic(new SyntheticSet.Spirals(500, 0.1)),
                parse(with("data", Map.of("source", "synthetic", "name", "spirals", "samples", 500, "noise", 0.1)))
                        .data().source());
        assertEquals(new SourceSpec.Synthetic(new SyntheticSet.Circles(100, 0, 0.8)),
                parse(with("data", Map.of("source", "synthetic", "name", "circles", "samples", 100))).data().source());
        assertEquals(new SourceSpec.Synthetic(new SyntheticSet.LinearRegression(50, List.of(1.0, -2.0), 0.5, 0)),
                parse(with("data", Map.of("source", "synthetic", "name", "linear_regression", "samples", 50,
                        "weights", List.of(1, -2), "bias", 0.5))).data().source());
    }

    @Test
    void graphModels() {
        String json = with("model", Map.of("type", "Graph", "inputs", Map.of("x", List.of(0)), "nodes", List.of(
                Map.of("name", "h", "inputs", List.of("x"), "layer", Map.of("type", "Dense", "units", 4, "activation", "tanh")),
                Map.of("name", "out", "inputs", List.of("h"), "layer", Map.of("type", "Dense", "units", 2))),
                "outputs", List.of("out")));
        SpecException empty = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class, () -> parse(json));
        assertEquals("$.model.inputs.x[0]: must be a size > 0, got 0", empty.getMessage());
        ModelSpec graph = parse(json.replace("\"x\":[0]", "\"x\":null")).model();
        assertEquals("Graph", graph.type());
        assertNull(graph.input());
        assertInstanceOf(dev.nabla.nn.Graph.class, graph.create(Shape.of(2), 0));
    }

    @Test
    void nameDefaultsToTheFileAndOutputToRunsSlashName() {
        ExperimentSpec spec = parse(with("output", Map.of("dir", "out/here")));
        assertEquals("test", spec.name());
        assertEquals(Path.of("out/here"), spec.output().dir());
        assertEquals("given", parse(with("name", "given")).name());
        assertEquals(SpecEdits.MINIMAL, parse(SpecEdits.MINIMAL).text());
    }
}
