package dev.nabla.nn;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.nn.GaussianMixture.Covariance;
import dev.nabla.tensor.Tensor;

/**
 * A mixture density network's output layer (Bishop, 1994; lecture seed 003: "Y|X = x ~ GMM_x, f(x; θ) predicts
 * all the parameters: the means, covariance matrices and mixture weights"): a dense projection to K
 * components over D outputs, for answers with more than one likely value, where a mean is useless.
 *
 * <p>The output, {@code [N, K·(1 + D + E)]}, is {@link GaussianMixture#unpack}'s packed layout: K normalised
 * log-weights (log-softmax of the logits), then the K·D means, then each component's E scale entries: D scales
 * ({@code softplus(raw) + minScale}) for diagonal covariances, or for full ones the D(D+1)/2 entries of the
 * covariance's Cholesky factor row by row, the diagonal made positive the same way and the rest free (D ≤ 4:
 * the parameters grow as D²). {@link dev.nabla.loss.MixtureNLL} with the same K and covariance trains it.
 *
 * <pre>{@code
 * Sequential model = Sequential.of(new Dense(24, Activation.tanh()), new MixtureDensityHead(3)).build(0, 1);
 * new Trainer(model, MixtureNLL.of(3), optimizer).fit(x, y, options);
 * }</pre>
 */
public final class MixtureDensityHead extends ProjectedHead {
    /** The most outputs a full covariance is offered for. */
    public static final int MAX_FULL_OUTPUTS = 4;

    /**
     * MixtureDensityHead's settings; {@link #of(int, int)} holds the defaults.
     *
     * @param components K, at least 1
     * @param outputs D, the target's columns
     * @param covariance diagonal or full (D ≤ 4)
     * @param minScale the floor added to every scale (the Cholesky diagonal for full), &gt; 0
     */
    public record Config(int components, int outputs, Covariance covariance, double minScale) implements LayerConfig {
        public Config {
            Check.that(components >= 1, "MixtureDensityHead", "components", "an integer >= 1", components);
            Check.that(outputs >= 1, "MixtureDensityHead", "outputs", "an integer >= 1", outputs);
            Check.notNull("MixtureDensityHead", "covariance", covariance);
            Check.that(covariance == Covariance.DIAGONAL || outputs <= MAX_FULL_OUTPUTS, "MixtureDensityHead", "outputs",
                    "<= " + MAX_FULL_OUTPUTS + " with a full covariance (use diagonal for more)", outputs);
            Check.that(minScale > 0 && minScale < Double.POSITIVE_INFINITY, "MixtureDensityHead", "min_scale",
                    "> 0 and finite (the floor that keeps each scale positive)", minScale);
        }

        /** K components over D outputs, diagonal covariances, scales floored at 1e-3. */
        public static Config of(int components, int outputs) {
            return new Config(components, outputs, Covariance.DIAGONAL, 1e-3);
        }

        static Config read(ConfigReader c) {
            c.allowOnly("components", "outputs", "covariance", "min_scale");
            return c.build(() -> {
                Config d = of(c.intValue("components"), c.intValue("outputs", 1));
                return new Config(d.components(), d.outputs(), c.enumValue("covariance", Covariance.class, d.covariance()),
                        c.number("min_scale", d.minScale()));
            });
        }

        @Override
        public MixtureDensityHead create() {
            return new MixtureDensityHead(this);
        }
    }

    private final Config config;

    public MixtureDensityHead(Config config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    /** K components over one output, with the defaults. */
    public MixtureDensityHead(int components) {
        this(Config.of(components, 1));
    }

    /** K components over D outputs, with the defaults. */
    public MixtureDensityHead(int components, int outputs) {
        this(Config.of(components, outputs));
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
        return config.components();
    }

    public Covariance covariance() {
        return config.covariance();
    }

    @Override
    int width() {
        return GaussianMixture.packedWidth(config.components(), config.outputs(), config.covariance());
    }

    @Override
    Tensor constrain(Tensor raw) {
        int n = raw.dim(0), k = config.components(), d = config.outputs(), e = config.covariance().scaleEntries(d);
        Tensor logWeights = raw.slice(1, 0, k).logSoftmax(1);
        Tensor rawScales = raw.slice(1, k + k * d, width());
        Tensor scales;
        if (config.covariance() == Covariance.DIAGONAL) {
            scales = positive(rawScales, config.minScale());
        } else {
            // only L's diagonal must be positive: a constant 0/1 mask picks softplus there and the raw value elsewhere
            double[] mask = new double[e];
            for (int i : MixtureArrays.diagonalIndices(d)) {
                mask[i] = 1;
            }
            Tensor onDiagonal = Tensor.of(raw.dtype(), mask, e).to(raw.device());
            Tensor entries = rawScales.reshape(n, k, e);
            scales = positive(entries, config.minScale()).mul(onDiagonal).add(entries.mul(onDiagonal.neg().add(1)))
                    .reshape(n, k * e);
        }
        return Tensor.concat(1, logWeights, raw.slice(1, k, k + k * d), scales);
    }

    @Override
    public GaussianMixture distribution(Tensor output) {
        checkOutput(output);
        return GaussianMixture.unpack(output, config.components(), config.outputs(), config.covariance());
    }

    @Override
    protected String describe() {
        String in = isBuilt() ? String.valueOf(inputShape().dim(0)) : "?";
        return "MixtureDensityHead(" + in + " -> " + config.components() + " components over " + config.outputs()
                + (config.outputs() == 1 ? " output, " : " outputs, ") + config.covariance().name().toLowerCase() + ")";
    }
}
