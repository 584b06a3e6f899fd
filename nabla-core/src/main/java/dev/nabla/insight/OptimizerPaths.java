package dev.nabla.insight;

import dev.nabla.config.Check;
import dev.nabla.nn.Parameter;
import dev.nabla.optim.AdaGrad;
import dev.nabla.optim.Adam;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.OptimizerConfig;
import dev.nabla.optim.RMSprop;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Optimizers' paths on a 2-D {@link Surface}: the point (x, y) is two float64 {@link Parameter}s, the
 * library's own optimizer steps them on the gradient its autograd computes, and every position is kept.
 * What {@code nabla paths} draws over the contours: every optimizer from the same start, the learning-rate
 * sweep of the notes (too small, good, too large, divergent) and the momentum sweep (β = 0, 0.6, 0.8, 0.9
 * at one step size).
 *
 * <p>A path whose f turns non-finite or grows {@link #GROWTH}-fold, or which goes past {@link #FAR} from the
 * origin, has diverged: it
 * stops there and says at which step; nothing is thrown, since divergence is what the too-large rate is
 * there to show.
 *
 * <pre>{@code
 * OptimizerPaths.Path p = OptimizerPaths.run(Surface.rosenbrock(), "adam", new Adam.Config(0.02, 0.9, 0.999, 1e-8, 0, false), 2000);
 * p.distanceTo(1, 1);   // under 0.05
 * }</pre>
 */
public final class OptimizerPaths {
    /** Past this distance from the origin a path is said to diverge (the surfaces live within a few units). */
    public static final double FAR = 1e6;
    /** A path whose |f| grows past this many times its start's (or 1) has diverged too. */
    public static final double GROWTH = 1e6;

    /**
     * One path.
     *
     * @param label what the legend calls it
     * @param xs the x of each position, the start first (steps + 1 of them, fewer when it diverged)
     * @param losses f at each position
     * @param divergedAt the step at which it left the finite or went past {@link #FAR}, or -1
     */
    public record Path(String label, double[] xs, double[] ys, double[] losses, int divergedAt) {
        public boolean diverged() {
            return divergedAt >= 0;
        }

        /** The last (finite) position's distance to (x, y). */
        public double distanceTo(double x, double y) {
            int n = xs.length - 1;
            return Math.hypot(xs[n] - x, ys[n] - y);
        }

        public double finalLoss() {
            return losses[losses.length - 1];
        }
    }

    /** A labelled optimizer setting, as the sweeps and the "every optimizer" figure list them. */
    public record Entry(String label, OptimizerConfig config) {}

    private OptimizerPaths() {}

    /** Runs {@code config}'s optimizer for {@code steps} updates from the surface's start. */
    public static Path run(Surface s, String label, OptimizerConfig config, int steps) {
        Check.positive("optimizer paths", "steps", steps);
        Parameter x = new Parameter(Tensor.scalar(DType.FLOAT64, s.start()[0]));
        Parameter y = new Parameter(Tensor.scalar(DType.FLOAT64, s.start()[1]));
        Optimizer opt = config.create(List.of(x, y));
        double[] xs = new double[steps + 1], ys = new double[steps + 1], fs = new double[steps + 1];
        for (int t = 0; ; t++) {
            opt.zeroGrad();
            Tensor f = s.f().apply(x.value(), y.value());
            xs[t] = x.value().item();
            ys[t] = y.value().item();
            fs[t] = f.item();
            if (!Double.isFinite(fs[t]) || Math.abs(fs[t]) > GROWTH * Math.max(Math.abs(fs[0]), 1) || Math.hypot(xs[t], ys[t]) > FAR) {
                // keep the last finite position as the end, and say where it went
                return new Path(label, Arrays.copyOf(xs, Math.max(t, 1)), Arrays.copyOf(ys, Math.max(t, 1)),
                        Arrays.copyOf(fs, Math.max(t, 1)), t);
            }
            if (t == steps) {
                return new Path(label, xs, ys, fs, -1);
            }
            f.backward();
            opt.step();
        }
    }

    /** Runs each entry on {@code s} from its start. */
    public static List<Path> run(Surface s, List<Entry> entries, int steps) {
        List<Path> out = new ArrayList<>();
        for (Entry e : entries) {
            out.add(run(s, e.label(), e.config(), steps));
        }
        return out;
    }

    /**
     * Every optimizer of the library, each at a rate that suits it (adaptive methods step by about the
     * rate in each coordinate, plain gradient descent by the rate times the gradient): SGD, SGD with
     * momentum 0.9, Nesterov, AdaGrad, RMSprop, Adam, AdamW.
     */
    public static List<Entry> everyOptimizer(double sgdLr, double adaptiveLr) {
        String s = " lr=" + fmt(sgdLr), a = " lr=" + fmt(adaptiveLr);
        return List.of(
                new Entry("sgd" + s, SGD.Config.DEFAULT.withLr(sgdLr)),
                new Entry("momentum 0.9" + s, SGD.Config.DEFAULT.withLr(sgdLr).withMomentum(0.9)),
                new Entry("nesterov 0.9" + s, SGD.Config.DEFAULT.withLr(sgdLr).withNesterov(0.9)),
                // AdaGrad's steps shrink as its sums grow: PyTorch's defaults give it 10x Adam's rate too
                new Entry("adagrad lr=" + fmt(10 * adaptiveLr), AdaGrad.Config.DEFAULT.withLr(10 * adaptiveLr)),
                new Entry("rmsprop" + a, RMSprop.Config.DEFAULT.withLr(adaptiveLr)),
                new Entry("adam" + a, Adam.Config.DEFAULT.withLr(adaptiveLr)),
                new Entry("adamw" + a, AdamW.DEFAULT.withLr(adaptiveLr)));
    }

    /**
     * The notes' learning-rate guideline as paths of plain gradient descent: {@code good / 10} (too small:
     * crawls), {@code good}, a rate just under the surface's stability limit (too large: zig-zags) and one
     * over it (divergent). On the bowl of condition number κ the limit is 2/κ and the best rate 2/(1 + κ):
     * {@link #lrSweep(double)}.
     */
    public static List<Entry> lrSweep(double good, double tooLarge, double divergent) {
        Check.positive("learning-rate sweep", "good rate", good);
        return List.of(new Entry("too small lr=" + fmt(good / 10), SGD.Config.DEFAULT.withLr(good / 10)),
                new Entry("good lr=" + fmt(good), SGD.Config.DEFAULT.withLr(good)),
                new Entry("too large lr=" + fmt(tooLarge), SGD.Config.DEFAULT.withLr(tooLarge)),
                new Entry("divergent lr=" + fmt(divergent), SGD.Config.DEFAULT.withLr(divergent)));
    }

    /** The sweep on the bowl of condition number κ: 2/(1 + κ), 0.99 and 1.1 times the limit 2/κ. */
    public static List<Entry> lrSweep(double conditionNumber) {
        Check.positive("learning-rate sweep", "condition number", conditionNumber);
        return lrSweep(round(2 / (1 + conditionNumber)), round(0.99 * 2 / conditionNumber), round(1.1 * 2 / conditionNumber));
    }

    private static String fmt(double v) {
        return new java.math.BigDecimal(String.format(java.util.Locale.ROOT, "%.3g", v)).stripTrailingZeros().toPlainString();
    }

    /** Three significant digits: the rates are read in the legend. */
    private static double round(double v) {
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.3g", v));
    }

    /** The notes' momentum figure: β = 0, 0.6, 0.8, 0.9 at one step size. */
    public static List<Entry> momentumSweep(double lr) {
        List<Entry> out = new ArrayList<>();
        for (double beta : new double[] {0, 0.6, 0.8, 0.9}) {
            out.add(new Entry("β=" + fmt(beta) + " lr=" + fmt(lr), SGD.Config.DEFAULT.withLr(lr).withMomentum(beta)));
        }
        return out;
    }
}
