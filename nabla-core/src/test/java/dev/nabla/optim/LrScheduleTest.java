package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.nn.Parameter;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Schedules: their values, how an optimizer applies them, and how setLearningRate composes with them. */
class LrScheduleTest {

    static Stream<Arguments> values() {
        LrSchedule exp = new LrSchedule.ExponentialDecay(0.5), step = new LrSchedule.StepDecay(3, 0.1);
        LrSchedule cos = new LrSchedule.CosineDecay(10, 0.1);
        return Stream.of(
                Arguments.of(LrSchedule.constant(), 0, 0.3), Arguments.of(LrSchedule.constant(), 1000, 0.3),
                Arguments.of(exp, 0, 2.0), Arguments.of(exp, 1, 1.0), Arguments.of(exp, 3, 0.25),
                Arguments.of(new LrSchedule.ExponentialDecay(1), 50, 2.0),
                Arguments.of(step, 0, 1.0), Arguments.of(step, 2, 1.0), Arguments.of(step, 3, 0.1), Arguments.of(step, 7, 0.01),
                Arguments.of(cos, 0, 1.1), Arguments.of(cos, 5, 0.6), Arguments.of(cos, 10, 0.1), Arguments.of(cos, 11, 0.1),
                Arguments.of(cos, 1_000_000, 0.1));
    }

    @ParameterizedTest(name = "{0} at t={1}")
    @MethodSource("values")
    void givesTheDocumentedRate(LrSchedule schedule, long t, double expected) {
        double base = switch (schedule) {
            case LrSchedule.Constant c -> 0.3;
            case LrSchedule.ExponentialDecay e -> 2.0;
            case LrSchedule.StepDecay s -> 1.0;
            case LrSchedule.CosineDecay c -> 1.1;
            default -> throw new AssertionError(schedule);
        };
        assertEquals(expected, schedule.lr(t, base), 1e-15);
    }

