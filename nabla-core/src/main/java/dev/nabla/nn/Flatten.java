package dev.nabla.nn;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Map;

/** Folds every axis but the batch axis into one: [N, 28, 28] becomes [N, 784]. A view, no copy. */
public final class Flatten extends Layer {
    @Override
    protected Shape doBuild(Shape input, Generator g, DType dtype) {
        return Shape.of(input.size());
    }

    @Override
    protected Tensor call(Tensor x) {
        return x.flatten(1);
    }

    @Override
    public Map<String, Object> config() {
        return baseConfig();
    }

    @Override
    protected String describe() {
        return "Flatten()";
    }
}
