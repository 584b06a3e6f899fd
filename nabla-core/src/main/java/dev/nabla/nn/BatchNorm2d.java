package dev.nabla.nn;

import dev.nabla.config.ConfigReader;

/**
 * Batch normalisation over {@code [N, C, H, W]}, per channel of an image, PyTorch's {@code nn.BatchNorm2d}: see {@link BatchNorm} for what it computes
 * in training and evaluation. Parameters {@code weight}, {@code bias}; buffers {@code running_mean},
 * {@code running_var}, {@code num_batches_tracked} (int32; PyTorch's is int64, which its
 * {@code load_state_dict} converts).
 */
public final class BatchNorm2d extends BatchNorm {
    /**
     * BatchNorm2d's settings; {@link #DEFAULT} holds PyTorch's.
     *
     * @param eps added to the variance
     * @param momentum how far the running statistics move towards each batch's
     * @param affine whether there are a learnt weight and bias
     * @param trackRunningStats whether running statistics are kept (and used in evaluation)
     */
    public record Config(double eps, double momentum, boolean affine, boolean trackRunningStats) implements LayerConfig {
        /** ε = 1e-5, momentum 0.1, affine, tracking running statistics. */
        public static final Config DEFAULT = new Config(1e-5, 0.1, true, true);

        public Config {
            new Settings(eps, momentum, affine, trackRunningStats).check("BatchNorm2d");
        }

        static Config read(ConfigReader c) {
            return c.build(() -> {
                Settings s = Settings.read(c);
                return new Config(s.eps(), s.momentum(), s.affine(), s.trackRunningStats());
            });
        }

        @Override
        public BatchNorm2d create() {
            return new BatchNorm2d(this);
        }
    }

    private final Config config;

    public BatchNorm2d(Config config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    /** PyTorch's defaults. */
    public BatchNorm2d() {
        this(Config.DEFAULT);
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    Settings settings() {
        return new Settings(config.eps(), config.momentum(), config.affine(), config.trackRunningStats());
    }

    @Override
    boolean accepts(int rank) {
        return rank == 3;
    }

    @Override
    String expected() {
        return "[*, channels, height, width]";
    }
}