    @Test
    void cosineDecayIsHalfACosine() {
        LrSchedule cos = new LrSchedule.CosineDecay(4, 0.01);
        double[] expected = {0.05, 0.01 + 0.04 * (1 + Math.sqrt(0.5)) / 2, 0.03, 0.01 + 0.04 * (1 - Math.sqrt(0.5)) / 2, 0.01};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], cos.lr(t, 0.05), 1e-17, "t=" + t);
        }
    }

    /** loss = sum(w): every gradient is 1, so w moves by exactly the learning rate of each update. */
    private static Parameter onesLossStep(Optimizer opt, Parameter w) {
        opt.zeroGrad();
        w.value().sum().backward();
        opt.step();
        return w;
    }

    @Test
    void exponentialDecayAfterKUpdatesIsLr0TimesBetaToTheK() {
        Parameter w = new Parameter(Tensor.zeros(DType.FLOAT64, 2));
        Optimizer opt = new SGD(List.of(w), 1.0).setSchedule(new LrSchedule.ExponentialDecay(0.5));
        double moved = 0;
        for (int k = 0; k < 6; k++) {
            assertEquals(Math.pow(0.5, k), opt.learningRate(), 0.0, "lr after " + k + " updates");
            moved += Math.pow(0.5, k);
            onesLossStep(opt, w);
            // The update used the scheduled rate: w = -(1 + 1/2 + ... + 1/2^k), exact in binary.
            assertArrayEquals(new double[] {-moved, -moved}, w.value().toDoubleArray(), 0.0);
        }
        assertEquals(6, opt.stepCount());
    }

    @Test
    void setLearningRateScalesTheScheduleFromThenOn() {
        Parameter w = new Parameter(Tensor.zeros(DType.FLOAT64, 1));
        Optimizer opt = new SGD(List.of(w), 1.0).setSchedule(new LrSchedule.ExponentialDecay(0.5));
        onesLossStep(opt, w);
        onesLossStep(opt, w);
        assertEquals(0.25, opt.learningRate(), 0.0);
        opt.setLearningRate(opt.learningRate() * 0.1);   // what ReduceLROnPlateau does
        assertEquals(0.025, opt.learningRate(), 1e-18);
        onesLossStep(opt, w);
        assertEquals(-1.5 - 0.025, w.value().item(), 1e-15);
        assertEquals(0.0125, opt.learningRate(), 1e-18, "the plateau factor multiplies the scheduled rate");
        opt.setSchedule(LrSchedule.constant());
        assertEquals(0.1, opt.learningRate(), 1e-16, "a new schedule keeps the factor");
        assertEquals(1.0, opt.baseLearningRate(), 0.0);
    }

    @Test
    void setLearningRateWithoutScheduleIsTheNewRate() {
        Parameter w = new Parameter(Tensor.zeros(DType.FLOAT64, 1));
        Optimizer opt = new Adam(List.of(w), 1e-3);
        opt.setLearningRate(3e-4);
        assertEquals(3e-4, opt.learningRate(), 1e-19);
    }

    @Test
    void setLearningRateWhereTheScheduleGivesZeroIsRefused() {
        Parameter w = new Parameter(Tensor.zeros(DType.FLOAT64, 1));
        Optimizer opt = new SGD(List.of(w), 1.0).setSchedule(new LrSchedule.CosineDecay(1, 0));
        onesLossStep(opt, w);
        assertEquals(0.0, opt.learningRate(), 0.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> opt.setLearningRate(0.1));
        assertEquals("SGD: cannot set the learning rate to 0.1 at update 1 where CosineDecay[totalSteps=1, minLr=0.0]"
                + " gives 0.0 (nothing to scale)", e.getMessage());
    }

    static Stream<Arguments> errors() {
        Parameter p = new Parameter(Tensor.zeros(1));
        return Stream.of(
                error(() -> new LrSchedule.ExponentialDecay(1.5), "ExponentialDecay: beta must be in (0, 1], got 1.5"),
                error(() -> new LrSchedule.ExponentialDecay(0), "ExponentialDecay: beta must be in (0, 1], got 0.0"),
                error(() -> new LrSchedule.StepDecay(0, 0.5), "StepDecay: step_size must be > 0, got 0"),
                error(() -> new LrSchedule.StepDecay(10, -0.5), "StepDecay: gamma must be in (0, 1], got -0.5"),
                error(() -> new LrSchedule.CosineDecay(-1, 0), "CosineDecay: total_steps must be >= 0, got -1"),
                error(() -> new LrSchedule.CosineDecay(100, -1e-3), "CosineDecay: min_lr must be >= 0, got -0.001"),
                error(() -> new SGD(List.of(p), 0.1).setSchedule(null), "schedule"),
                error(() -> new OneCycle(10, 1, 25, 1e4, OneCycle.Anneal.COS, false, true, 0.85, 0.95),
                        "OneCycle: pct_start must be in [0, 1), got 1.0"),
                error(() -> new OneCycle(10, -0.1, 25, 1e4, OneCycle.Anneal.COS, true, true, 0.85, 0.95),
                        "OneCycle: pct_start must be in [0, 1), got -0.1"),
                error(() -> new OneCycle(10, 0.3, 0.5, 1e4, OneCycle.Anneal.COS, false, true, 0.85, 0.95),
                        "OneCycle: div_factor must be a finite number of at least 1, got 0.5"),
                error(() -> new OneCycle(10, 0.3, 25, 1e4, OneCycle.Anneal.COS, false, true, 0.95, 0.85),
                        "OneCycle: base_momentum must be at most max_momentum (0.85), got 0.95"),
                error(() -> new OneCycle(10, 0.3, 25, 1e4, OneCycle.Anneal.COS, false, true, 0.85, 1.0),
                        "OneCycle: max_momentum must be in [0, 1), got 1.0"),
                error(() -> new OneCycle(-1, 0.3, 25, 1e4, OneCycle.Anneal.COS, false, true, 0.85, 0.95),
                        "OneCycle: total_steps must be >= 0, got -1"),
                error(() -> new AdaGrad(List.of(p), 0.1).setSchedule(OneCycleTest.LINEAR),
                        "AdaGrad: OneCycle cycles the momentum, and there is none here to cycle (lrDecay=0.0, "
                                + "weightDecay=0.0, initialAccumulatorValue=0.0, eps=1.0E-10): " + LrSchedule.NO_MOMENTUM_ADVICE),
                error(() -> new SGD(List.of(p), 0.1).setSchedule(OneCycleTest.LINEAR),
                        "SGD: OneCycle cycles the momentum, and there is none here to cycle (momentum=0.0, "
                                + "nesterov=false, weightDecay=0.0): set the schedule's cycle_momentum to false, or use an "
                                + "optimizer with a momentum (SGD or RMSprop with momentum above 0, Adam, AdamW)"));
    }

    private static Arguments error(Executable call, String message) {
        return Arguments.of(call, message);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("errors")
    void refusesBadSchedules(Executable call, String message) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertEquals(message, e.getMessage());
    }
}
