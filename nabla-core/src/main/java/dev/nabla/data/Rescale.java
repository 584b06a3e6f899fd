package dev.nabla.data;

import dev.nabla.nn.Configs;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

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
        if (!Double.isFinite(scale) || scale == 0 || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("Rescale: need a finite, non-zero scale and a finite offset, got scale "
                    + scale + ", offset " + offset);
        }
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

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "rescale");
        m.put("scale", scale);
        m.put("offset", offset);
        return m;
    }

    static Rescale fromConfig(Map<String, ?> config) {
        String owner = "transform 'rescale'";
        Configs.checkKeys(config, owner, "kind", "scale", "offset");
        return new Rescale(Configs.doubleValue(config, "scale", owner), Configs.doubleValue(config, "offset", owner));
    }
}
