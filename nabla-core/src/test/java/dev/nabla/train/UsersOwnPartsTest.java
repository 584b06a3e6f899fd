package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.data.Bundled;
import dev.nabla.data.Dataset;
import dev.nabla.data.FittedTransform;
import dev.nabla.data.Standardize;
import dev.nabla.io.ModelFile;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Activation;
import dev.nabla.nn.ActivationLayer;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Graph;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Layers;
import dev.nabla.nn.Merge;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.spec.Experiment;
import dev.nabla.spec.ExperimentResult;
import dev.nabla.spec.RunListener;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own loss, metric, activation and layer, written here as a user would, work where the
 * built-ins do: in {@code Trainer.fit}, {@code Sequential} and {@code Graph} from Java, and, once
 * registered by name, in experiment specs and model files.
 */
class UsersOwnPartsTest {

    /** The quantile (pinball) loss: mean of max(τ·d, (τ − 1)·d) with d = y − ŷ; minimised by the τ-quantile. */
    record Pinball(double tau) implements Loss {
        Pinball {
            Check.that(tau > 0 && tau < 1, "Pinball", "tau", "in (0, 1)", tau);
        }

        static Pinball read(ConfigReader c) {
            return c.allowOnly("tau").build(() -> new Pinball(c.number("tau", 0.5)));
        }

        @Override
        public Tensor compute(Tensor prediction, Tensor target) {
            Tensor d = target.sub(prediction);
            return d.mul(tau).maximum(d.mul(tau - 1)).mean();
        }
    }

    /** The fraction of targets at or below the prediction: what a τ-quantile model should bring near τ. */
    record Coverage() implements Metric {
        @Override
        public String name() {
            return "coverage";
        }

        @Override
        public double[] batch(Tensor prediction, Tensor target) {
            double[] p = prediction.toDoubleArray(), y = target.toDoubleArray();
            int below = 0;
            for (int i = 0; i < p.length; i++) {
                below += y[i] <= p[i] ? 1 : 0;
            }
            return new double[] {below, p.length};
        }
    }

    /** Softsign, x / (1 + |x|): an activation of one's own. */
    record Softsign() implements Activation {
        @Override
        public Tensor apply(Tensor x) {
            return x.div(x.abs().add(1));
        }
    }

    /** y = x·scale with one learnt scale per feature: a layer of one's own, with a parameter. */
    static final class Scale extends Layer {
        record Config() implements dev.nabla.nn.LayerConfig {
            @Override
            public Scale create() {
                return new Scale();
            }
        }

        Parameter scale;

        @Override
        public Config config() {
            return new Config();
        }

        @Override
        protected Shape doBuild(Shape input, Generator g, DType dtype) {
            scale = registerParameter("scale", new Parameter(Tensor.ones(dtype, input.dims())));
            return input;
        }

        @Override
        protected Tensor call(Tensor x) {
            return x.mul(scale.value());
        }
    }

    @BeforeAll
    static void register() {
        if (!Loss.REGISTRY.names().contains("pinball")) {
            Loss.REGISTRY.register("pinball", Pinball.class, Pinball::read);
            Metric.REGISTRY.register("coverage", Coverage.class, c -> c.allowOnly().build(Coverage::new));
            Activation.REGISTRY.register("softsign", Softsign.class, c -> c.allowOnly().build(Softsign::new));
            Layers.register("UsersScale", Scale.class, c -> c.allowOnly().build(Scale.Config::new));
        }
    }

    /** Diabetes (real data): standardized features, targets in hundreds. */
    private static Dataset diabetes() {
        Dataset d = Bundled.diabetes();
        FittedTransform scale = new Standardize().fit(d.features());
        return Dataset.of(scale.apply(d.features()), d.targets().div(100));
    }

    private static double coverage(Layer model, Dataset d) {
        double[] c = new Coverage().batch(new Trainer(model, new Pinball(0.5), new Adam(model.parameters(), 1e-3))
                .predict(d.features(), 128), d.targets());
        return c[0] / c[1];
    }

