package dev.nabla.loss;

import dev.nabla.config.Check;
import dev.nabla.nn.GaussianMixture;
import dev.nabla.nn.GaussianMixture.Covariance;
import dev.nabla.tensor.Tensor;

/**
 * The negative log-likelihood of a mixture density network (Bishop, 1994): per sample,
 * {@code -log Σ_k w_k N(y; μ_k, Σ_k)}, computed stably as log-sum-exp over components of log-weight plus
 * component log-density (the constant D/2·log 2π included: it is a true density, as
 * {@code torch.distributions}' {@code log_prob}). Built from differentiable tensor ops in
 * {@link GaussianMixture#logProb}, so autograd gives its gradient.
 *
 * <p>Prediction {@code [N, K·(1 + D + E)]} in {@link GaussianMixture#unpack}'s packed layout, which is what
 * {@link dev.nabla.nn.MixtureDensityHead} gives (its K and covariance must be this loss's); target {@code [N, D]}.
 * The logits are normalised here (log-softmax), so raw logits from a layer of one's own work too; scales (the
 * Cholesky factor's diagonal for full covariances) must be positive, and targets finite. MEAN averages over
 * samples, not elements.
 *
 * <pre>{@code
 * Tensor nll = MixtureNLL.of(3).compute(head.forward(h), y);      // head: new MixtureDensityHead(3, y.dim(1))
 * }</pre>
 */
public record MixtureNLL(int components, Covariance covariance, Reduction reduction) implements ReducedLoss {
    public MixtureNLL {
        Check.that(components >= 1, "MixtureNLL", "components", "an integer >= 1", components);
        Check.notNull("MixtureNLL", "covariance", covariance);
        LossChecks.reduction("MixtureNLL", reduction);
    }

    /** K components with diagonal covariances, the mean over samples. */
    public static MixtureNLL of(int components) {
        return new MixtureNLL(components, Covariance.DIAGONAL, Reduction.MEAN);
    }

    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        LossChecks.floating(name(), "prediction", prediction);
        LossChecks.floating(name(), "target", target);
        if (target.rank() != 2 || prediction.rank() != 2 || prediction.dim(0) != target.dim(0)) {
            throw new IllegalArgumentException(name() + ": expected prediction [N, P] and target [N, D], got "
                    + prediction.shape() + " and " + target.shape()
                    + (target.rank() == 1 ? " (one output: reshape the target to [N, 1])" : ""));
        }
        int d = target.dim(1), width = GaussianMixture.packedWidth(components, d, covariance);
        if (prediction.dim(1) != width) {
            throw new IllegalArgumentException(name() + ": prediction " + prediction.shape() + " does not fit " + components
                    + (components == 1 ? " component" : " components") + " over the target's " + d
                    + (d == 1 ? " column" : " columns") + " with " + covariance.name().toLowerCase() + " covariance: that takes "
                    + width + " values per sample (" + layout(d) + "), as a MixtureDensityHead with components " + components
                    + " and outputs " + d + " gives");
        }
        LossChecks.finite(name(), "target", target);
        checkScales(prediction, d);
        return reduction.reduce(GaussianMixture.unpack(prediction, components, d, covariance).logProb(target).neg());
    }

    private String layout(int d) {
        int e = covariance.scaleEntries(d);
        return components + " weights, " + components * d + " means, " + components * e
                + (covariance == Covariance.DIAGONAL ? " scales" : " Cholesky entries");
    }

    /** Said here rather than by the mixture, in the terms of this loss's input: which sample, component and scale. */
    private void checkScales(Tensor prediction, int d) {
        int k = components, e = covariance.scaleEntries(d), width = prediction.dim(1);
        double[] v = prediction.toDoubleArray();
        for (int n = 0; n < prediction.dim(0); n++) {
            for (int c = 0; c < k; c++) {
                for (int i = 0; i < d; i++) {
                    int entry = covariance == Covariance.DIAGONAL ? i : i * (i + 1) / 2 + i;
                    double s = v[n * width + k + k * d + c * e + entry];
                    if (!(s > 0)) {
                        throw new IllegalArgumentException(name() + ": component " + c + "'s scale of output " + i
                                + " must be > 0, got " + s + " for sample " + n + " (prediction column "
                                + (k + k * d + c * e + entry) + "; a MixtureDensityHead makes its scales positive)");
                    }
                }
            }
        }
    }

    @Override
    public MixtureNLL withReduction(Reduction r) {
        return new MixtureNLL(components, covariance, r);
    }
}
