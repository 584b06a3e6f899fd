package dev.nabla.nn;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.Tensor;

/**
 * Heteroscedastic regression's output layer (lecture seed 003: "f(x; θ) predicts both μ and σ²"): a dense
 * projection to a mean and a variance for each of D outputs. The output is {@code [N, 2D]}, the D means then
 * the D variances, exactly what {@link dev.nabla.loss.GaussianNLL}'s one-tensor form takes, so
 * {@code GaussianNLL.of()} trains it. The variance is {@code softplus(raw) + minVariance} (default) or
 * {@code exp(raw) + minVariance} (the raw value is then a log-variance); the floor keeps a point the network
 * fits exactly from driving its variance, and the loss, to 0 and -∞.
 *
 * <pre>{@code
 * Sequential model = Sequential.of(new Dense(32, Activation.tanh()), new GaussianHead(1)).build(0, 1);
 * new Trainer(model, GaussianNLL.of().withFull(true), optimizer).fit(x, y, options);
 * GaussianMixture p = ((GaussianHead) model.layers().getLast()).distribution(model.forward(x));
 * Tensor sigma = p.stddev();
 * }</pre>
 */
public final class GaussianHead extends ProjectedHead {
    /** How the raw variance output is made positive. */
    public enum Variance {
        /** softplus(raw) + floor: gradients that neither vanish nor explode. */
        SOFTPLUS,
        /** exp(raw) + floor: the raw output is a log-variance. */
        EXP
    }

    /**
     * GaussianHead's settings; {@link #of(int)} holds the defaults.
     *
     * @param outputs D, the target's columns
     * @param variance how the variance is made positive
     * @param minVariance the floor added to it, &gt; 0
     */
    public record Config(int outputs, Variance variance, double minVariance) implements LayerConfig {
        public Config {
            Check.positive("GaussianHead", "outputs", outputs);
            Check.notNull("GaussianHead", "variance", variance);
            Check.that(minVariance > 0 && minVariance < Double.POSITIVE_INFINITY, "GaussianHead", "min_variance",
                    "> 0 and finite (the floor that keeps the variance positive)", minVariance);
        }

        /** D outputs, softplus, a floor of 1e-6 (GaussianNLL's default eps). */
        public static Config of(int outputs) {
            return new Config(outputs, Variance.SOFTPLUS, 1e-6);
        }

        static Config read(ConfigReader c) {
            c.allowOnly("outputs", "variance", "min_variance");
            return c.build(() -> {
                Config d = of(c.intValue("outputs", 1));
                return new Config(d.outputs(), c.enumValue("variance", Variance.class, d.variance()),
                        c.number("min_variance", d.minVariance()));
            });
        }

        @Override
        public GaussianHead create() {
            return new GaussianHead(this);
        }
    }

    private final Config config;

    public GaussianHead(Config config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    /** A mean and a variance for each of {@code outputs} outputs, with the defaults. */
    public GaussianHead(int outputs) {
        this(Config.of(outputs));
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public int outputs() {
        return config.outputs();
    }

    @Override
    public int components() {
        return 1;
    }

    @Override
    int width() {
        return 2 * config.outputs();
    }

    @Override
    Tensor constrain(Tensor raw) {
        int d = config.outputs();
        Tensor rawVariance = raw.slice(1, d, 2 * d);
        Tensor variance = config.variance() == Variance.EXP ? rawVariance.exp().add(config.minVariance())
                : positive(rawVariance, config.minVariance());
        return Tensor.concat(1, raw.slice(1, 0, d), variance);
    }

    /** The Gaussians that outputs {@code [N, 2D]} (means, then variances) describe. */
    @Override
    public GaussianMixture distribution(Tensor output) {
        checkOutput(output);
        int d = config.outputs();
        return GaussianMixture.normal(output.slice(1, 0, d), output.slice(1, d, 2 * d));
    }

    @Override
    protected String describe() {
        String in = isBuilt() ? String.valueOf(inputShape().dim(0)) : "?";
        return "GaussianHead(" + in + " -> mean and variance of " + config.outputs() + ", "
                + config.variance().name().toLowerCase() + " + " + config.minVariance() + ")";
    }
}
