package dev.nabla.spec;

import dev.nabla.nn.Graph;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Layers;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code "model"} section as an architecture config that {@link Layers#read} reads: read once
 * through the registry and written back, so the spec's shorthand is expanded, every default is filled
 * in, and a spec that parses also creates its layers. The model file stores the same config, so what a
 * spec describes and what a saved model reloads cannot diverge.
 *
 * @param architecture the layer config ({@code {"type": "Sequential", "layers": [...]}}), read-only
 * @param input the per-sample input shape the spec declares, or null to take the data's
 */
public record ModelSpec(Map<String, Object> architecture, Shape input) {
    public ModelSpec {
        Objects.requireNonNull(architecture, "architecture");
    }

    /** The model's type: {@code Sequential}, {@code Graph}, or any registered layer type. */
    public String type() {
        return (String) architecture.get("type");
    }

    /**
     * A fresh model built for samples of shape {@code sampleShape} in float32, parameters drawn from
     * {@code seed}. A declared input shape must match the data's (the experiment views samples of as many
     * values in the declared shape first).
     */
    public Layer create(Shape sampleShape, long seed) {
        if (input != null && !input.equals(sampleShape)) {
            throw new SpecException("$.model.input", "is " + input + " (" + input.size() + " values) but the data's samples are "
                    + sampleShape + " (" + sampleShape.size() + " values); leave it out to take the data's shape");
        }
        Layer model = Layers.read(architecture, "$.model");
        try {
            switch (model) {
                case Sequential s -> s.build(seed, DType.FLOAT32, sampleShape.dims());
                case Graph g -> g.build(seed, DType.FLOAT32, Map.of(g.inputNames().get(0), sampleShape));
                default -> model.build(sampleShape, new Generator(seed), DType.FLOAT32);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new SpecException("$.model", "does not build for samples of shape " + sampleShape + ": " + e.getMessage(), e);
        }
        return model;
    }
}
