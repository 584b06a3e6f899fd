package dev.nabla.nn;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** Folds every axis but the batch axis into one: [N, 28, 28] becomes [N, 784]. A view, no copy. */
public final class Flatten extends Layer {
    /** Flatten has no settings. */
    public record Config() implements LayerConfig {
        @Override
        public Flatten create() {
            return new Flatten();
        }
    }

    @Override
    public Config config() {
        return new Config();
    }

    @Override
    protected Shape doBuild(Shape input, Generator g, DType dtype) {
        return Shape.of(input.size());
    }

    @Override
    protected Tensor call(Tensor x) {
        return x.flatten(1);
    }

    @Override
    protected String describe() {
        return "Flatten()";
    }
}
