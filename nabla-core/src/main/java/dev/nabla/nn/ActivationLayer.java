package dev.nabla.nn;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Map;

/** An activation function as a layer of its own (Keras' {@code Activation}). */
public final class ActivationLayer extends Layer {
    private final Activation activation;

    public ActivationLayer(Activation activation) {
        this.activation = java.util.Objects.requireNonNull(activation, "activation");
    }

    public Activation activation() {
        return activation;
    }

    @Override
    protected Shape doBuild(Shape input, Generator g, DType dtype) {
        return input;
    }

    @Override
    protected Tensor call(Tensor x) {
        return activation.apply(x);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = baseConfig();
        m.put("activation", Configs.of(activation));
        return m;
    }

    @Override
    protected String describe() {
        return "Activation(" + activation.name() + ")";
    }
}
