package dev.nabla.spec;

import dev.nabla.config.ConfigReader;
import dev.nabla.nn.Graph;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Layers;
import dev.nabla.tensor.Shape;
import java.util.List;

/**
 * Reads the {@code "model"} section into a {@link ModelSpec}: the layer config is read by the layer
 * registry ({@link Layers}), the one reader of layer configs, so errors carry the JSON path
 * ({@code $.model.layers[2].units: must be > 0, got -3}) and a spec's layers are exactly what a model file
 * holds. The section may add the per-sample {@code "input"} shape (a Graph declares its inputs instead).
 * Shorthand such as {@code "activation": "relu"} is read as {@code {"name": "relu"}}.
 */
final class ModelSpecs {
    private ModelSpecs() {}

    static ModelSpec parse(ConfigReader o) {
        Shape input = null;
        ConfigReader layer = o;
        if (o.has("input") && !"Graph".equals(o.map().get("type"))) {
            input = shape(o.list("input"), o.pathOf("input"));
            layer = o.without("input");
        }
        Layer model = Layers.read(layer);
        if (model instanceof Graph g) {
            if (g.inputNames().size() != 1) {
                throw o.error("inputs", "an experiment feeds one input, got " + g.inputNames());
            }
            if (g.outputNames().size() != 1) {
                throw o.error("outputs", "an experiment trains one output, got " + g.outputNames());
            }
        }
        return new ModelSpec(Layers.write(model), input);
    }

    private static Shape shape(List<?> dims, String where) {
        if (dims.isEmpty()) {
            throw new SpecException(where, "must be a non-empty array of sizes > 0");
        }
        int[] out = new int[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) ConfigReader.integerValue(dims.get(i), where + "[" + i + "]",
                    v -> v > 0 && v <= Integer.MAX_VALUE, "an integer > 0");
        }
        return Shape.of(out);
    }
}
