package dev.nabla.data;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.config.CustomConfig;
import dev.nabla.tensor.Generator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blanks a random rectangle of the image with probability {@code probability} (Zhong et al., "Random
 * Erasing Data Augmentation", 2017): torchvision's {@code RandomErasing(p, scale, ratio, value)}, with its
 * sampling. The rectangle's area is a fraction of the image's, uniform in {@code [scaleMin, scaleMax]};
 * its aspect (height over width) is log-uniform in {@code [ratioMin, ratioMax]}; its sides are the
 * rounded (half to even, as Python's {@code round}) square roots of area × aspect and area / aspect.
 * A rectangle that does not fit strictly inside the image is drawn again, up to ten times, and then the
 * image is left as it is; one that fits goes at a uniform position. Every channel of the rectangle takes
 * {@code value}, or, with {@code randomValue}, a standard normal draw per value (torchvision's
 * {@code value='random'}).
 *
 * <p>Draws per image: one for the probability; two per attempt (area, then aspect); two for the
 * position (row, then column); then the normal values, channel by channel, row by row.
 *
 * @param probability of erasing, in [0, 1] (default 0.5)
 * @param scaleMin smallest area fraction, in (0, 1], at most scaleMax (default 0.02)
 * @param scaleMax largest area fraction, in (0, 1] (default 0.33)
 * @param ratioMin smallest aspect, > 0, at most ratioMax (default 0.3)
 * @param ratioMax largest aspect (default 3.3)
 * @param value what the rectangle takes, in the units the model sees (0: black for [0, 1] pixels)
 * @param randomValue whether to draw each value from a standard normal instead
 */
public record RandomErasing(double probability, double scaleMin, double scaleMax, double ratioMin, double ratioMax,
                            double value, boolean randomValue) implements Augmentation, CustomConfig {
    /** torchvision draws at most this many rectangles before it gives up on an image. */
    static final int ATTEMPTS = 10;

    public RandomErasing {
        Check.that(probability >= 0 && probability <= 1, "RandomErasing", "probability", "in [0, 1]", probability);
        Check.that(scaleMin > 0 && scaleMin <= 1, "RandomErasing", "scale[0]", "in (0, 1]", scaleMin);
        Check.that(scaleMax >= scaleMin && scaleMax <= 1, "RandomErasing", "scale[1]", "in [scale[0], 1]", scaleMax);
        Check.that(ratioMin > 0 && Double.isFinite(ratioMin), "RandomErasing", "ratio[0]", "> 0", ratioMin);
        Check.that(ratioMax >= ratioMin && Double.isFinite(ratioMax), "RandomErasing", "ratio[1]", ">= ratio[0]",
                ratioMax);
        Check.finite("RandomErasing", "value", value);
    }

    /** torchvision's defaults: half of the images, 2–33% of the area, aspects 0.3–3.3, erased to 0. */
    public RandomErasing() {
        this(0.5, 0.02, 0.33, 0.3, 3.3, 0, false);
    }

    @Override
    public void apply(double[] image, int channels, int height, int width, Generator random) {
        if (!(random.nextDouble() < probability)) {
            return;
        }
        double area = (double) height * width, logMin = Math.log(ratioMin), logMax = Math.log(ratioMax);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double erase = area * uniform(random, scaleMin, scaleMax);
            double aspect = Math.exp(uniform(random, logMin, logMax));
            int h = (int) Math.rint(Math.sqrt(erase * aspect)), w = (int) Math.rint(Math.sqrt(erase / aspect));
            if (h < height && w < width) {
                int top = random.nextInt(height - h + 1), left = random.nextInt(width - w + 1);
                fill(image, channels, height, width, top, left, h, w, random);
                return;
            }
        }
    }

    private void fill(double[] image, int channels, int height, int width, int top, int left, int h, int w,
                      Generator random) {
        for (int c = 0; c < channels; c++) {
            for (int y = top; y < top + h; y++) {
                int row = (c * height + y) * width;
                for (int x = left; x < left + w; x++) {
                    image[row + x] = randomValue ? random.nextGaussian() : value;
                }
            }
        }
    }

    private static double uniform(Generator random, double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    /** The spec's form: the two ranges as pairs, and {@code "random"} for a normal draw per value. */
    @Override
    public Map<String, Object> configEntries() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("probability", probability);
        m.put("scale", List.of(scaleMin, scaleMax));
        m.put("ratio", List.of(ratioMin, ratioMax));
        m.put("value", randomValue ? "random" : value);
        return m;
    }

    static RandomErasing read(ConfigReader c) {
        c.allowOnly("probability", "scale", "ratio", "value");
        return c.build(() -> {
            double[] scale = c.has("scale") ? pair(c, "scale") : new double[] {0.02, 0.33};
            double[] ratio = c.has("ratio") ? pair(c, "ratio") : new double[] {0.3, 3.3};
            boolean random = c.has("value") && c.required("value") instanceof String;
            if (random && !"random".equals(c.string("value"))) {
                throw c.error("value", "must be a number or \"random\", got \"" + c.string("value") + "\"");
            }
            return new RandomErasing(c.number("probability", 0.5), scale[0], scale[1], ratio[0], ratio[1],
                    random ? 0 : c.number("value", 0), random);
        });
    }

    private static double[] pair(ConfigReader c, String key) {
        double[] v = c.doubles(key);
        if (v.length != 2) {
            throw c.error(key, "must be two numbers [min, max], got " + v.length);
        }
        return v;
    }
}
