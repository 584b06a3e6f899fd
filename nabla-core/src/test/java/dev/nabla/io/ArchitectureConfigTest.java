package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.Activation;
import dev.nabla.nn.ActivationLayer;
import dev.nabla.nn.Configs;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Architecture configs survive JSON and come back as equal objects: every activation and initialiser
 * kind (checked against the sealed families, so a new kind must be added here), every built-in layer,
 * and a layer type registered from outside the package. Bad configs name the key and the valid choices.
 */
class ArchitectureConfigTest {
    @TempDir
    Path dir;

    static final List<Activation> ACTIVATIONS = List.of(Activation.identity(), Activation.step(), Activation.sign(),
            Activation.sigmoid(), Activation.tanh(), Activation.relu(), Activation.leakyRelu(0.2), Activation.swish(1.5),
            Activation.elu(0.7), new Activation.GELU(true), Activation.gelu(), Activation.softmax(),
            new Activation.Softmax(0), Activation.logSoftmax(), new Activation.LogSoftmax(0));

    static final List<Init> INITS = List.of(Init.zeros(), Init.constant(0.25), Init.uniform(-0.1, 0.2),
            Init.normal(0.1, 0.05), Init.glorotUniform(), new Init.GlorotNormal(0.5), Init.heUniform(),
            new Init.HeUniform(Init.FanMode.FAN_OUT, 0.9), Init.heNormal(),
            new Init.HeNormal(Init.FanMode.FAN_OUT, 1.3), Init.orthogonal(), new Init.Orthogonal(Math.sqrt(2)));

    @SuppressWarnings("unchecked")
    static Map<String, Object> viaJson(Map<String, Object> config) throws Json.JsonException {
        return (Map<String, Object>) Json.parse(Json.write(config));
    }

    @Test
    void everyActivationAndInitKindIsCovered() {
        Set<Class<?>> seen = new HashSet<>();
        ACTIVATIONS.forEach(a -> seen.add(a.getClass()));
        INITS.forEach(i -> seen.add(i.getClass()));
        for (Class<?> c : Activation.class.getPermittedSubclasses()) {
            assertTrue(seen.contains(c), "no round-trip case for activation " + c.getSimpleName());
        }
        for (Class<?> c : Init.class.getPermittedSubclasses()) {
            assertTrue(seen.contains(c), "no round-trip case for initialiser " + c.getSimpleName());
        }
    }

    @Test
    void activationsAndInitsRoundTripThroughJson() throws Json.JsonException {
        for (Activation a : ACTIVATIONS) {
            assertEquals(a, Configs.activation(Configs.of(a)), "direct: " + a);
            assertEquals(a, Configs.activation(viaJson(Configs.of(a))), "via JSON: " + a);
        }
        for (Init i : INITS) {
            assertEquals(i, Configs.init(Configs.of(i)), "direct: " + i);
            assertEquals(i, Configs.init(viaJson(Configs.of(i))), "via JSON: " + i);
        }
    }

    @Test
    void missingOptionalParametersTakeTheFactoryDefaults() {
        assertEquals(Activation.leakyRelu(), Configs.activation(Map.of("name", "leaky_relu")));
        assertEquals(Activation.gelu(), Configs.activation(Map.of("name", "gelu")));
        assertEquals(Init.heNormal(), Configs.init(Map.of("name", "he_normal")));
        assertEquals(Init.zeros(), Configs.init(Map.of("name", "zeros")));
    }

    @Test
    void aModelUsingEveryKindSurvivesSaveAndLoad() throws IOException {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Flatten().named("flat"));
        for (Init init : INITS) {
            Dense d = new Dense(4).kernelInit(init);
            // fan-based initialisers need a matrix: only the plain ones can fill a bias
            if (init instanceof Init.Constant || init instanceof Init.Uniform || init instanceof Init.Normal) {
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
        assertEquals(model.config(), loaded.config());
        assertEquals(Shape.of(2, 3), loaded.inputShape());
        Tensor x = Tensor.normal(new Generator(5), DType.FLOAT64, 0, 1, 4, 2, 3);
        model.eval();
        loaded.eval();
        ModelFileTest.assertSameBits(model.forward(x), loaded.forward(x));
    }

    private static void assertIllegal(Executable e, String... parts) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        for (String p : parts) {
            assertTrue(ex.getMessage().contains(p), () -> "message '" + ex.getMessage() + "' should contain '" + p + "'");
        }
    }

