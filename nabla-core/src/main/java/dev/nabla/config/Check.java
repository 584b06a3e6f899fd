package dev.nabla.config;

/**
 * The checks settings records make in their constructors, so every refusal reads the same way
 * ({@code Adam: lr must be > 0, got -0.1}) and names the key a config file uses. NaN fails every check.
 */
public final class Check {
    private Check() {}

    /** Refuses unless {@code ok}: {@code owner: key must be <requirement>, got <value>}. */
    public static void that(boolean ok, String owner, String key, String requirement, Object value) {
        if (!ok) {
            throw ConfigException.of(owner, key, "must be " + requirement + ", got " + value);
        }
    }

    public static double positive(String owner, String key, double value) {
        that(value > 0, owner, key, "> 0", value);
        return value;
    }

    public static long positive(String owner, String key, long value) {
        that(value > 0, owner, key, "> 0", value);
        return value;
    }

    public static double nonNegative(String owner, String key, double value) {
        that(value >= 0, owner, key, ">= 0", value);
        return value;
    }

    public static long nonNegative(String owner, String key, long value) {
        that(value >= 0, owner, key, ">= 0", value);
        return value;
    }

    public static double finite(String owner, String key, double value) {
        that(Double.isFinite(value), owner, key, "finite", value);
        return value;
    }

    /** In [0, 1): decay rates of running averages (betas, RMSprop's alpha). */
    public static double decayRate(String owner, String key, double value) {
        that(value >= 0 && value < 1, owner, key, "in [0, 1)", value);
        return value;
    }

    /** In (0, 1]: multiplicative decay factors. */
    public static double decayFactor(String owner, String key, double value) {
        that(value > 0 && value <= 1, owner, key, "in (0, 1]", value);
        return value;
    }

    /** In [0, 1]: probabilities and fractions. */
    public static double probability(String owner, String key, double value) {
        that(value >= 0 && value <= 1, owner, key, "in [0, 1]", value);
        return value;
    }

    public static <T> T notNull(String owner, String key, T value) {
        if (value == null) {
            throw ConfigException.of(owner, key, "must be given, got null");
        }
        return value;
    }
}
