package dev.nabla.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.config.ConfigWriter;
import dev.nabla.config.CustomConfig;
import dev.nabla.config.Registry;
import dev.nabla.data.Augmentation;
import dev.nabla.data.FittedTransform;
import dev.nabla.data.HorizontalFlip;
import dev.nabla.data.RandomErasing;
import dev.nabla.data.RandomRotation;
import dev.nabla.data.RandomShift;
import dev.nabla.data.MinMax;
import dev.nabla.data.Quantile;
import dev.nabla.data.Rescale;
import dev.nabla.data.Standardize;
import dev.nabla.data.Transform;
import dev.nabla.io.Json;
import dev.nabla.loss.BinaryCrossEntropy;
import dev.nabla.loss.BinaryCrossEntropyWithLogits;
import dev.nabla.loss.CrossEntropy;
import dev.nabla.loss.GaussianNLL;
import dev.nabla.loss.Huber;
import dev.nabla.loss.Loss;
import dev.nabla.loss.MAE;
import dev.nabla.loss.MSE;
import dev.nabla.loss.NLL;
import dev.nabla.loss.Reduction;
import dev.nabla.loss.SmoothL1;
import dev.nabla.nn.Activation;
import dev.nabla.nn.AvgPool2D;
import dev.nabla.nn.BatchNorm1d;
import dev.nabla.nn.BatchNorm2d;
import dev.nabla.nn.Conv1D;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.GlobalAvgPool2D;
import dev.nabla.nn.MaxPool2D;
import dev.nabla.nn.Reshape;
import dev.nabla.nn.ActivationLayer;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Graph;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.LayerNorm;
import dev.nabla.nn.Layers;
import dev.nabla.nn.Merge;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.AdaGrad;
import dev.nabla.optim.Adam;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.LrSchedule;
import dev.nabla.optim.OneCycle;
import dev.nabla.optim.OptimizerConfig;
import dev.nabla.optim.RMSprop;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.CallbackConfig;
import dev.nabla.train.EarlyStopping;
import dev.nabla.train.Metric;
import dev.nabla.train.MonitorCallback.Mode;
import dev.nabla.train.ReduceLROnPlateau;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashSet;
import dev.nabla.loss.MixtureNLL;
import dev.nabla.nn.GaussianHead;
import dev.nabla.nn.GaussianMixture;
import dev.nabla.nn.MixtureDensityHead;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every family's registry, every built-in member: a sample of each (with settings off their defaults)
 * comes back equal from its config after a JSON round trip, the config's keys are exactly the record's
 * components in snake case (so a record and its reader cannot drift apart), and no registered name is left
 * without a sample here. Activations and initialisers are covered the same way by ArchitectureConfigTest.
 */
class RegistriesTest {

    @Test
    void lossesRoundTrip() throws Exception {
        check(Loss.REGISTRY, List.of(new MSE(Reduction.SUM), new MAE(Reduction.SUM), new Huber(2.5, Reduction.SUM),
                new SmoothL1(0.5, Reduction.SUM), new BinaryCrossEntropy(Reduction.SUM),
                new BinaryCrossEntropyWithLogits(Reduction.SUM), new CrossEntropy(Reduction.SUM, 3, 0.1),
                new NLL(Reduction.SUM, 7), new GaussianNLL(true, 1e-4, Reduction.SUM),
                new MixtureNLL(3, GaussianMixture.Covariance.FULL, Reduction.SUM)));
    }

    @Test
    void metricsRoundTrip() throws Exception {
        check(Metric.REGISTRY, List.of(Metric.accuracy(), new Metric.BinaryAccuracy(0.3), Metric.mae(), Metric.mse()));
    }

    @Test
    void optimizersRoundTrip() throws Exception {
        check(OptimizerConfig.REGISTRY, List.of(new SGD.Config(0.1, 0.9, true, 1e-4), new AdaGrad.Config(0.2, 0.01, 1e-3, 0.1, 1e-9),
                new RMSprop.Config(0.03, 0.9, 1e-7, 1e-3, 0.5, true), Adam.Config.DEFAULT.withBetas(0.8, 0.99).withAmsgrad(true),
                AdamW.DEFAULT.withLr(0.02)));
        assertEquals(AdamW.DEFAULT, OptimizerConfig.REGISTRY.read(Map.of("name", "adamw"), "o"), "adamw names AdamW's defaults");
    }

    @Test
    void schedulesRoundTrip() throws Exception {
        check(LrSchedule.REGISTRY, List.of(LrSchedule.constant(), new LrSchedule.ExponentialDecay(0.99),
                new LrSchedule.StepDecay(100, 0.5), new LrSchedule.CosineDecay(0, 1e-4), new LrSchedule.CosineDecay(500, 0),
                OneCycle.DEFAULT, new OneCycle(300, 0.25, 10, 100, OneCycle.Anneal.LINEAR, true, false, 0.8, 0.9)));
    }

    @Test
    void callbacksRoundTrip() throws Exception {
        check(CallbackConfig.REGISTRY, List.of(new EarlyStopping.Config("val_accuracy", 0.01, 3, Mode.MAX, true),
                new ReduceLROnPlateau.Config("loss", 0.5, 2, 1e-5, 1, 0.001, Mode.MIN),
                new dev.nabla.train.GradientFlow.Config(25, 16), new dev.nabla.train.ModelEma.Config(0.99)));
    }

    @Test
    void augmentationsRoundTrip() throws Exception {
        check(Augmentation.REGISTRY, List.of(new HorizontalFlip(0.25), new RandomShift(3, 0.5), new RandomRotation(12.5, -1),
                new RandomErasing(0.4, 0.05, 0.2, 0.5, 2, 0.25, false), new RandomErasing(1, 0.1, 0.1, 1, 1, 0, true)));
    }

