package dev.nabla.nn;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** An activation function as a layer of its own (Keras' {@code Activation}). */
public final class ActivationLayer extends Layer {
    /** The activation it applies. */
    public record Config(Activation activation) implements LayerConfig {
        public Config {
            Check.notNull("ActivationLayer", "activation", activation);
        }

        static Config read(ConfigReader c) {
            return c.allowOnly("activation").build(() -> new Config(c.read("activation", Activation.REGISTRY)));
        }

        @Override
        public ActivationLayer create() {
            return new ActivationLayer(activation);
        }
    }

    private final Config config;

    public ActivationLayer(Activation activation) {
        this.config = new Config(activation);
    }

    public Activation activation() {
        return config.activation();
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
        return config.activation().apply(x);
    }

    @Override
    protected String describe() {
        return "Activation(" + config.activation().name() + ")";
    }
}