    @Test
    void badActivationAndInitConfigsNameTheChoices() {
        assertIllegal(() -> Configs.activation(Map.of("name", "relu6")), "unknown activation 'relu6'", "leaky_relu", "log_softmax");
        assertIllegal(() -> Configs.activation(Map.of("name", "relu", "slope", 0.1)), "activation 'relu'", "unknown key 'slope'");
        assertIllegal(() -> Configs.activation(Map.of("name", "leaky_relu", "slope", "big")), "'slope' must be a number");
        assertIllegal(() -> Configs.activation(Map.of("name", "softmax", "axis", 1.5)), "'axis' must be an integer, got 1.5");
        assertIllegal(() -> Configs.activation(Map.of("slope", 1)), "activation: missing 'name'");
        assertIllegal(() -> Configs.init(Map.of("name", "xavier")), "unknown initialiser 'xavier'", "glorot_uniform", "orthogonal");
        assertIllegal(() -> Configs.init(Map.of("name", "uniform", "a", 0)), "initialiser 'uniform': missing 'b'");
        assertIllegal(() -> Configs.init(Map.of("name", "he_uniform", "mode", "fan_avg")), "fan_in or fan_out");
        assertIllegal(() -> Configs.init(Map.of("name", "zeros", "value", 1)), "value must be 0");
    }

    @Test
    void intsAreReadCarefully() {
        Map<String, Object> whole = Map.of("type", "Dense", "units", 16.0);
        assertEquals(16, ((Dense) LayerRegistry.fromConfig(whole)).units(), "16.0 is a whole number");
        assertIllegal(() -> LayerRegistry.fromConfig(Map.of("type", "Dense", "units", 3e10)), "'units' must fit in an int");
        assertIllegal(() -> LayerRegistry.fromConfig(Map.of("type", "Dense", "units", 1L << 40)), "must fit in an int");
        assertIllegal(() -> LayerRegistry.fromConfig(Map.of("type", "Dense", "units", Double.NaN)), "must be an integer");
        assertIllegal(() -> LayerRegistry.fromConfig(Map.of("type", "Dense", "units", "16")), "must be an integer, got the string \"16\"");
        assertIllegal(() -> LayerRegistry.fromConfig(Map.of("type", "Dense", "units", 0)), "units must be > 0, got 0");
    }

    @Test
    void badLayerConfigsNameTheLayerAndKey() {
        assertIllegal(() -> LayerRegistry.fromConfig(Map.of("type", "Dense", "unitz", 3)), "Dense: unknown key 'unitz'", "units");
        assertIllegal(() -> LayerRegistry.fromConfig(Map.of("type", "Dense", "name", "fc1")), "Dense 'fc1': missing 'units'");
        assertIllegal(() -> LayerRegistry.fromConfig(Map.of("type", "Dense", "units", 3, "activation", Map.of("name", "nope"))),
                "Dense: activation: unknown activation 'nope'");
        assertIllegal(() -> LayerRegistry.fromConfig(Map.of("type", "Sequential", "layers", List.of(Map.of("type", "Flatten"), 3))),
                "layers[1] must be a layer config object");
        assertIllegal(() -> LayerRegistry.fromConfig(Map.of("type", "Sequential", "layers", List.of())), "at least one layer");
        assertIllegal(() -> LayerRegistry.fromConfig(Map.of("layers", List.of())), "layer config: missing 'type'");
    }

    /** A layer from outside the built-ins: y = factor·x. */
    static final class Scale extends Layer {
        final double factor;

        Scale(double factor) {
            this.factor = factor;
        }

        @Override
        protected Shape doBuild(Shape input, Generator g, DType dtype) {
            return input;
        }

        @Override
        protected Tensor call(Tensor x) {
            return x.mul(factor);
        }

        @Override
        public Map<String, Object> config() {
            Map<String, Object> m = baseConfig();
            m.put("factor", factor);
            return m;
        }
    }

    @Test
    void registeredLayersLoadAndUnregisteredOnesAreRefusedAtSave() throws IOException {
        Sequential model = Sequential.of(new Dense(2), new Scale(3)).build(1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.save(dir.resolve("s.safetensors"), model));
        assertTrue(e.getMessage().contains("would not load back") && e.getMessage().contains("unknown layer type 'Scale'"),
                e.getMessage());

        LayerRegistry.register("Scale", (config, owner) -> {
            Configs.checkKeys(config, owner, "type", "name", "factor");
            return new Scale(Configs.doubleValue(config, "factor", owner));
        });
        assertTrue(LayerRegistry.types().containsAll(List.of("Dense", "Scale")));
        assertThrows(IllegalStateException.class, () -> LayerRegistry.register("Scale", (c, o) -> new Scale(1)));
        Path file = dir.resolve("s.safetensors");
        ModelFile.save(file, model);
        Layer loaded = ModelFile.load(file);
        assertEquals(model.config(), loaded.config());
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        ModelFileTest.assertSameBits(model.forward(x), loaded.forward(x));
        assertEquals("[2]", Arrays.toString(loaded.outputShape().dims()));
    }
}
