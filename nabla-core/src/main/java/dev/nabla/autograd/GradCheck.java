package dev.nabla.autograd;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Compares autograd's gradients with central finite differences in float64.
 *
 * <p>A non-scalar output is projected to a scalar with fixed random weights, {@code L = sum(w * f(x))},
 * so every output element takes part. For each input element, the numeric derivative is
 * {@code (L(x + eps) - L(x - eps)) / 2 eps}. An element passes when
 * {@code |analytic - numeric| <= atol + rtol * |numeric|} (the test torch.autograd.gradcheck uses).
 * The report names the worst element: op, input, index, both values and their relative error.
 */
public final class GradCheck {

    /** Step and tolerances. The defaults suit float64 and smooth functions of O(1) inputs. */
    public record Options(double eps, double atol, double rtol, long seed) {
        public Options {
            if (!(eps > 0) || !(atol >= 0) || !(rtol >= 0)) {
                throw new IllegalArgumentException("GradCheck options: need eps > 0, atol >= 0, rtol >= 0, got eps="
                        + eps + ", atol=" + atol + ", rtol=" + rtol);
            }
        }

        public static Options defaults() {
            return new Options(1e-6, 1e-6, 1e-5, 1234);
        }
    }

    /** The outcome: pass or fail, and the worst element found. */
    public record Report(String op, boolean passed, int input, int[] index, double analytic, double numeric,
                         double relativeError, int elementsChecked) {
        @Override
        public String toString() {
            return String.format("%s: %s, worst at input %d index %s: analytic %.10g, numeric %.10g, rel. error %.3g (%d elements)",
                    op, passed ? "ok" : "FAILED", input, Arrays.toString(index), analytic, numeric, relativeError,
                    elementsChecked);
        }
    }

    private GradCheck() {}

    /** Checks {@code f} at {@code inputs} with the default options. */
    public static Report check(String op, Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(op, f, Options.defaults(), inputs);
    }

    /**
     * Checks {@code f} at {@code inputs}. Floating inputs are copied to float64 leaves that require
     * grad; int32 inputs (indices) are passed through unchanged.
     */
    public static Report check(String op, Function<Tensor[], Tensor> f, Options opt, Tensor... inputs) {
        Tensor[] x = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            x[i] = inputs[i].dtype().isFloating() ? inputs[i].to(DType.FLOAT64).copy().requiresGrad(true) : inputs[i];
        }
        return run(op, () -> f.apply(x), opt, x);
    }

    /**
     * Checks the gradient of {@code f} with respect to tensors that already exist, such as a layer's
     * parameters: float64 leaves that require grad, perturbed in place (and restored) for the numeric side.
     */
    public static Report checkLeaves(String op, Supplier<Tensor> f, Options opt, List<Tensor> leaves) {
        for (Tensor t : leaves) {
            if (t.dtype() != DType.FLOAT64 || !t.isLeaf() || !t.requiresGrad()) {
                throw new IllegalArgumentException("GradCheck.checkLeaves: needs float64 leaves that require grad, got "
                        + t.dtype() + " " + t.shape() + (t.isLeaf() ? "" : " (not a leaf)"));
            }
            t.zeroGrad();
        }
        return run(op, f, opt, leaves.toArray(new Tensor[0]));
    }

    private static Report run(String op, Supplier<Tensor> f, Options opt, Tensor[] x) {
        Tensor out = f.get();
        Tensor weights = Tensor.normal(new Generator(opt.seed()), DType.FLOAT64, 0, 1, out.shape().dims());
        out.mul(weights).sum().backward();

        Worst worst = new Worst();
        int checked = 0;
        for (int i = 0; i < x.length; i++) {
            if (!x[i].dtype().isFloating()) {
                continue;
            }
            double[] data = x[i].f64();
            Tensor grad = x[i].grad();
            for (int j = 0; j < data.length; j++) {
                double saved = data[j];
                // raw writes: markModified so that no cached copy (packed weights) misses them
                data[j] = saved + opt.eps();
                x[i].markModified();
                double plus = projected(f, weights);
                data[j] = saved - opt.eps();
                x[i].markModified();
                double minus = projected(f, weights);
                data[j] = saved;
                x[i].markModified();
                double numeric = (plus - minus) / (2 * opt.eps());
                double analytic = grad == null ? 0.0 : grad.f64()[j];
                worst.offer(i, j, analytic, numeric, opt);
                checked++;
            }
        }
        int[] index = worst.input < 0 ? new int[0] : unflatten(worst.flat, x[worst.input].shape().dims());
        return new Report(op, worst.passed, worst.input, index, worst.analytic, worst.numeric,
                worst.relativeError(), checked);
    }

    private static double projected(Supplier<Tensor> f, Tensor weights) {
        try (NoGrad ignored = NoGrad.enter()) {
            return f.get().to(DType.FLOAT64).mul(weights).sum().item();
        }
    }

    private static int[] unflatten(int flat, int[] dims) {
        int[] idx = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            idx[d] = flat % dims[d];
            flat /= dims[d];
        }
        return idx;
    }

    /** The element with the largest error relative to its allowed tolerance; any failure marks the whole. */
    private static final class Worst {
        int input = -1;
        int flat;
        double analytic;
        double numeric;
        double ratio = -1;
        boolean passed = true;

        void offer(int i, int j, double a, double n, Options opt) {
            double err = Math.abs(a - n);
            double allowed = opt.atol() + opt.rtol() * Math.abs(n);
            boolean ok = err <= allowed;
            double r = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err / allowed;
            passed &= ok;
            if (r > ratio) {
                ratio = r;
                input = i;
                flat = j;
                analytic = a;
                numeric = n;
            }
        }

        double relativeError() {
            double scale = Math.max(Math.abs(analytic), Math.abs(numeric));
            return scale == 0 ? 0 : Math.abs(analytic - numeric) / scale;
        }
    }
}
