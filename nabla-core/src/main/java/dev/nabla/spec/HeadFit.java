package dev.nabla.spec;

import dev.nabla.loss.GaussianNLL;
import dev.nabla.loss.Loss;
import dev.nabla.loss.MixtureNLL;
import dev.nabla.nn.DistributionHead;
import dev.nabla.nn.GaussianHead;
import dev.nabla.nn.Layer;
import dev.nabla.nn.MixtureDensityHead;
import dev.nabla.tensor.Tensor;

/**
 * Refuses, before training, a distribution head and a loss that do not fit: the loss would say so at the
 * first batch about a prediction's width; said here, the message names the head and the loss with their
 * settings, and the value to write in the spec.
 */
final class HeadFit {
    private HeadFit() {}

    static void check(Layer model, Loss loss, Tensor trainY) {
        DistributionHead head = DistributionHead.at(model);
        if (head == null) {
            return; // a loss over a layer of one's own: the loss checks the widths it is given
        }
        String name = Loss.REGISTRY.nameOf(loss);
        String described = describe(head);
        switch (head) {
            case GaussianHead g when !(loss instanceof GaussianNLL) -> throw new SpecException("$.loss", "the model ends in "
                    + described + ", whose output is a mean and a variance per output: train it with gaussian_nll, not " + name);
            case MixtureDensityHead m when !(loss instanceof MixtureNLL) -> throw new SpecException("$.loss", "the model ends"
                    + " in " + described + ", whose output is a mixture: train it with mixture_nll (components "
                    + m.components() + "), not " + name);
            case MixtureDensityHead m when loss instanceof MixtureNLL nll && (nll.components() != m.components()
                    || nll.covariance() != m.covariance()) -> throw new SpecException("$.loss", "mixture_nll with components "
                    + nll.components() + " and covariance " + nll.covariance().name().toLowerCase() + " does not fit the model's "
                    + described + ": set the loss's \"components\": " + m.components() + " and \"covariance\": \""
                    + m.covariance().name().toLowerCase() + "\"");
            default -> { }
        }
        int columns = trainY.rank() == 1 ? 1 : trainY.dim(1);
        if (trainY.rank() > 2 || columns != head.outputs()) {
            throw new SpecException("$.model", "the model's " + described + " predicts " + head.outputs() + " output"
                    + (head.outputs() == 1 ? "" : "s") + " but the data has " + (trainY.rank() > 2 ? "targets " + trainY.shape()
                    : columns + " target column" + (columns == 1 ? "" : "s")) + ": set the head's \"outputs\": " + columns);
        }
    }

    private static String describe(DistributionHead head) {
        return switch (head) {
            case GaussianHead g -> "GaussianHead (outputs " + g.outputs() + ")";
            case MixtureDensityHead m -> "MixtureDensityHead (components " + m.components() + ", outputs " + m.outputs()
                    + ", covariance " + m.covariance().name().toLowerCase() + ")";
            default -> head.getClass().getSimpleName();
        };
    }
}
