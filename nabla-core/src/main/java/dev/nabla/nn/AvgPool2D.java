package dev.nabla.nn;

import dev.nabla.autograd.AvgPool2d;
import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Average pooling over {@code [N, C, H, W]}, PyTorch's {@code nn.AvgPool2d}: each window's mean. The stride
 * defaults to the kernel size; padded positions count in the divisor unless {@code count_include_pad} is
 * false (PyTorch's default is true).
 */
public final class AvgPool2D extends Layer {
    /** AvgPool2D's settings, sizes {along H, along W}. */
    public record Config(int[] kernelSize, int[] stride, int[] padding, boolean countIncludePad) implements LayerConfig {
        public Config {
            kernelSize = Windows.check("AvgPool2D", "kernel_size", kernelSize, 2, 1);
            stride = Windows.check("AvgPool2D", "stride", stride, 2, 1);
            padding = Windows.check("AvgPool2D", "padding", padding, 2, 0);
            for (int a = 0; a < 2; a++) {
                dev.nabla.config.Check.that(2 * padding[a] <= kernelSize[a], "AvgPool2D", "padding",
                        "at most half the kernel size " + Arrays.toString(kernelSize), Arrays.toString(padding));
            }
        }

        /** Square windows of {@code kernel}, stride {@code kernel}, no padding. */
        public static Config of(int kernel) {
            return new Config(new int[] {kernel, kernel}, new int[] {kernel, kernel}, new int[] {0, 0}, true);
        }

        static Config read(ConfigReader c) {
            c.allowOnly("kernel_size", "stride", "padding", "count_include_pad");
            return c.build(() -> {
                int[] kernel = Windows.read(c, "kernel_size", 2, null);
                return new Config(kernel, Windows.read(c, "stride", 2, kernel), Windows.read(c, "padding", 2, new int[2]),
                        c.bool("count_include_pad", true));
            });
        }

        @Override
        public AvgPool2D create() {
            return new AvgPool2D(this);
        }
    }

    private final Config config;

    public AvgPool2D(Config config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    /** Square, non-overlapping windows of {@code kernel}. */
    public AvgPool2D(int kernel) {
        this(Config.of(kernel));
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    protected Shape doBuild(Shape input, Generator g, DType dtype) {
        return Pooling.outputShape(label(), input, config.kernelSize(), config.stride(), config.padding(), new int[] {1, 1});
    }

    @Override
    protected Tensor call(Tensor x) {
        return AvgPool2d.apply(x, config.kernelSize(), config.stride(), config.padding(), config.countIncludePad());
    }

    @Override
    protected String describe() {
        return "AvgPool2D(kernel=" + Arrays.toString(config.kernelSize()) + ", stride=" + Arrays.toString(config.stride())
                + ", padding=" + Arrays.toString(config.padding()) + ")";
    }
}
