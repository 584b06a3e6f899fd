package dev.nabla.optim;

/**
 * Hyperparameter checks shared by the optimizer configs and the schedules, so every message reads the
 * same way: {@code "Adam: learning rate must be > 0, got -0.1"}. NaN fails every check.
 */
final class Checks {
    private Checks() {}

    static double positive(String owner, String name, double value) {
        if (!(value > 0)) {
            throw fail(owner, name, "> 0", value);
        }
        return value;
    }

    /** Counts (step sizes, schedule lengths). */
    static long positive(String owner, String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(owner + ": " + name + " must be > 0, got " + value);
        }
        return value;
    }

    static double nonNegative(String owner, String name, double value) {
        if (!(value >= 0)) {
            throw fail(owner, name, ">= 0", value);
        }
        return value;
    }

    /** In [0, 1): decay rates of running averages (betas, RMSprop's alpha). */
    static double decayRate(String owner, String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw fail(owner, name, "in [0, 1)", value);
        }
        return value;
    }

    /** In (0, 1]: multiplicative learning-rate decay factors. */
    static double decayFactor(String owner, String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw fail(owner, name, "in (0, 1]", value);
        }
        return value;
    }

    private static IllegalArgumentException fail(String owner, String name, String expected, double value) {
        return new IllegalArgumentException(owner + ": " + name + " must be " + expected + ", got " + value);
    }
}
