package dev.nabla.playground;

import dev.nabla.tensor.Generator;
import java.util.List;

/**
 * A 2-D data set as TensorFlow Playground draws them (written afresh here, not ported): 500 points in
 * [-6, 6]², a label per point (a class index, or for regression a value in [-1, 1]), and noise in percent.
 * The same name, noise and seed give the same points.
 *
 * @param x1 first coordinate of each point
 * @param x2 second coordinate
 * @param label class index (as a double) or regression target
 * @param classes the number of classes, 0 for regression
 */
public record Points(double[] x1, double[] x2, double[] label, int classes) {
    /** Points per synthetic set, as TensorFlow Playground. */
    public static final int SAMPLES = 500;

    public int size() {
        return x1.length;
    }

    /** The named set; {@code noise} is 0..50. */
    public static Points generate(String name, int noise, long seed) {
        Generator g = new Generator(seed);
        double n = noise / 100.0;
        return switch (name) {
            case "circle" -> circle(g, n);
            case "xor" -> xor(g, n);
            case "gauss" -> gauss(g, n, List.of(new double[] {2, 2}, new double[] {-2, -2}));
            case "blobs" -> gauss(g, n, List.of(new double[] {0, 3}, new double[] {-2.6, -1.5}, new double[] {2.6, -1.5}));
            case "spiral" -> spiral(g, n);
            case "plane" -> plane(g, n);
            case "multigauss" -> multiGauss(g, n);
            default -> throw new PlaygroundException("Data set: unknown '" + name + "'");
        };
    }

    private static double uniform(Generator g, double lo, double hi) {
        return lo + (hi - lo) * g.nextDouble();
    }

    /** A disc of one class inside a ring of the other; noise moves the points before they are labelled. */
    private static Points circle(Generator g, double noise) {
        Builder b = new Builder(2);
        for (int i = 0; i < SAMPLES; i++) {
            boolean inside = i < SAMPLES / 2;
            double r = inside ? uniform(g, 0, 2.5) : uniform(g, 3.5, 5);
            double a = uniform(g, 0, 2 * Math.PI);
            double x = r * Math.sin(a) + uniform(g, -5, 5) * noise, y = r * Math.cos(a) + uniform(g, -5, 5) * noise;
            b.add(x, y, Math.hypot(x, y) < 3 ? 1 : 0);
        }
        return b.build();
    }

    /** Quadrants: the label is whether x1·x2 > 0, points kept a little off the axes. */
    private static Points xor(Generator g, double noise) {
        Builder b = new Builder(2);
        double pad = 0.3;
        for (int i = 0; i < SAMPLES; i++) {
            double x = uniform(g, -5, 5), y = uniform(g, -5, 5);
            x += x > 0 ? pad : -pad;
            y += y > 0 ? pad : -pad;
            double label = x * y >= 0 ? 1 : 0;
            b.add(x + uniform(g, -5, 5) * noise, y + uniform(g, -5, 5) * noise, label);
        }
        return b.build();
    }

    /** One Gaussian per class; noise widens them (standard deviation 0.5 at none, 2 at 50%). */
    private static Points gauss(Generator g, double noise, List<double[]> centres) {
        Builder b = new Builder(centres.size());
        double sd = 0.5 + 3 * noise;
        for (int i = 0; i < SAMPLES; i++) {
            int c = i % centres.size();
            b.add(centres.get(c)[0] + sd * g.nextGaussian(), centres.get(c)[1] + sd * g.nextGaussian(), c);
        }
        return b.build();
    }

    /** Two interleaved spirals. */
    private static Points spiral(Generator g, double noise) {
        Builder b = new Builder(2);
        int half = SAMPLES / 2;
        for (int i = 0; i < SAMPLES; i++) {
            int c = i < half ? 1 : 0;
            double t = (double) (i % half) / half;
            double r = 5 * t, a = 1.75 * t * 2 * Math.PI + c * Math.PI;
            b.add(r * Math.sin(a) + uniform(g, -1, 1) * noise * 5, r * Math.cos(a) + uniform(g, -1, 1) * noise * 5, c);
        }
        return b.build();
    }

    /** y = (x1 + x2) / 12: a tilted plane in [-1, 1]; noise is added to the label. */
    private static Points plane(Generator g, double noise) {
        Builder b = new Builder(0);
        for (int i = 0; i < SAMPLES; i++) {
            double x = uniform(g, -6, 6), y = uniform(g, -6, 6);
            b.add(x, y, (x + y) / 12 + uniform(g, -1, 1) * noise);
        }
        return b.build();
    }

    /** Six Gaussian bumps of either sign; the label is the strongest bump at the point. */
    private static Points multiGauss(Generator g, double noise) {
        double[][] bumps = {{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
        Builder b = new Builder(0);
        for (int i = 0; i < SAMPLES; i++) {
            double x = uniform(g, -6, 6), y = uniform(g, -6, 6), best = 0;
            for (double[] k : bumps) {
                double v = k[2] * Math.exp(-((x - k[0]) * (x - k[0]) + (y - k[1]) * (y - k[1])) / 2);
                best = Math.abs(v) > Math.abs(best) ? v : best;
            }
            b.add(x, y, best + uniform(g, -1, 1) * noise);
        }
        return b.build();
    }

    private static final class Builder {
        private final double[] x = new double[SAMPLES], y = new double[SAMPLES], label = new double[SAMPLES];
        private final int classes;
        private int n;

        Builder(int classes) {
            this.classes = classes;
        }

        void add(double a, double b, double l) {
            x[n] = a;
            y[n] = b;
            label[n++] = l;
        }

        Points build() {
            return new Points(x, y, label, classes);
        }
    }
}