    @Test
    void aQuantileLossOfOnesOwnTrainsThroughFit() {
        Dataset d = diabetes();
        for (double tau : new double[] {0.1, 0.9}) {
            Sequential model = Sequential.of(new Dense(32, Activation.relu()), new Dense(1)).build(3, 10);
            Loss loss = new Pinball(tau);
            Trainer trainer = new Trainer(model, loss, new Adam(model.parameters(), 1e-2));
            History h = trainer.fit(d, FitOptions.defaults().epochs(400).batchSize(128).seed(1).metrics(new Coverage()));
            assertTrue(h.last("loss") < 0.5 * h.get("loss").getFirst(), "tau " + tau + ": " + h.get("loss"));
            double covered = coverage(model, d);
            assertEquals(tau, covered, 0.04, "tau " + tau + ": the fraction of targets below the predicted quantile");
            assertEquals(h.epochs(), h.get("coverage").size(), "the metric of one's own is logged every epoch");
        }
    }

    @Test
    void aMetricOfOnesOwnIsEvaluatedExactly() {
        Dataset d = diabetes();
        Sequential model = Sequential.of(new Dense(8, Activation.tanh()), new Dense(1)).build(5, 10);
        Trainer trainer = new Trainer(model, new Pinball(0.5), new Adam(model.parameters(), 1e-2));
        Map<String, Double> logs = trainer.evaluate(d.features(), d.targets(), 50, List.of(new Coverage()), List.of());
        assertEquals(coverage(model, d), logs.get("coverage"), 0);
    }

    @Test
    void anActivationAndALayerOfOnesOwnTrainInSequentialAndGraph() {
        Dataset d = diabetes();
        Sequential seq = Sequential.of(new Scale(), new Dense(16, new Softsign()), new ActivationLayer(new Softsign()),
                new Dense(1)).build(2, 10);
        Graph graph = Graph.builder().input("x", 10)
                .node("s", new Scale(), "x")
                .node("h", new Dense(10, new Softsign()), "s")
                .node("sum", Merge.add(), "s", "h")
                .node("out", new Dense(1), "sum")
                .output("out").build(2);
        for (Layer model : List.of(seq, graph)) {
            Parameter scale = model.parameters().getFirst();
            float[] before = scale.value().toFloatArray();
            History h = new Trainer(model, new Pinball(0.5), new Adam(model.parameters(), 1e-2))
                    .fit(d, FitOptions.defaults().epochs(20).batchSize(32));
            assertTrue(h.last("loss") < h.get("loss").getFirst(), model + ": " + h.get("loss"));
            assertTrue(!java.util.Arrays.equals(before, scale.value().toFloatArray()), "the layer's own parameter learnt");
        }
    }

    @Test
    void registeredPartsAreSavedAndLoadedByName(@TempDir Path dir) throws Exception {
        Sequential model = Sequential.of(new Scale(), new Dense(4, new Softsign()), new Dense(1)).build(9, 10);
        Map<String, Object> architecture = Layers.write(model);
        assertEquals("softsign", ((Map<?, ?>) ((Map<?, ?>) ((List<?>) architecture.get("layers")).get(1)).get("activation"))
                .get("name"));
        Path file = dir.resolve("own.safetensors");
        ModelFile.save(file, model);
        Layer loaded = ModelFile.load(file);
        Tensor x = diabetes().features().slice(0, 0, 5);
        assertArrayEquals(model.forward(x).toFloatArray(), loaded.forward(x).toFloatArray(), 0f);
    }

    @Test
    void registeredPartsAreNamedInASpec() throws Exception {
        String spec = """
                {"seed": 4,
                 "data": {"source": "synthetic", "name": "sine", "samples": 2000, "noise": 0.3, "test_split": 0.25},
                 "model": {"type": "Sequential", "layers": [
                     {"type": "UsersScale"},
                     {"type": "Dense", "units": 32, "activation": "softsign"},
                     {"type": "Dense", "units": 1}]},
                 "loss": {"name": "pinball", "tau": 0.9},
                 "optimizer": {"name": "adam", "lr": 0.01},
                 "training": {"epochs": 40, "batch_size": 64},
                 "metrics": ["coverage"]}
                """;
        ExperimentResult r = Experiment.parse(spec, Path.of(".")).run(RunListener.NONE);
        assertEquals(0.9, r.testMetrics().get("coverage"), 0.05, "test-set coverage of the 0.9 quantile: " + r.testMetrics());
        assertEquals(new Pinball(0.9), r.spec().loss());
    }
}
