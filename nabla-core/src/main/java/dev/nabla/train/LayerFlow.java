package dev.nabla.train;

import java.util.Map;

/**
 * One layer at one recorded step of a {@link GradientFlow}: its output (the activations), the gradient of
 * the loss with respect to that output, each parameter's gradient, and how many of its units are dead or
 * saturated.
 *
 * @param path the layer's dotted path in the model ({@code layers.2}; {@code ""} for a model that is one layer)
 * @param label the layer as errors name it ({@code Dense 'fc1'})
 * @param activation the layer's activation function by its spec name ({@code relu}, {@code sigmoid}, ...),
 *     {@code identity} for none, or null when the layer's type is not one whose activation is known
 * @param output the layer's output values over the batch
 * @param outputGradient the gradient of the loss with respect to the output; null when no gradient reached
 *     it (a layer after which nothing is trained, or a step whose backward did not run)
 * @param parameterGradients each parameter's gradient by its name in the layer ({@code weight}, {@code bias}), in
 *     the layer's order
 * @param deadFraction ReLU layers: the fraction of units whose output is 0 for every sample of the batch
 *     (a unit dead there passes no gradient back); NaN for other activations
 * @param saturatedFraction sigmoid and tanh layers: the fraction of output values (samples × units) in the
 *     flat tails: sigmoid outside [0.01, 0.99], where its derivative is under 4% of its peak, tanh outside
 *     [-0.99, 0.99], under 2%; NaN for other activations
 */
public record LayerFlow(String path, String label, String activation, ValueSummary output, ValueSummary outputGradient,
        Map<String, ValueSummary> parameterGradients, double deadFraction, double saturatedFraction) {
    public LayerFlow {
        parameterGradients = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameterGradients));
    }

    /** The weight's gradient ({@code weight}), or the first parameter's when there is no weight; null without parameters. */
    public ValueSummary weightGradient() {
        ValueSummary w = parameterGradients.get("weight");
        return w != null || parameterGradients.isEmpty() ? w : parameterGradients.values().iterator().next();
    }
}
