package dev.nabla.nn;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * The mean of each channel over its whole plane: {@code [N, C, H, W]} to {@code [N, C]} (Keras'
 * {@code GlobalAveragePooling2D}; PyTorch's {@code AdaptiveAvgPool2d(1)} followed by a flatten). What a
 * convolutional network ends with instead of a large dense layer.
 */
public final class GlobalAvgPool2D extends Layer {
    /** GlobalAvgPool2D has no settings. */
    public record Config() implements LayerConfig {
        @Override
        public GlobalAvgPool2D create() {
            return new GlobalAvgPool2D();
        }
    }

    @Override
    public Config config() {
        return new Config();
    }

    @Override
    protected Shape doBuild(Shape input, Generator g, DType dtype) {
        if (input.rank() != 3) {
            throw new IllegalArgumentException(label() + ": expected input [*, channels, height, width], got per-sample shape "
                    + input);
        }
        return Shape.of(input.dim(0));
    }

    @Override
    protected Tensor call(Tensor x) {
        return x.mean(new int[] {2, 3}, false);
    }

    @Override
    protected String describe() {
        return "GlobalAvgPool2D()";
    }
}
