package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/**
 * An output layer whose output describes a distribution per sample, not a point: {@link GaussianHead} (a mean
 * and a variance) and {@link MixtureDensityHead} (a mixture of Gaussians). Its output is a plain tensor, so it
 * trains, saves and runs in {@link Sequential} and {@link Graph} as any layer; {@link #distribution} reads that
 * output as a {@link GaussianMixture}, which gives means, variances, intervals, quantiles, samples and modes.
 *
 * <pre>{@code
 * Sequential model = Sequential.of(new Dense(32, Activation.tanh()), new MixtureDensityHead(5)).build(0, 1);
 * // ... train with new MixtureNLL(5) ...
 * GaussianMixture p = DistributionHead.at(model).distribution(model.forward(x));
 * }</pre>
 */
public interface DistributionHead {
    /** The distribution a batch of this head's outputs {@code [N, width]} stands for. */
    GaussianMixture distribution(Tensor output);

    /** The outputs D the distribution is over (the target's columns). */
    int outputs();

    /** The mixture components K (1 for a single Gaussian). */
    int components();

    /**
     * The head that gives a model's output: the model itself, the last layer of a {@link Sequential}, or the
     * layer of a {@link Graph}'s only output node, looked into recursively; null when the output is no head.
     */
    static DistributionHead at(Layer model) {
        return switch (model) {
            case DistributionHead head -> head;
            case Sequential s when !s.layers().isEmpty() -> at(s.layers().getLast());
            case Graph g when g.outputNames().size() == 1 && !g.inputNames().contains(g.outputNames().getFirst())
                    -> at(g.node(g.outputNames().getFirst()).layer());
            default -> null;
        };
    }
}