    @Test
    void transformsRoundTrip() throws Exception {
        check(Transform.REGISTRY, List.of(new Standardize(), new MinMax(-1, 2), new Quantile(10, "normal"), new Rescale(0.5, 1)));
        Tensor x = Tensor.of(new double[][] {{1, 5}, {2, 3}, {4, 4}, {0, 9}});
        FittedTransform s = new Standardize().fit(x), m = new MinMax(-1, 1).fit(x), q = new Quantile(3, "uniform").fit(x);
        check(FittedTransform.REGISTRY, List.of(s, m, q, new Rescale(2, -1), FittedTransform.chain(s, new Rescale(3))),
                // fitted state is arrays, which records compare by reference: compare what they do, to the bit
                (a, b) -> assertArrayEquals(a.apply(x).toDoubleArray(), b.apply(x).toDoubleArray(), 0));
    }

    @Test
    void layersRoundTrip() throws Exception {
        List<Layer> layers = List.of(new Dense(7, Activation.tanh()).withoutBias().kernelInit(Init.orthogonal()).named("fc"),
                new Dropout(0.3), new Flatten(), new ActivationLayer(Activation.leakyRelu(0.2)),
                new LayerNorm(new LayerNorm.Config(2, 1e-3, false)),
                new GaussianHead(new GaussianHead.Config(2, GaussianHead.Variance.EXP, 1e-4)),
                new MixtureDensityHead(new MixtureDensityHead.Config(3, 2, GaussianMixture.Covariance.FULL, 0.01)), Merge.add(), Merge.multiply(), Merge.average(), Merge.concat(2),
                Sequential.of(new Dense(3), new Dropout(0.1)),
                new Conv2D(Conv2D.Config.of(8, 3).withPadding("same").withGroups(2).withActivation(Activation.relu())),
                new Conv2D(Conv2D.Config.of(4, 5).withStride(2).withDilation(2).withoutBias().withPadding(1)),
                new Conv1D(Conv1D.Config.of(6, 3).withPadding("same").withKernelInit(Init.heUniform())),
                new MaxPool2D(new MaxPool2D.Config(new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 2})),
                new AvgPool2D(new AvgPool2D.Config(new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, false)),
                new GlobalAvgPool2D(), new BatchNorm1d(new BatchNorm1d.Config(1e-3, 0.2, false, false)),
                new BatchNorm2d(new BatchNorm2d.Config(1e-4, 0.05, true, false)), new Reshape(1, 28, 28),
                Graph.builder().input("x", 4).node("h", new Dense(4), "x").node("s", Merge.add(), "x", "h").output("s").build());
        Set<String> covered = new LinkedHashSet<>();
        for (Layer layer : layers) {
            Map<String, Object> config = Layers.write(layer);
            covered.add((String) config.get("type"));
            Layer back = Layers.read(viaJson(config), "layer");
            assertEquals(layer.getClass(), back.getClass());
            assertEquals(config, Layers.write(back), "round trip of " + layer);
            if (layer.config() != null && !(layer.config() instanceof CustomConfig)) {
                Set<String> keys = new LinkedHashSet<>(config.keySet());
                keys.removeAll(List.of("type", "name"));
                assertEquals(componentKeys(layer.config()), keys, "config keys of " + layer);
            }
        }
        assertEquals(builtIns(Layers.REGISTRY), covered, "a sample of every built-in layer type");
    }

    /** Samples of every registered member: each comes back equal, keys are its components, every name is covered. */
    private static <T> void check(Registry<T> registry, List<T> samples) throws Exception {
        check(registry, samples, (a, b) -> assertEquals(a, b));
    }

    private static <T> void check(Registry<T> registry, List<T> samples, java.util.function.BiConsumer<T, T> same)
            throws Exception {
        Set<String> covered = new LinkedHashSet<>();
        for (T sample : samples) {
            Map<String, Object> config = registry.write(sample);
            covered.add((String) config.get(registry.key()));
            T back = registry.read(viaJson(config), "sample");
            same.accept(sample, back);
            assertEquals(config, registry.write(back), "config of the round-tripped " + sample);
            if (!(sample instanceof CustomConfig)) {
                Set<String> keys = new LinkedHashSet<>(config.keySet());
                keys.remove(registry.key());
                assertEquals(componentKeys(sample), keys, "config keys of " + sample);
            }
        }
        Set<String> names = builtIns(registry);
        if (registry == OptimizerConfig.REGISTRY) {
            names.remove("adamw"); // written as adam with decoupled weight decay; its name is read in optimizersRoundTrip
        }
        assertTrue(covered.containsAll(names), "samples cover " + covered + ", registered: " + names);
    }

    /**
     * The registered names but those a test registered (UsersOwnPartsTest's own parts, say): registries are
     * global, and whether another test class has run before this one depends on the order.
     */
    private static Set<String> builtIns(Registry<?> registry) {
        Set<String> out = new LinkedHashSet<>();
        for (String name : registry.names()) {
            String top = registry.typeOf(name).getName().replaceAll("\\$.*", "");
            if (!top.endsWith("Test")) {
                out.add(name);
            }
        }
        return out;
    }

    private static Set<String> componentKeys(Object record) {
        Set<String> keys = new LinkedHashSet<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            keys.add(ConfigWriter.key(c.getName()));
        }
        return keys;
    }

    /** What a model file or spec gives back: JSON numbers as Long or Double. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> viaJson(Map<String, Object> config) throws Json.JsonException {
        return (Map<String, Object>) Json.parse(Json.write(config));
    }
}
