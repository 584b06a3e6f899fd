package dev.nabla.spec;

import dev.nabla.data.Dataset;
import dev.nabla.data.Synthetic;
import java.util.List;
import java.util.Objects;

/**
 * The generated sets a spec can name ({@code {"source": "synthetic", "name": "spirals", "samples": 500,
 * "noise": 0.1}}), one record each, with the parameters its {@link Synthetic} generator takes. The
 * records only hold settings; {@link Synthetic} checks them when generating.
 */
public sealed interface SyntheticSet {
    /** The names the spec accepts. */
    List<String> NAMES = List.of("xor", "circles", "spirals", "blobs", "linear_regression", "sine", "truth_table");

    /** The samples, drawn from {@code seed} (a truth table has no randomness). */
    Dataset generate(long seed);

    /** Points around the four corners of the XOR truth table. */
    record Xor(int samples, double noise) implements SyntheticSet {
        public Dataset generate(long seed) {
            return Synthetic.xor(samples, noise, seed);
        }
    }

    /** Two concentric circles; {@code factor} is the inner radius over the outer. */
    record Circles(int samples, double noise, double factor) implements SyntheticSet {
        /** scikit-learn's make_circles default. */
        public static final double DEFAULT_FACTOR = 0.8;

        public Dataset generate(long seed) {
            return Synthetic.circles(samples, noise, factor, seed);
        }
    }

    /** Two interleaved spirals. */
    record Spirals(int samples, double noise) implements SyntheticSet {
        public Dataset generate(long seed) {
            return Synthetic.spirals(samples, noise, seed);
        }
    }

    /** Gaussian blobs around {@code centers} random centres. */
    record Blobs(int samples, int centers, double std) implements SyntheticSet {
        /** scikit-learn's make_blobs defaults. */
        public static final int DEFAULT_CENTERS = 3;
        public static final double DEFAULT_STD = 1.0;

        public Dataset generate(long seed) {
            return Synthetic.blobs(samples, centers, std, seed);
        }
    }

    /** Targets x · weights + bias + noise, for regression. */
    record LinearRegression(int samples, List<Double> weights, double bias, double noise) implements SyntheticSet {
        public LinearRegression {
            weights = List.copyOf(Objects.requireNonNull(weights, "weights"));
        }

        public Dataset generate(long seed) {
            return Synthetic.linearRegression(samples, weights.stream().mapToDouble(Double::doubleValue).toArray(), bias,
                    noise, seed);
        }
    }

    /** y = sin x + noise on [-π, π], for regression. */
    record Sine(int samples, double noise) implements SyntheticSet {
        public Dataset generate(long seed) {
            return Synthetic.sine(samples, noise, seed);
        }
    }

    /** The four rows of a two-input boolean function: and, or, xor, nand, nor. */
    record TruthTable(String function) implements SyntheticSet {
        public TruthTable {
            if (!Synthetic.TRUTH_TABLES.contains(function)) {
                throw new IllegalArgumentException("truth_table: unknown function '" + function + "' (known: "
                        + String.join(", ", Synthetic.TRUTH_TABLES) + ")");
            }
        }

        public Dataset generate(long seed) {
            return Synthetic.truthTable(function);
        }
    }
}
