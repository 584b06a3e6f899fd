package dev.nabla.nn;

import dev.nabla.autograd.MaxPool2d;
import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Max pooling over {@code [N, C, H, W]}, PyTorch's {@code nn.MaxPool2d}: each window's maximum. The stride
 * defaults to the kernel size (non-overlapping windows); padding (at most half the kernel) never wins.
 */
public final class MaxPool2D extends Layer {
    /** MaxPool2D's settings, each {along H, along W}. */
    public record Config(int[] kernelSize, int[] stride, int[] padding, int[] dilation) implements LayerConfig {
        public Config {
            kernelSize = Windows.check("MaxPool2D", "kernel_size", kernelSize, 2, 1);
            stride = Windows.check("MaxPool2D", "stride", stride, 2, 1);
            padding = Windows.check("MaxPool2D", "padding", padding, 2, 0);
            dilation = Windows.check("MaxPool2D", "dilation", dilation, 2, 1);
            for (int a = 0; a < 2; a++) {
                dev.nabla.config.Check.that(2 * padding[a] <= kernelSize[a], "MaxPool2D", "padding",
                        "at most half the kernel size " + Arrays.toString(kernelSize), Arrays.toString(padding));
            }
        }

        /** Square windows of {@code kernel}, stride {@code kernel}, no padding. */
        public static Config of(int kernel) {
            return new Config(new int[] {kernel, kernel}, new int[] {kernel, kernel}, new int[] {0, 0}, new int[] {1, 1});
        }

        static Config read(ConfigReader c) {
            c.allowOnly("kernel_size", "stride", "padding", "dilation");
            return c.build(() -> {
                int[] kernel = Windows.read(c, "kernel_size", 2, null);
                return new Config(kernel, Windows.read(c, "stride", 2, kernel), Windows.read(c, "padding", 2, new int[2]),
                        Windows.read(c, "dilation", 2, new int[] {1, 1}));
            });
        }

        @Override
        public MaxPool2D create() {
            return new MaxPool2D(this);
        }
    }

    private final Config config;

    public MaxPool2D(Config config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    /** Square, non-overlapping windows of {@code kernel}. */
    public MaxPool2D(int kernel) {
        this(Config.of(kernel));
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    protected Shape doBuild(Shape input, Generator g, DType dtype) {
        return Pooling.outputShape(label(), input, config.kernelSize(), config.stride(), config.padding(), config.dilation());
    }

    @Override
    protected Tensor call(Tensor x) {
        return MaxPool2d.apply(x, config.kernelSize(), config.stride(), config.padding(), config.dilation());
    }

    @Override
    protected String describe() {
        return "MaxPool2D(kernel=" + Arrays.toString(config.kernelSize()) + ", stride=" + Arrays.toString(config.stride())
                + ", padding=" + Arrays.toString(config.padding()) + ")";
    }
}
