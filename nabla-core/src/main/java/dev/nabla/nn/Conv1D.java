package dev.nabla.nn;

import dev.nabla.config.ConfigReader;
import dev.nabla.config.CustomConfig;
import java.util.Map;

/**
 * A 1-D convolution over {@code [N, C, L]} inputs (sequences, signals), PyTorch's {@code nn.Conv1d}: weight
 * {@code [out, in/groups, k]}, bias {@code [out]} (the names and layout a PyTorch state dict has),
 * stride, padding (a size, or {@code "same"}: output as large as the input, stride 1), dilation and
 * groups ({@code groups == in == out} is a depthwise convolution). Like {@link Dense} it takes Keras'
 * defaults where PyTorch has none to give: Glorot-uniform weights, zero bias; and an optional activation
 * applied to its output. The input channels come from the previous layer.
 * It runs as a 2-D convolution of height 1.
 *
 * <pre>{@code
 * new Conv1D(Conv1D.Config.of(16, 5).withPadding("same").withActivation(Activation.relu()))
 * }</pre>
 */
public final class Conv1D extends Convolution {
    /**
     * Conv1D's settings; sizes are one-element arrays; {@code padding} is {@code "same"} or an {@code int[1]}.
     */
    public record Config(int outChannels, int[] kernelSize, int[] stride, Object padding, int[] dilation, int groups,
                         boolean useBias, Activation activation, Init kernelInit, Init biasInit)
            implements LayerConfig, CustomConfig {
        public Config {
            Settings s = new Settings(outChannels, kernelSize, stride, padding, dilation, groups, useBias, activation,
                    kernelInit, biasInit).check("Conv1D", 1);
            kernelSize = s.kernelSize().clone();
            stride = s.stride().clone();
            dilation = s.dilation().clone();
            padding = padding instanceof int[] p ? p.clone() : padding;
        }

        /** {@code out} channels, a kernel of {@code kernel}, stride 1, no padding, a bias, no activation. */
        public static Config of(int outChannels, int kernel) {
            return new Config(outChannels, new int[] {kernel}, new int[] {1}, new int[] {0},
                    new int[] {1}, 1, true, Activation.identity(), Init.glorotUniform(), Init.zeros());
        }

        /** The same with {@code padding}: {@code "same"}, {@code "valid"}, or a size . */
        public Config withPadding(Object padding) {
            Object p = padding;
            if ("valid".equals(padding)) {
                p = new int[] {0};
            } else if (padding instanceof Integer i) {
                p = new int[] {i};
            }
            return new Config(outChannels, kernelSize, stride, p, dilation, groups, useBias, activation, kernelInit, biasInit);
        }

        /** The same with a stride . */
        public Config withStride(int s) {
            return new Config(outChannels, kernelSize, new int[] {s}, padding, dilation, groups, useBias, activation,
                    kernelInit, biasInit);
        }

        /** The same with a dilation . */
        public Config withDilation(int d) {
            return new Config(outChannels, kernelSize, stride, padding, new int[] {d}, groups, useBias, activation,
                    kernelInit, biasInit);
        }

        /** The same with {@code groups}. */
        public Config withGroups(int g) {
            return new Config(outChannels, kernelSize, stride, padding, dilation, g, useBias, activation, kernelInit, biasInit);
        }

        /** The same without a bias. */
        public Config withoutBias() {
            return new Config(outChannels, kernelSize, stride, padding, dilation, groups, false, activation, kernelInit, biasInit);
        }

        /** The same with an activation applied to the output. */
        public Config withActivation(Activation a) {
            return new Config(outChannels, kernelSize, stride, padding, dilation, groups, useBias, a, kernelInit, biasInit);
        }

        /** The same with another weight initialiser. */
        public Config withKernelInit(Init init) {
            return new Config(outChannels, kernelSize, stride, padding, dilation, groups, useBias, activation, init, biasInit);
        }

        static Config read(ConfigReader c) {
            return c.build(() -> {
                Settings s = Settings.read(c, 1);
                return new Config(s.outChannels(), s.kernelSize(), s.stride(), s.padding(), s.dilation(), s.groups(),
                        s.useBias(), s.activation(), s.kernelInit(), s.biasInit());
            });
        }

        Settings settings() {
            return new Settings(outChannels, kernelSize, stride, padding, dilation, groups, useBias, activation,
                    kernelInit, biasInit);
        }

        @Override
        public Map<String, Object> configEntries() {
            return settings().entries();
        }

        @Override
        public Conv1D create() {
            return new Conv1D(this);
        }
    }

    private final Config config;

    public Conv1D(Config config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    /** {@code out} channels, a kernel of {@code kernel}, stride 1, no padding. */
    public Conv1D(int outChannels, int kernel) {
        this(Config.of(outChannels, kernel));
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    Settings settings() {
        return config.settings();
    }

    @Override
    int axes() {
        return 1;
    }
}
