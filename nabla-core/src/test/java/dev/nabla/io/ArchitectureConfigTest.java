package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.nn.Activation;
import dev.nabla.nn.ActivationLayer;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.LayerConfig;
import dev.nabla.nn.Layers;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Architecture configs survive JSON and come back as equal objects: every built-in activation and
 * initialiser (checked against their registries, so a new one must be added here), every built-in layer,
 * and a layer type registered from outside the library. Bad configs name the place, the key and the
 * valid choices.
 */
class ArchitectureConfigTest {
    @TempDir
    Path dir;

    static final List<Activation> ACTIVATIONS = List.of(Activation.identity(), Activation.step(), Activation.sign(),
            Activation.sigmoid(), Activation.tanh(), Activation.relu(), Activation.leakyRelu(0.2), Activation.swish(1.5),
            Activation.elu(0.7), new Activation.GELU(true), Activation.gelu(), Activation.softplus(),
            new Activation.Softplus(2, 10), Activation.softmax(), new Activation.Softmax(0), Activation.logSoftmax(),
            new Activation.LogSoftmax(0));

    static final List<Init> INITS = List.of(Init.zeros(), Init.constant(0.25), Init.uniform(-0.1, 0.2),
            Init.normal(0.1, 0.05), Init.glorotUniform(), new Init.GlorotNormal(0.5), Init.heUniform(),
            new Init.HeUniform(Init.FanMode.FAN_OUT, 0.9), Init.heNormal(),
            new Init.HeNormal(Init.FanMode.FAN_OUT, 1.3), Init.orthogonal(), new Init.Orthogonal(Math.sqrt(2)));

    static Object viaJson(Object config) throws Json.JsonException {
        return Json.parse(Json.write(config));
    }

    @Test
    void everyRegisteredActivationAndInitIsCovered() {
        List<String> activations = ACTIVATIONS.stream().map(Activation::name).distinct().toList();
        List<String> inits = INITS.stream().map(Init::name).distinct().toList();
        // Built-ins only: a user's own, registered by another test in this JVM (UsersOwnPartsTest's
        // softsign), needs no case here, and whether it is there depends on the order tests run in.
        List<String> builtIn = Activation.REGISTRY.names().stream()
                .filter(n -> Activation.REGISTRY.read(Map.of("name", n), "a").getClass().getPackageName().equals("dev.nabla.nn"))
                .toList();
        assertEquals(builtIn, activations, "a round-trip case for every built-in activation");
        assertEquals(Init.REGISTRY.names(), inits, "a round-trip case for every registered initialiser");
    }

    @Test
    void activationsAndInitsRoundTripThroughJson() throws Json.JsonException {
        for (Activation a : ACTIVATIONS) {
            assertEquals(a, Activation.REGISTRY.read(Activation.REGISTRY.write(a), "a"), "direct: " + a);
            assertEquals(a, Activation.REGISTRY.read(viaJson(Activation.REGISTRY.write(a)), "a"), "via JSON: " + a);
        }
        for (Init i : INITS) {
            assertEquals(i, Init.REGISTRY.read(Init.REGISTRY.write(i), "i"), "direct: " + i);
            assertEquals(i, Init.REGISTRY.read(viaJson(Init.REGISTRY.write(i)), "i"), "via JSON: " + i);
        }
    }

    @Test
    void missingOptionalSettingsTakeTheFactoryDefaults() {
        assertEquals(Activation.leakyRelu(), Activation.REGISTRY.read(Map.of("name", "leaky_relu"), "a"));
        assertEquals(Activation.gelu(), Activation.REGISTRY.read("gelu", "a"));
        assertEquals(Init.heNormal(), Init.REGISTRY.read(Map.of("name", "he_normal"), "i"));
        assertEquals(Init.zeros(), Init.REGISTRY.read(Map.of("name", "zeros"), "i"));
        // earlier model files wrote zeros with its value
        assertEquals(Init.zeros(), Init.REGISTRY.read(Map.of("name", "zeros", "value", 0.0), "i"));
        assertEquals(Dense.Config.of(3), ((Dense) Layers.read(Map.of("type", "Dense", "units", 3), "l")).config());
    }

