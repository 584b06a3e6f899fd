package dev.nabla.nn;

import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Layers applied one after another, in the Keras spirit: sizes are written once, each layer's input
 * size comes from the previous layer's output.
 *
 * <pre>{@code
 * Sequential model = Sequential.of(new Dense(256, relu()), new Dense(10)).build(42, 784);
 * Tensor logits = model.forward(x);          // x: [batch, 784]
 * }</pre>
 *
 * Parameters are named {@code layers.0.weight}, {@code layers.0.bias}, ... as in a PyTorch
 * {@code nn.Sequential} held in a field called {@code layers}.
 */
public final class Sequential extends Layer {
    private final LayerList layers = new LayerList();
    private long seed;

    public Sequential(List<? extends Layer> layerList) {
        if (layerList.isEmpty()) {
            throw new IllegalArgumentException("Sequential: needs at least one layer");
        }
        registerModule("layers", layers);
        layerList.forEach(layers::add);
    }

    public static Sequential of(Layer... layerList) {
        return new Sequential(List.of(layerList));
    }

    /** Builds every layer for per-sample input {@code inputDims}, float32, initialised from {@code seed}. */
    public Sequential build(long seed, int... inputDims) {
        return build(seed, DType.FLOAT32, inputDims);
    }

    /** Builds every layer with parameters of {@code dtype}. */
    public Sequential build(long seed, DType dtype, int... inputDims) {
        this.seed = seed;
        build(Shape.of(inputDims), new Generator(seed), dtype);
        return this;
    }

    /** The seed the parameters were initialised from (0 when built implicitly by a first forward). */
    public long seed() {
        return seed;
    }

    public List<Layer> layers() {
        return layers.layers();
    }

    @Override
    protected Shape doBuild(Shape input, Generator g, DType dtype) {
        Shape s = input;
        for (Layer layer : layers.layers()) {
            s = layer.build(s, g, dtype);
        }
        return s;
    }

    /** The first layer checks the input, so the error names the layer the input was meant for. */
    @Override
    protected void checkInput(Tensor x) {
    }

    /**
     * Each layer's forward in turn, except that a batch norm followed by a ReLU layer runs as one op when
     * nothing observes the two (no hooks, no non-finite search): the same values and gradients, fewer
     * passes over memory.
     */
    @Override
    protected Tensor call(Tensor x) {
        List<Layer> list = layers.layers();
        Tensor h = x;
        for (int i = 0; i < list.size(); i++) {
            Layer layer = list.get(i);
            if (layer instanceof BatchNorm bn && i + 1 < list.size() && bn.fusesWith(list.get(i + 1))) {
                h = bn.forwardRelu(h);
                i++;
            } else {
                h = layer.forward(h);
            }
        }
        return h;
    }

    /** Described by its children: {@code {"layers": [{"type": "Dense", ...}, ...]}} after its name. */
    @Override
    public Map<String, Object> configEntries() {
        Map<String, Object> m = nameEntry();
        List<Map<String, Object>> list = new ArrayList<>();
        for (Layer layer : layers.layers()) {
            list.add(Layers.write(layer));
        }
        m.put("layers", list);
        return m;
    }

    /** The unbuilt Sequential {@link #configEntries()} describes (its {@code "layers"}). */
    static Sequential read(ConfigReader c) {
        c.allowOnly("layers");
        List<Layer> children = new ArrayList<>();
        for (ConfigReader child : c.objects("layers")) {
            children.add(Layers.read(child));
        }
        if (children.isEmpty()) {
            throw c.error("layers", "must hold at least one layer");
        }
        return new Sequential(children);
    }

    /** A table of layers with their output shapes and parameter counts, as Keras' summary(). */
    public String summary() {
        StringBuilder sb = new StringBuilder(String.format("%-4s %-48s %-16s %10s%n", "#", "layer", "output", "params"));
        int i = 0;
        for (Layer layer : layers.layers()) {
            String out = layer.isBuilt() ? "[*, " + layer.outputShape().toString().substring(1) : "?";
            sb.append(String.format("%-4d %-48s %-16s %,10d%n", i++, layer.describe(), out, layer.parameterCount()));
        }
        sb.append(String.format("total parameters: %,d%n", parameterCount()));
        return sb.toString();
    }
}
