package dev.nabla.insight;

import dev.nabla.config.Check;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * A 2-D test surface for the optimizer paths: f(x, y) written with tensor ops, so the library's autograd
 * gives the gradient the optimizers step on, and the same expression evaluated on a grid gives the
 * contours. The four of the notes and of the optimizer literature: a quadratic bowl of a chosen condition
 * number, the saddle x² − y², Rosenbrock's valley and Beale's function.
 *
 * @param name what the pictures and the CLI call it
 * @param f the function, elementwise on equal-shaped float64 tensors of x and y
 * @param start where every path begins
 * @param box the plotted region {xmin, xmax, ymin, ymax}
 * @param minimum the global minimum {x, y}, or null (the saddle has none)
 * @param steps how many updates the "every optimizer" figure takes on it
 * @param sgdLr the rate plain and momentum SGD take there (under the stability limit 2 / the largest curvature)
 * @param adaptiveLr the rate AdaGrad, RMSprop and Adam take there (about the step length per coordinate)
 */
public record Surface(String name, BinaryOperator<Tensor> f, double[] start, double[] box, double[] minimum, int steps,
                      double sgdLr, double adaptiveLr) {
    public Surface {
        Check.notNull("surface", "name", name);
        Check.positive("surface " + name, "steps", steps);
        if (start.length != 2 || box.length != 4 || (minimum != null && minimum.length != 2)) {
            throw new IllegalArgumentException("surface " + name + ": start and minimum are (x, y), the box {xmin, xmax, ymin, ymax}");
        }
        start = start.clone();
        box = box.clone();
        minimum = minimum == null ? null : minimum.clone();
    }

    /** (x² + κ·y²) / 2: the Hessian's eigenvalues are 1 and κ, so κ is its condition number. */
    public static Surface bowl(double conditionNumber) {
        Check.positive("bowl surface", "condition number", conditionNumber);
        return new Surface("bowl", (x, y) -> x.mul(x).add(y.mul(y).mul(conditionNumber)).mul(0.5),
                new double[] {-4, 1.5}, new double[] {-5, 5, -2.5, 2.5}, new double[] {0, 0}, 100,
                1 / (1 + conditionNumber), 0.1);
    }

    /** x² − y²: a saddle at 0, unbounded below along y; a start just off the ridge shows who escapes. */
    public static Surface saddle() {
        return new Surface("saddle", (x, y) -> x.mul(x).sub(y.mul(y)),
                new double[] {-2, 0.01}, new double[] {-2.5, 2.5, -2.5, 2.5}, null, 80, 0.05, 0.05);
    }

    /** (1 − x)² + 100 (y − x²)²: a curved, flat-bottomed valley to the minimum at (1, 1). */
    public static Surface rosenbrock() {
        return new Surface("rosenbrock", (x, y) -> x.neg().add(1).pow(2).add(y.sub(x.mul(x)).pow(2).mul(100)),
                new double[] {-1.5, 2}, new double[] {-2, 2, -1, 3}, new double[] {1, 1}, 2000, 0.001, 0.02);
    }

    /** Beale's function: flat plateaus and steep walls, minimum 0 at (3, 0.5). */
    public static Surface beale() {
        return new Surface("beale", (x, y) -> {
            Tensor a = x.mul(y).sub(x).add(1.5), b = x.mul(y.mul(y)).sub(x).add(2.25), c = x.mul(y.pow(3)).sub(x).add(2.625);
            return a.mul(a).add(b.mul(b)).add(c.mul(c));
        }, new double[] {1, 1.5}, new double[] {-1, 4.5, -1.5, 2}, new double[] {3, 0.5}, 2000, 0.001, 0.01);
    }

    /** The four, the bowl with condition number {@code conditionNumber}. */
    public static List<Surface> all(double conditionNumber) {
        return List.of(bowl(conditionNumber), saddle(), rosenbrock(), beale());
    }

    /** The surface by its name: bowl, saddle, rosenbrock or beale. */
    public static Surface named(String name, double conditionNumber) {
        return all(conditionNumber).stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("surface: unknown '" + name + "'; the surfaces: bowl, saddle, rosenbrock, beale"));
    }

    /** f at one point. */
    public double at(double x, double y) {
        return f.apply(Tensor.scalar(DType.FLOAT64, x), Tensor.scalar(DType.FLOAT64, y)).item();
    }

    /** f on an n × n grid over the box, row-major from (xmin, ymin): values[i * n + j] at x_j, y_i. */
    public double[] grid(int n) {
        double[] xs = new double[n * n], ys = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                xs[i * n + j] = box[0] + (box[1] - box[0]) * j / (n - 1);
                ys[i * n + j] = box[2] + (box[3] - box[2]) * i / (n - 1);
            }
        }
        return f.apply(Tensor.of(xs, n * n), Tensor.of(ys, n * n)).toDoubleArray();
    }
}
