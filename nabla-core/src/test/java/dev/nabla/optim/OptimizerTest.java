package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.nn.Parameter;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer and option set, one table: N = 5 steps on {@link Reference}'s regression problem
 * (gradients from autograd), θ compared after each step with (a) {@link Reference}'s double loops and
 * (b) PyTorch 1.13's {@code torch.optim} ({@link Golden}, written by {@code golden/optimizers.py}).
 * Then the error inputs, in the same style.
 */
class OptimizerTest {
    private static final int STEPS = 5;
    /**
     * float64 agrees with both to about 3e-16. float32 rounds after every op, in PyTorch's order, which
     * leaves about 1.5e-7 against the double reference and 1.2e-7 against PyTorch (whose CPU kernels
     * fuse some multiply-adds).
     */
    private static final double TOL_F64 = 1e-12, TOL_F32 = 1e-6;

    /** One row: the name shared with optimizers.py, how to build ours, and the expected rule. */
    record Row(String name, Function<List<Parameter>, Optimizer> make, Supplier<Reference> reference) {
        @Override public String toString() { return name; }
    }

    private static Row row(String name, Function<List<Parameter>, Optimizer> make, Supplier<Reference> reference) {
        return new Row(name, make, reference);
    }

    static final List<Row> TABLE = List.of(
            row("sgd", p -> new SGD(p, 0.1), () -> Reference.of(0.1, Reference.sgd(0, false))),
            row("sgd_momentum", p -> new SGD(p, SGD.Config.DEFAULT.withLr(0.1).withMomentum(0.9)),
                    () -> Reference.of(0.1, Reference.sgd(0.9, false))),
            row("sgd_nesterov", p -> new SGD(p, SGD.Config.DEFAULT.withLr(0.1).withNesterov(0.9)),
                    () -> Reference.of(0.1, Reference.sgd(0.9, true))),
            row("sgd_weight_decay", p -> new SGD(p, SGD.Config.DEFAULT.withLr(0.1).withMomentum(0.5).withWeightDecay(0.1)),
                    () -> Reference.of(0.1, Reference.sgd(0.5, false)).weightDecay(0.1)),
            row("sgd_clip_norm", p -> new SGD(p, SGD.Config.DEFAULT.withLr(0.1).withMomentum(0.9)).setClipNorm(1.0),
                    () -> Reference.of(0.1, Reference.sgd(0.9, false)).clipNorm(1.0)),
            row("sgd_clip_value", p -> new SGD(p, 0.1).setClipValue(0.5),
                    () -> Reference.of(0.1, Reference.sgd(0, false)).clipValue(0.5)),
            row("adagrad", p -> new AdaGrad(p, 0.1), () -> Reference.of(0.1, Reference.adagrad(0, 0, 1e-10))),
            row("adagrad_options", p -> new AdaGrad(p, AdaGrad.Config.DEFAULT.withLr(0.1).withLrDecay(0.05)
                            .withWeightDecay(0.1).withInitialAccumulatorValue(0.2).withEps(1e-6)),
                    () -> Reference.of(0.1, Reference.adagrad(0.05, 0.2, 1e-6)).weightDecay(0.1)),
            row("rmsprop", p -> new RMSprop(p, 0.01), () -> Reference.of(0.01, Reference.rmsprop(0.99, 1e-8, 0, false))),
            row("rmsprop_momentum", p -> new RMSprop(p, RMSprop.Config.DEFAULT.withLr(0.01).withMomentum(0.9).withWeightDecay(0.1)),
                    () -> Reference.of(0.01, Reference.rmsprop(0.99, 1e-8, 0.9, false)).weightDecay(0.1)),
            row("rmsprop_centered", p -> new RMSprop(p, RMSprop.Config.DEFAULT.withLr(0.01).withAlpha(0.9).withCentered(true)),
                    () -> Reference.of(0.01, Reference.rmsprop(0.9, 1e-8, 0, true))),
            row("rmsprop_centered_momentum", p -> new RMSprop(p, RMSprop.Config.DEFAULT.withLr(0.01).withCentered(true).withMomentum(0.5)),
                    () -> Reference.of(0.01, Reference.rmsprop(0.99, 1e-8, 0.5, true))),
            row("adam", p -> new Adam(p, 0.05), () -> Reference.of(0.05, Reference.adam(0.9, 0.999, 1e-8, false))),
            row("adam_weight_decay", p -> new Adam(p, Adam.Config.DEFAULT.withLr(0.05).withBetas(0.8, 0.99).withEps(1e-6).withWeightDecay(0.1)),
                    () -> Reference.of(0.05, Reference.adam(0.8, 0.99, 1e-6, false)).weightDecay(0.1)),
            row("adam_amsgrad", p -> new Adam(p, Adam.Config.DEFAULT.withLr(0.05).withBetas(0.9, 0.5).withAmsgrad(true)),
                    () -> Reference.of(0.05, Reference.adam(0.9, 0.5, 1e-8, true))),
            row("adamw", p -> new AdamW(p, AdamW.DEFAULT.withLr(0.05).withWeightDecay(0.1)),
                    () -> Reference.of(0.05, Reference.adam(0.9, 0.999, 1e-8, false)).decoupledWeightDecay(0.1)),
            row("adamw_amsgrad", p -> new AdamW(p, AdamW.DEFAULT.withLr(0.05).withBetas(0.9, 0.5).withAmsgrad(true)),
                    () -> Reference.of(0.05, Reference.adam(0.9, 0.5, 1e-8, true)).decoupledWeightDecay(0.01)),
            row("sgd_exponential_decay", p -> new SGD(p, SGD.Config.DEFAULT.withLr(0.1).withMomentum(0.9))
                            .setSchedule(new LrSchedule.ExponentialDecay(0.8)),
                    () -> Reference.of(0.1, Reference.sgd(0.9, false)).lr(t -> 0.1 * Math.pow(0.8, t))),
            row("sgd_step_decay", p -> new SGD(p, 0.1).setSchedule(new LrSchedule.StepDecay(2, 0.5)),
                    () -> Reference.of(0.1, Reference.sgd(0, false)).lr(t -> 0.1 * Math.pow(0.5, t / 2))),
            row("adam_cosine_decay", p -> new Adam(p, 0.05).setSchedule(new LrSchedule.CosineDecay(4, 0.01)),
                    () -> Reference.of(0.05, Reference.adam(0.9, 0.999, 1e-8, false))
                            .lr(t -> 0.01 + 0.04 * (1 + Math.cos(Math.PI * Math.min(t, 4) / 4)) / 2)),
            // OneCycleLR's phases, written out per case: phase i spans (end of i − 1, end_i], the first from 0
            row("adam_one_cycle", p -> new Adam(p, 0.05).setSchedule(OneCycle.DEFAULT.withTotalSteps(5)),
                    () -> Reference.of(0.05, Reference.adam(t -> t == 0 ? 0.95 : cos(0.85, 0.95, (t - 0.5) / 3.5), 0.999,
                            1e-8, false)).lr(t -> t == 0 ? 0.002 : cos(0.05, 0.002 / 1e4, (t - 0.5) / 3.5))),
            row("sgd_one_cycle_three_phase", p -> new SGD(p, SGD.Config.DEFAULT.withLr(0.1).withNesterov(0.9))
                            .setSchedule(new OneCycle(10, 0.3, 10, 100, OneCycle.Anneal.LINEAR, true, true, 0.8, 0.9)),
                    // ends 2, 4, 9: up 0.01 → 0.1 over steps 0..2, back down to 0.01 by step 4
                    () -> Reference.of(0.1, Reference.sgd(t -> t <= 2 ? 0.9 - 0.05 * t : 0.8 + 0.05 * (t - 2), true))
                            .lr(t -> t <= 2 ? 0.01 + 0.045 * t : 0.1 - 0.045 * (t - 2))),
            row("rmsprop_one_cycle", p -> new RMSprop(p, RMSprop.Config.DEFAULT.withLr(0.01).withMomentum(0.5))
                            .setSchedule(new OneCycle(5, 0.5, 25, 1e4, OneCycle.Anneal.COS, false, true, 0.6, 0.7)),
                    () -> Reference.of(0.01, Reference.rmsprop(0.99, 1e-8,
                                    t -> t <= 1.5 ? cos(0.7, 0.6, t / 1.5) : cos(0.6, 0.7, (t - 1.5) / 2.5), false))
                            .lr(t -> t <= 1.5 ? cos(0.0004, 0.01, t / 1.5) : cos(0.01, 0.0004 / 1e4, (t - 1.5) / 2.5))),
            row("rmsprop_one_cycle_lr_only", p -> new RMSprop(p, RMSprop.Config.DEFAULT.withLr(0.01).withMomentum(0.5))
                            .setSchedule(new OneCycle(5, 0.3, 25, 1e4, OneCycle.Anneal.COS, false, false, 0.85, 0.95)),
                    () -> Reference.of(0.01, Reference.rmsprop(0.99, 1e-8, 0.5, false))
                            .lr(t -> t == 0 ? 0.0004 : cos(0.01, 0.0004 / 1e4, (t - 0.5) / 3.5))));

