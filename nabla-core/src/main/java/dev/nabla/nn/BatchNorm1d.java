package dev.nabla.nn;

import dev.nabla.config.ConfigReader;

/**
 * Batch normalisation over {@code [N, C]} or {@code [N, C, L]} (per feature after a dense layer, or per channel of a sequence), PyTorch's {@code nn.BatchNorm1d}: see {@link BatchNorm} for what it computes
 * in training and evaluation. Parameters {@code weight}, {@code bias}; buffers {@code running_mean},
 * {@code running_var}, {@code num_batches_tracked} (int32; PyTorch's is int64, which its
 * {@code load_state_dict} converts).
 */
public final class BatchNorm1d extends BatchNorm {
    /**
     * BatchNorm1d's settings; {@link #DEFAULT} holds PyTorch's.
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
            new Settings(eps, momentum, affine, trackRunningStats).check("BatchNorm1d");
        }

        static Config read(ConfigReader c) {
            return c.build(() -> {
                Settings s = Settings.read(c);
                return new Config(s.eps(), s.momentum(), s.affine(), s.trackRunningStats());
            });
        }

        @Override
        public BatchNorm1d create() {
            return new BatchNorm1d(this);
        }
    }

    private final Config config;

    public BatchNorm1d(Config config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    /** PyTorch's defaults. */
    public BatchNorm1d() {
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
        return rank == 1 || rank == 2;
    }

    @Override
    String expected() {
        return "[*, features] or [*, channels, length]";
    }
}
