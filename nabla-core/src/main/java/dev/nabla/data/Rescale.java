package dev.nabla.data;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.Tensor;

/**
 * A fixed affine map {@code x * scale + offset}, e.g. {@code new Rescale(1.0 / 255)} to bring 8-bit pixels
 * into [0, 1] (Keras' {@code Rescaling} layer). It learns nothing, so it is its own fitted form: {@link #fit}
 * returns it unchanged, and it applies to features of any shape.
 *
 * @param scale the factor; finite and non-zero (zero would erase the input)
 * @param offset added after scaling; finite
 */
public record Rescale(double scale, double offset) implements Transform, FittedTransform {

    public Rescale {
        Check.that(Double.isFinite(scale) && scale != 0, "Rescale", "scale", "finite and non-zero", scale);
        Check.finite("Rescale", "offset", offset);
    }

    /** {@code x * scale}. */
    public Rescale(double scale) {
        this(scale, 0);
    }

    /** Nothing to learn: returns this. */
    @Override
    public Rescale fit(Tensor trainingFeatures) {
        Features.featureShape("Rescale", trainingFeatures);
        return this;
    }

    @Override
    public Tensor apply(Tensor features) {
        double[] v = Features.values(features);
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] * scale + offset;
        }
        return Features.like(features, v);
    }

    /** Settings and fitted form are one; the offset may be left out (0) in a spec. */
    static Rescale read(ConfigReader c) {
        c.allowOnly("scale", "offset");
        return c.build(() -> new Rescale(c.number("scale"), c.number("offset", 0)));
    }
}
