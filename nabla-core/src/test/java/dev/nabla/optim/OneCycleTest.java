package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.nn.Parameter;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link OneCycle}: the rate and momentum at the phase boundaries OneCycleLR defines, how optimizers take the
 * momentum. (Whole trajectories against PyTorch: {@link OptimizerTest}'s one_cycle rows; what is refused:
 * {@link LrScheduleTest}.)
 */
class OneCycleTest {
    static final OneCycle LINEAR = new OneCycle(10, 0.3, 10, 100, OneCycle.Anneal.LINEAR, false, true, 0.8, 0.9);

    @Test
    void climbsToTheConfiguredRateThenAnnealsToItsLastValueAndStaysThere() {
        // ends: 0.3·10 − 1 = 2, then 9; start 0.1 / 10, last 0.01 / 100
        double[] lr = {0.01, 0.055, 0.1, 0.1 - 0.0999 / 7, 0.1 - 2 * 0.0999 / 7};
        double[] mu = {0.9, 0.85, 0.8, 0.8 + 0.1 / 7, 0.8 + 0.2 / 7};
        for (int t = 0; t < lr.length; t++) {
            assertEquals(lr[t], LINEAR.lr(t, 0.1), 1e-15, "lr t=" + t);
            assertEquals(mu[t], LINEAR.momentum(t, 0.5), 1e-15, "momentum t=" + t);
        }
        for (long t : new long[] {9, 10, 1_000}) {
            assertEquals(1e-4, LINEAR.lr(t, 0.1), 1e-17, "lr t=" + t);
            assertEquals(0.9, LINEAR.momentum(t, 0.5), 1e-15, "momentum t=" + t);
        }
    }

    @Test
    void threePhasesComeBackToTheStartBeforeTheFinalAnneal() {
        OneCycle three = new OneCycle(10, 0.3, 10, 100, OneCycle.Anneal.LINEAR, true, true, 0.8, 0.9);
        // ends 2, 4, 9: 0.01 → 0.1 → 0.01 → 1e-4
        double[] lr = {0.01, 0.055, 0.1, 0.055, 0.01, 0.01 - 0.0099 / 5, 0.01 - 0.0099 * 4 / 5, 1e-4};
        long[] at = {0, 1, 2, 3, 4, 5, 8, 9};
        for (int i = 0; i < at.length; i++) {
            assertEquals(lr[i], three.lr(at[i], 0.1), 1e-15, "t=" + at[i]);
        }
        assertEquals(0.9, three.momentum(9, 0), 1e-15, "the third phase keeps the momentum at its maximum");
    }

    @Test
    void withoutTheMomentumCycleTheConfiguredMomentumStays() {
        OneCycle lrOnly = new OneCycle(10, 0.3, 10, 100, OneCycle.Anneal.COS, false, false, 0.85, 0.95);
        assertEquals(0.5, lrOnly.momentum(3, 0.5), 0.0);
        assertEquals(0.1, lrOnly.lr(2, 0.1), 1e-17, "the cosine reaches the peak at the first phase's end");
    }

    @Test
    void theWholeRunIsFilledInByForRun() {
        assertEquals(OneCycle.DEFAULT.withTotalSteps(500), OneCycle.DEFAULT.forRun(500));
        assertEquals(LINEAR, LINEAR.forRun(500), "a cycle of a given length keeps it");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OneCycle.DEFAULT.lr(0, 0.1));
        assertEquals("OneCycle: total_steps 0 stands for the whole run; give the count, or use forRun(updates) first",
                e.getMessage());
    }

    @Test
    void adamCorrectsItsBiasWithTheCycledBeta1() {
        // loss = sum(w): g = 1 at every step. Step 1 (t = 0): β1 0.9, lr 0.01; m̂ = v̂ = 1 whatever β1 is, so w moves
        // by lr. Step 2 (t = 1): β1 0.85, lr 0.055, m = 0.85·0.1 + 0.15, corrected by 1 − 0.85²; v̂ = 1 again.
        // The configured β1 of 0.5 anywhere (both places: m̂ = 1, or either one) gives another second step.
        Parameter w = new Parameter(Tensor.zeros(DType.FLOAT64, 1));
        Optimizer adam = new Adam(List.of(w), Adam.Config.DEFAULT.withLr(0.1).withBetas(0.5, 0.999)).setSchedule(LINEAR);
        for (int s = 0; s < 2; s++) {
            adam.zeroGrad();
            w.value().sum().backward();
            adam.step();
        }
        double mHat = (0.85 * 0.1 + 0.15) / (1 - 0.85 * 0.85);
        assertEquals(-(0.01 + 0.055 * mHat), w.value().item(), 1e-9);
    }

    @Test
    void aCycledMomentumOfZeroLeavesSgdsBufferAsItIs() {
        // base_momentum 0: at the peak (t = 2) μ is 0, and PyTorch's SGD skips the buffer (`if momentum != 0`)
        OneCycle toZero = new OneCycle(10, 0.3, 10, 100, OneCycle.Anneal.LINEAR, false, true, 0, 0.9);
        Parameter w = new Parameter(Tensor.zeros(DType.FLOAT64, 1));
        Optimizer sgd = new SGD(List.of(w), SGD.Config.DEFAULT.withLr(0.1).withMomentum(0.9)).setSchedule(toZero);
        double[] lr = {0.01, 0.055, 0.1, 0.1 - 0.0999 / 7}, mu = {0.9, 0.45, 0, 0.9 / 7};
        double b = 0, expected = 0;
        for (int t = 0; t < 4; t++) {
            sgd.zeroGrad();
            w.value().sum().backward();
            sgd.step();
            double step = 1;
            if (mu[t] != 0) {
                b = t == 0 ? 1 : mu[t] * b + 1;
                step = b;
            }
            expected -= lr[t] * step;
        }
        assertEquals(expected, w.value().item(), 1e-12);
    }

    @Test
    void theCycleResumesFromACheckpointWhereItLeftOff() {
        double[] straight = train(null, 6), resumed = train(3, 6);
        assertArrayEquals(straight, resumed, 0.0);
    }

    /** SGD with cycled momentum on loss = Σ w²/2, six steps, reloaded from its state dict after {@code cut}. */
    private static double[] train(Integer cut, int steps) {
        Parameter w = new Parameter(Tensor.of(new double[] {1.0, -2.0}, 2));
        Optimizer opt = sgd(w);
        for (int s = 0; s < steps; s++) {
            if (cut != null && s == cut) {
                Map<String, Tensor> dict = opt.stateDict();
                opt = sgd(w);
                opt.loadStateDict(dict);
            }
            opt.zeroGrad();
            w.value().mul(w.value()).sum().mul(0.5).backward();
            opt.step();
        }
        return w.value().toDoubleArray();
    }

    private static Optimizer sgd(Parameter w) {
        return new SGD(List.of(w), SGD.Config.DEFAULT.withLr(0.1).withMomentum(0.9)).setSchedule(LINEAR);
    }

    @Test
    void anOptimizerWithoutMomentumTakesTheRateAloneCycle() {
        OneCycle lrOnly = new OneCycle(10, 0.3, 10, 100, OneCycle.Anneal.COS, false, false, 0.85, 0.95);
        Optimizer sgd = new SGD(List.of(new Parameter(Tensor.zeros(1))), 0.1).setSchedule(lrOnly);
        assertEquals(0.01, sgd.learningRate(), 1e-17);
    }
}
