package dev.nabla.insight;

import dev.nabla.autograd.NoGrad;
import dev.nabla.config.Check;
import dev.nabla.loss.MSE;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * The notes' universal approximation theorem, watched: one hidden layer of sigmoid units fitted to a smooth
 * function on [0, 1] as the width grows (1, 2, 4, 8, 32 by default), each trained the same way (full-batch
 * Adam on a grid of samples, float64), each curve kept. What {@code nabla universal} draws, one curve per
 * width over the target.
 *
 * <pre>{@code
 * List<UniversalApproximation.Fit> fits = UniversalApproximation.run(UniversalApproximation.Options.DEFAULT);
 * fits.get(4).mse();   // width 32
 * }</pre>
 */
public final class UniversalApproximation {
    /** The default target: sin(2πx) + ½ sin(5πx), two bumps and a wiggle, smooth on [0, 1]. */
    public static final DoubleUnaryOperator TARGET = x -> Math.sin(2 * Math.PI * x) + 0.5 * Math.sin(5 * Math.PI * x);
    public static final String TARGET_NAME = "sin(2πx) + 0.5 sin(5πx)";

    /**
     * @param widths hidden sigmoid units of each network
     * @param samples grid points on [0, 1] to fit (and to draw)
     * @param steps full-batch Adam updates
     * @param lr Adam's rate
     */
    public record Options(List<Integer> widths, int samples, int steps, double lr, long seed) {
        public static final Options DEFAULT = new Options(List.of(1, 2, 4, 8, 32), 64, 2000, 0.1, 0);

        public Options {
            widths = List.copyOf(widths);
            if (widths.isEmpty() || widths.stream().anyMatch(w -> w < 1)) {
                throw new IllegalArgumentException("universal approximation: widths must be at least 1 each, got " + widths);
            }
            Check.positive("universal approximation", "samples", samples);
            Check.positive("universal approximation", "steps", steps);
            Check.positive("universal approximation", "lr", lr);
        }

        public Options withSteps(int s) { return new Options(widths, samples, s, lr, seed); }
    }

    /** One width's fit: the network's values on the grid and its mean squared error there. */
    public record Fit(int width, double[] xs, double[] target, double[] predicted, double mse, double maxError) {}

    private UniversalApproximation() {}

    /** Fits every width of {@code o} to {@link #TARGET}. */
    public static List<Fit> run(Options o) {
        List<Fit> out = new ArrayList<>();
        for (int w : o.widths()) {
            out.add(fit(w, TARGET, o));
        }
        return out;
    }

    /** Fits one hidden layer of {@code width} sigmoids to {@code f} on [0, 1]. */
    public static Fit fit(int width, DoubleUnaryOperator f, Options o) {
        int n = o.samples();
        double[] xs = new double[n], ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = (double) i / (n - 1);
            ys[i] = f.applyAsDouble(xs[i]);
        }
        Tensor x = Tensor.of(xs, n, 1), y = Tensor.of(ys, n, 1);
        Sequential net = Sequential.of(new Dense(width, Activation.sigmoid()), new Dense(1)).build(o.seed(), DType.FLOAT64, 1);
        Optimizer opt = new Adam(net.parameters(), o.lr());
        MSE loss = MSE.of();
        for (int t = 0; t < o.steps(); t++) {
            opt.zeroGrad();
            loss.compute(net.forward(x), y).backward();
            opt.step();
        }
        double[] p;
        try (NoGrad ignored = NoGrad.enter()) {
            p = net.forward(x).toDoubleArray();
        }
        double se = 0, max = 0;
        for (int i = 0; i < n; i++) {
            se += (p[i] - ys[i]) * (p[i] - ys[i]);
            max = Math.max(max, Math.abs(p[i] - ys[i]));
        }
        return new Fit(width, xs, ys, p, se / n, max);
    }
}