    @Test
    void aModelUsingEveryKindSurvivesSaveAndLoad() throws IOException {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Flatten().named("flat"));
        for (Init init : INITS) {
            Dense d = new Dense(4).kernelInit(init);
            // fan-based initialisers need a matrix: only the plain ones can fill a bias
            if (init instanceof Init.Zeros || init instanceof Init.Constant || init instanceof Init.Uniform
                    || init instanceof Init.Normal) {
                d.biasInit(init);
            }
            layers.add(d);
        }
        layers.add(new Dense(5, Activation.tanh()).withoutBias().named("no bias"));
        for (Activation a : ACTIVATIONS) {
            layers.add(new ActivationLayer(a));
        }
        layers.add(new Dropout(0.25));
        Sequential model = new Sequential(layers).build(7, DType.FLOAT64, 2, 3);
        Path file = dir.resolve("every.safetensors");
        ModelFile.save(file, model);
        Layer loaded = ModelFile.load(file);
        assertEquals(Layers.write(model), Layers.write(loaded));
        assertEquals(Shape.of(2, 3), loaded.inputShape());
        Tensor x = Tensor.normal(new Generator(5), DType.FLOAT64, 0, 1, 4, 2, 3);
        model.eval();
        loaded.eval();
        ModelFileTest.assertSameBits(model.forward(x), loaded.forward(x));
    }

    @Test
    void theDenseConfigIsItsRecordsComponentsInSnakeCase() {
        Map<String, Object> c = Layers.write(new Dense(7, Activation.leakyRelu(0.2)).named("fc1"));
        assertEquals(List.of("type", "name", "units", "activation", "use_bias", "kernel_init", "bias_init"),
                List.copyOf(c.keySet()));
        assertEquals(Map.of("name", "leaky_relu", "slope", 0.2), c.get("activation"));
        assertEquals(Map.of("name", "glorot_uniform", "gain", 1.0), c.get("kernel_init"));
    }

    private static void assertIllegal(Executable e, String... parts) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        for (String p : parts) {
            assertTrue(ex.getMessage().contains(p), () -> "message '" + ex.getMessage() + "' should contain '" + p + "'");
        }
    }

    @Test
    void badActivationAndInitConfigsNameTheChoices() {
        assertIllegal(() -> Activation.REGISTRY.read(Map.of("name", "relu6"), "a"), "a.name: unknown activation 'relu6'",
                "leaky_relu", "log_softmax");
        assertIllegal(() -> Activation.REGISTRY.read(Map.of("name", "relu", "slope", 0.1), "a"), "a.slope: unknown key; allowed: name");
        assertIllegal(() -> Activation.REGISTRY.read(Map.of("name", "leaky_relu", "slope", "big"), "a"),
                "a.slope: must be a number, got the string \"big\"");
        assertIllegal(() -> Activation.REGISTRY.read(Map.of("name", "leaky_relu", "slope", -1), "a"), "a.slope: must be finite and >= 0");
        assertIllegal(() -> Activation.REGISTRY.read(Map.of("name", "softmax", "axis", 1.5), "a"), "a.axis: must be an integer, got 1.5");
        assertIllegal(() -> Activation.REGISTRY.read(Map.of("slope", 1), "a"), "a.name: required key is missing");
        assertIllegal(() -> Init.REGISTRY.read(Map.of("name", "xavier"), "i"), "unknown initialiser 'xavier'", "glorot_uniform", "orthogonal");
        assertIllegal(() -> Init.REGISTRY.read(Map.of("name", "uniform", "a", 0), "i"), "i.b: required key is missing");
        assertIllegal(() -> Init.REGISTRY.read(Map.of("name", "uniform", "a", 1, "b", 0), "i"), "i.b: must be >= a (1.0), got 0.0");
        assertIllegal(() -> Init.REGISTRY.read(Map.of("name", "he_uniform", "mode", "fan_avg"), "i"),
                "i.mode: unknown mode 'fan_avg'; allowed: fan_in, fan_out");
        assertIllegal(() -> Init.REGISTRY.read(Map.of("name", "zeros", "value", 1), "i"), "i.value: must be 0 for zeros");
    }

    @Test
    void intsAreReadCarefully() {
        Map<String, Object> whole = Map.of("type", "Dense", "units", 16.0);
        assertEquals(16, ((Dense) Layers.read(whole, "l")).units(), "16.0 is a whole number");
        assertIllegal(() -> Layers.read(Map.of("type", "Dense", "units", 3e10), "l"), "l.units: must be an integer");
        assertIllegal(() -> Layers.read(Map.of("type", "Dense", "units", 1L << 40), "l"), "l.units: must be an integer");
        assertIllegal(() -> Layers.read(Map.of("type", "Dense", "units", Double.NaN), "l"), "must be an integer");
        assertIllegal(() -> Layers.read(Map.of("type", "Dense", "units", "16"), "l"), "must be an integer, got the string \"16\"");
        assertIllegal(() -> Layers.read(Map.of("type", "Dense", "units", 0), "l"), "l.units: must be > 0, got 0");
        assertIllegal(() -> new Dense(0), "Dense: units must be > 0, got 0");
    }

    @Test
    void badLayerConfigsNameThePlaceAndKey() {
        assertIllegal(() -> Layers.read(Map.of("type", "Dense", "unitz", 3), "l"), "l.unitz: unknown key; allowed: type, name, units, activation,");
        assertIllegal(() -> Layers.read(Map.of("type", "Dense", "name", "fc1"), "l"), "l.units: required key is missing");
        assertIllegal(() -> Layers.read(Map.of("type", "Dense", "units", 3, "activation", Map.of("name", "nope")), "l"),
                "l.activation.name: unknown activation 'nope'");
        assertIllegal(() -> Layers.read(Map.of("type", "Sequential", "layers", List.of(Map.of("type", "Flatten"), 3)), "l"),
                "l.layers[1]: must be a JSON object, got 3");
        assertIllegal(() -> Layers.read(Map.of("type", "Sequential", "layers", List.of()), "l"), "l.layers: must hold at least one layer");
        assertIllegal(() -> Layers.read(Map.of("layers", List.of()), "l"), "l.type: required key is missing");
        assertIllegal(() -> Layers.read(Map.of("type", "Dropout", "p", 1.5), "l"), "l.p: must be in [0, 1], got 1.5");
    }

    /** A layer from outside the library: y = factor·x, with its settings record. */
    static final class Scale extends Layer {
        record Config(double factor) implements LayerConfig {
            Config {
                Check.finite("Scale", "factor", factor);
            }

            static Config read(ConfigReader c) {
                return c.allowOnly("factor").build(() -> new Config(c.number("factor")));
            }

            @Override
            public Scale create() {
                return new Scale(factor);
            }
        }

        final Config config;

        Scale(double factor) {
            this.config = new Config(factor);
        }

        @Override
        public Config config() {
            return config;
        }

        @Override
        protected Shape doBuild(Shape input, Generator g, DType dtype) {
            return input;
        }

        @Override
        protected Tensor call(Tensor x) {
            return x.mul(config.factor());
        }
    }

    @Test
    void registeredLayersLoadAndUnregisteredOnesAreRefusedAtSave() throws IOException {
        Sequential model = Sequential.of(new Dense(2), new Scale(3)).build(1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.save(dir.resolve("s.safetensors"), model));
        assertTrue(e.getMessage().contains("Scale") && e.getMessage().contains("not a registered layer type"), e.getMessage());

        Layers.register("Scale", Scale.class, Scale.Config::read);
        assertTrue(Layers.types().containsAll(List.of("Dense", "Scale")));
        assertThrows(IllegalStateException.class, () -> Layers.register("Scale", Scale.class, Scale.Config::read));
        Path file = dir.resolve("s.safetensors");
        ModelFile.save(file, model);
        Layer loaded = ModelFile.load(file);
        assertEquals(Layers.write(model), Layers.write(loaded));
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        ModelFileTest.assertSameBits(model.forward(x), loaded.forward(x));
        assertEquals("[2]", Arrays.toString(loaded.outputShape().dims()));
    }

    @Test
    void aLayerWithoutAConfigTrainsButIsNotSaved() {
        Layer plain = new Layer() {
            @Override
            protected Shape doBuild(Shape input, Generator g, DType dtype) {
                return input;
            }

            @Override
            protected Tensor call(Tensor x) {
                return x.neg();
            }
        };
        Sequential model = Sequential.of(new Dense(2), plain).build(1, 2);
        assertEquals(2, model.forward(Tensor.ones(3, 2)).dim(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.save(dir.resolve("p.safetensors"), model));
        assertTrue(e.getMessage().contains("not a registered layer type"), e.getMessage());
    }
}