    /** Half a cosine from {@code from} (pct 0) to {@code to} (pct 1), OneCycleLR's "cos" annealing. */
    private static double cos(double from, double to, double pct) {
        return to + (from - to) / 2 * (1 + Math.cos(Math.PI * pct));
    }

    static Stream<Arguments> rows() {
        return TABLE.stream().flatMap(r -> Stream.of(Arguments.of(r, DType.FLOAT32), Arguments.of(r, DType.FLOAT64)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rows")
    void matchesThePublishedRuleAndPyTorch(Row row, DType dtype) {
        double[][] ours = run(row.make(), dtype);
        double[][] reference = row.reference().get().run(STEPS);
        double[][] torch = Golden.trajectory(row.name(), dtype == DType.FLOAT64 ? "float64" : "float32");
        double tol = dtype == DType.FLOAT64 ? TOL_F64 : TOL_F32;
        for (int s = 0; s < STEPS; s++) {
            assertClose(reference[s], ours[s], tol, row + " " + dtype + " vs reference, step " + (s + 1));
            assertClose(torch[s], ours[s], tol, row + " " + dtype + " vs PyTorch, step " + (s + 1));
        }
    }

    @Test
    void theTableAndTheGoldenFileNameTheSameCases() {
        assertEquals(Golden.cases(), TABLE.stream().map(Row::name).toList(), "rerun golden/optimizers.py after changing a case");
        assertTrue(Golden.header().contains("torch 1.13"), Golden.header());
    }

    /** θ (W row-major, then b) after each step, gradients from autograd. */
    static double[][] run(Function<List<Parameter>, Optimizer> make, DType dtype) {
        Tensor x = Tensor.of(dtype, flat(Reference.X), 4, 3), y = Tensor.of(dtype, flat(Reference.Y), 4, 2);
        Parameter w = new Parameter(Tensor.of(dtype, flat(Reference.W0), 2, 3));
        Parameter b = new Parameter(Tensor.of(dtype, Reference.B0, 2));
        Optimizer opt = make.apply(List.of(w, b));
        double[][] out = new double[STEPS][];
        for (int s = 0; s < STEPS; s++) {
            opt.zeroGrad();
            x.matmul(w.value().t()).add(b.value()).sub(y).pow(2).mean().backward();
            opt.step();
            double[] wv = w.value().toDoubleArray(), bv = b.value().toDoubleArray();
            out[s] = Arrays.copyOf(wv, wv.length + bv.length);
            System.arraycopy(bv, 0, out[s], wv.length, bv.length);
        }
        return out;
    }

    static double[] flat(double[][] rows) {
        return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
    }

    /**
     * Element-wise relative error, floored at the vector's largest magnitude: an element that is the
     * difference of two O(‖θ‖) numbers (b after a first RMSprop step is 0.1 − 0.1) carries an error
     * relative to ‖θ‖, not to itself.
     */
    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        double scale = Arrays.stream(expected).map(Math::abs).max().orElse(0);
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), scale);
            if (!(err <= tol)) {
                fail(what + ": θ[" + i + "] = " + actual[i] + ", expected " + expected[i] + " (relative error " + err
                        + " > " + tol + ")\n  expected " + Arrays.toString(expected) + "\n  actual   " + Arrays.toString(actual));
            }
        }
    }

    // ---------------------------------------------------------------- error inputs

    private static List<Parameter> params() {
        return List.of(new Parameter(Tensor.zeros(2, 3)), new Parameter(Tensor.zeros(2)));
    }

    static Stream<Arguments> errors() {
        Parameter p = new Parameter(Tensor.zeros(3));
        return Stream.of(
                error("negative lr", () -> new SGD(params(), -0.1), "SGD: lr must be > 0, got -0.1"),
                error("zero lr", () -> new Adam(params(), 0), "Adam: lr must be > 0, got 0.0"),
                error("NaN lr", () -> new AdaGrad(params(), Double.NaN), "AdaGrad: lr must be > 0, got NaN"),
                error("beta1 = 1", () -> Adam.Config.DEFAULT.withBetas(1, 0.999), "Adam: beta1 must be in [0, 1), got 1.0"),
                error("beta2 = 1", () -> AdamW.DEFAULT.withBetas(0.9, 1), "Adam: beta2 must be in [0, 1), got 1.0"),
                error("negative beta", () -> Adam.Config.DEFAULT.withBetas(-0.1, 0.9), "Adam: beta1 must be in [0, 1), got -0.1"),
                error("Adam eps = 0", () -> Adam.Config.DEFAULT.withEps(0), "Adam: eps must be > 0, got 0.0"),
                error("RMSprop eps = 0", () -> RMSprop.Config.DEFAULT.withEps(0), "RMSprop: eps must be > 0, got 0.0"),
                error("AdaGrad eps < 0", () -> AdaGrad.Config.DEFAULT.withEps(-1e-10), "AdaGrad: eps must be > 0, got -1.0E-10"),
                error("RMSprop alpha = 1", () -> RMSprop.Config.DEFAULT.withAlpha(1), "RMSprop: alpha must be in [0, 1), got 1.0"),
                error("negative momentum", () -> SGD.Config.DEFAULT.withMomentum(-0.9), "SGD: momentum must be >= 0, got -0.9"),
                error("RMSprop negative momentum", () -> RMSprop.Config.DEFAULT.withMomentum(-1), "RMSprop: momentum must be >= 0, got -1.0"),
                error("nesterov without momentum", () -> new SGD.Config(0.1, 0, true, 0), "SGD: nesterov must be false without momentum (momentum is 0.0), got true"),
                error("negative weight decay", () -> SGD.Config.DEFAULT.withWeightDecay(-1e-4), "SGD: weight_decay must be >= 0, got -1.0E-4"),
                error("AdamW negative weight decay", () -> AdamW.DEFAULT.withWeightDecay(-0.01), "Adam: weight_decay must be >= 0, got -0.01"),
                error("negative lr decay", () -> AdaGrad.Config.DEFAULT.withLrDecay(-1), "AdaGrad: lr_decay must be >= 0, got -1.0"),
                error("negative initial accumulator", () -> AdaGrad.Config.DEFAULT.withInitialAccumulatorValue(-1),
                        "AdaGrad: initial_accumulator_value must be >= 0, got -1.0"),
                error("empty params", () -> new Adam(List.of(), 1e-3), "Adam: needs at least one parameter, got an empty list"),
                error("duplicate params", () -> new SGD(List.of(p, p), 0.1), "SGD: parameter 1 (Parameter[3] float32) appears twice in the list"),
                error("clip norm = 0", () -> new SGD(params(), 0.1).setClipNorm(0), "SGD: clip_norm must be > 0, got 0.0"),
                error("negative clip value", () -> new SGD(params(), 0.1).setClipValue(-1), "SGD: clip_value must be > 0, got -1.0"),
                error("setLearningRate(-1)", () -> new RMSprop(params(), 0.01).setLearningRate(-1), "RMSprop: lr must be > 0, got -1.0"));
    }

    private static Arguments error(String what, Executable call, String message) {
        return Arguments.of(what, call, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void refusesBadHyperparametersNamingThem(String what, Executable call, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, what);
        assertEquals(message, e.getMessage(), what);
    }
}
