package dev.nabla.data;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Small generated data sets for teaching, tests and the playground: each is fixed by its seed, so a test
 * can pin a result and a lecture can show the same picture twice. Features are float32; classification
 * sets have int32 labels with class names "0", "1", ...; regression sets have float32 targets [N, 1].
 *
 * <p>Classification sets are balanced (classes differ in size by at most one) and their samples are
 * shuffled, so a {@link Splits#holdOutLast} validation part holds every class. Noise is Gaussian with the
 * given standard deviation.
 */
public final class Synthetic {
    private Synthetic() {}

    /**
     * XOR as a point cloud: {@code n} 2-D points around the four corners (0,0), (0,1), (1,0), (1,1) of the
     * truth table, a quarter each, labelled a XOR b: the classic problem a single perceptron cannot solve.
     */
    public static Dataset xor(int n, double noise, long seed) {
        check("xor", n, noise);
        Generator g = new Generator(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int a = (i & 2) >> 1, b = i & 1;
            x[2 * i] = (float) (a + noise * g.nextGaussian());
            x[2 * i + 1] = (float) (b + noise * g.nextGaussian());
            y[i] = a ^ b;
        }
        return shuffled(x, 2, y, 2, g);
    }

    /**
     * Two concentric circles (scikit-learn's {@code make_circles}): {@code n/2} points (rounded down) evenly
     * spaced on the unit circle, class 0, and the rest on a circle of radius {@code factor}, class 1.
     *
     * @param factor inner radius over outer radius, in (0, 1)
     */
    public static Dataset circles(int n, double noise, double factor, long seed) {
        check("circles", n, noise);
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("circles: factor must be in (0, 1), got " + factor);
        }
        Generator g = new Generator(seed);
        int outer = n / 2;
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            boolean inner = i >= outer;
            int k = inner ? i - outer : i;
            double angle = 2 * Math.PI * k / (inner ? n - outer : outer);
            double r = inner ? factor : 1;
            x[2 * i] = (float) (r * Math.cos(angle) + noise * g.nextGaussian());
            x[2 * i + 1] = (float) (r * Math.sin(angle) + noise * g.nextGaussian());
            y[i] = inner ? 1 : 0;
        }
        return shuffled(x, 2, y, 2, g);
    }

    /**
     * Two interleaved spirals, one per class, each winding 1.75 turns out from the centre to radius 1; the
     * second is the first turned by half a turn. Separable, but only by a curved boundary.
     */
    public static Dataset spirals(int n, double noise, long seed) {
        check("spirals", n, noise);
        Generator g = new Generator(seed);
        int first = (n + 1) / 2;
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i < first ? 0 : 1;
            int k = c == 0 ? i : i - first;
            double r = (double) k / (c == 0 ? first : n - first);
            double t = 1.75 * 2 * Math.PI * r + c * Math.PI;
            x[2 * i] = (float) (r * Math.cos(t) + noise * g.nextGaussian());
            x[2 * i + 1] = (float) (r * Math.sin(t) + noise * g.nextGaussian());
            y[i] = c;
        }
        return shuffled(x, 2, y, 2, g);
    }

    /**
     * Gaussian blobs (scikit-learn's {@code make_blobs}): {@code centers} 2-D centres drawn uniformly in
     * the box [-10, 10]², and n points split among them as evenly as possible (the first ones get the
     * remainder), each centre plus noise of standard deviation {@code std}. Class k is centre k.
     */
    public static Dataset blobs(int n, int centers, double std, long seed) {
        check("blobs", n, std);
        if (centers < 1) {
            throw new IllegalArgumentException("blobs: centers must be >= 1, got " + centers);
        }
        Generator g = new Generator(seed);
        double[] c = new double[2 * centers];
        for (int k = 0; k < c.length; k++) {
            c[k] = -10 + 20 * g.nextDouble();
        }
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int k = i % centers;
            x[2 * i] = (float) (c[2 * k] + std * g.nextGaussian());
            x[2 * i + 1] = (float) (c[2 * k + 1] + std * g.nextGaussian());
            y[i] = k;
        }
        return shuffled(x, 2, y, centers, g);
    }

    /**
     * A linear model with noise: features {@code [n, d]} standard normal (d = weights.length), targets
     * {@code [n, 1]} = x · weights + bias + noise. A regression model should recover the weights.
     */
    public static Dataset linearRegression(int n, double[] weights, double bias, double noise, long seed) {
        check("linearRegression", n, noise);
        Objects.requireNonNull(weights, "weights");
        boolean finite = Double.isFinite(bias) && java.util.Arrays.stream(weights).allMatch(Double::isFinite);
        if (weights.length == 0 || !finite) {
            throw new IllegalArgumentException("linearRegression: need at least one weight and finite weights and bias, got "
                    + java.util.Arrays.toString(weights) + ", bias " + bias);
        }
        Generator g = new Generator(seed);
        int d = weights.length;
        float[] x = new float[n * d];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double sum = bias;
            for (int j = 0; j < d; j++) {
                float v = (float) g.nextGaussian();
                x[i * d + j] = v;
                sum += v * weights[j];
            }
            y[i] = (float) (sum + noise * g.nextGaussian());
        }
        return Dataset.of(Tensor.of(x, n, d), Tensor.of(y, n, 1));
    }

    /** A sine wave to fit: x uniform in [-π, π] ({@code [n, 1]}), y = sin x + noise ({@code [n, 1]}). */
    public static Dataset sine(int n, double noise, long seed) {
        check("sine", n, noise);
        Generator g = new Generator(seed);
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double v = Math.PI * (2 * g.nextDouble() - 1);
            x[i] = (float) v;
            y[i] = (float) (Math.sin(v) + noise * g.nextGaussian());
        }
        return Dataset.of(Tensor.of(x, n, 1), Tensor.of(y, n, 1));
    }

    /** The boolean functions {@link #truthTable} knows. */
    public static final List<String> TRUTH_TABLES = List.of("and", "or", "xor", "nand", "nor");

    /**
     * A two-input truth table: the 4 rows (0,0), (0,1), (1,0), (1,1) as float32 features {@code [4, 2]} and
     * the function's value as int32 labels, in that order, class names "0" and "1". The perceptron's first
     * exercises: AND, OR, NAND, NOR are linearly separable; XOR is not.
     */
    public static Dataset truthTable(String fn) {
        int[] y = switch (Objects.requireNonNull(fn, "fn")) {
            case "and" -> new int[] {0, 0, 0, 1};
            case "or" -> new int[] {0, 1, 1, 1};
            case "xor" -> new int[] {0, 1, 1, 0};
            case "nand" -> new int[] {1, 1, 1, 0};
            case "nor" -> new int[] {1, 0, 0, 0};
            default -> throw new IllegalArgumentException("truthTable: unknown function '" + fn + "' (known: "
                    + String.join(", ", TRUTH_TABLES) + ")");
        };
        Tensor x = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        return new Dataset(x, Tensor.of(y, 4), List.of("a", "b"), classNames(2));
    }

    private static void check(String name, int n, double noise) {
        if (n < 1) {
            throw new IllegalArgumentException(name + ": n must be >= 1, got " + n);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException(name + ": noise must be a finite number >= 0, got " + noise);
        }
    }

    /** The samples in a random order, so classes are mixed (generation makes them in class order). */
    private static Dataset shuffled(float[] x, int d, int[] y, int classes, Generator g) {
        int n = y.length;
        int[] p = g.permutation(n);
        float[] xs = new float[x.length];
        int[] ys = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, p[i] * d, xs, i * d, d);
            ys[i] = y[p[i]];
        }
        return new Dataset(Tensor.of(xs, n, d), Tensor.of(ys, n), List.of(), classNames(classes));
    }

    private static List<String> classNames(int classes) {
        return IntStream.range(0, classes).mapToObj(Integer::toString).toList();
    }
}
