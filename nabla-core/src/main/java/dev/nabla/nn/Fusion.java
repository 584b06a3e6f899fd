package dev.nabla.nn;

import dev.nabla.kernel.FusedActivation;

/**
 * Which activations a layer's product can apply inside its own op ({@link FusedActivation}: one pass over the
 * output while it is in cache, the gradient through it in one pass from the saved output): the dense and the
 * convolution layers ask here, and run any other activation as its own op after the product.
 */
final class Fusion {
    private Fusion() {}

    /** The fused form of {@code a}, or null when it has none. */
    static FusedActivation of(Activation a) {
        return switch (a) {
            case Activation.Identity i -> FusedActivation.IDENTITY;
            case Activation.ReLU r -> FusedActivation.RELU;
            case Activation.LeakyReLU l -> FusedActivation.LEAKY_RELU;
            case Activation.Tanh t -> FusedActivation.TANH;
            case Activation.Sigmoid s -> FusedActivation.SIGMOID;
            default -> null;
        };
    }

    /** Leaky ReLU's negative slope; 0 for the others. */
    static double slope(Activation a) {
        return a instanceof Activation.LeakyReLU l ? l.slope() : 0;
    }
}
