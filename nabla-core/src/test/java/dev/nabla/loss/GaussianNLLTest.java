package dev.nabla.loss;

import static dev.nabla.loss.LossAsserts.assertClose;
import static dev.nabla.loss.LossAsserts.assertShape;
import static dev.nabla.loss.LossAsserts.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Gaussian NLL (lecture seed 003's heteroscedastic regression): PyTorch's three-argument form by
 * hand, the one-tensor [N, 2D] form, shared variances, and the straight-through eps clamp.
 */
class GaussianNLLTest {
    static final double[] MEAN = {0.5, -1.0, 2.0, 0.3, 0.0, 1.0};
    static final double[] TARGET = {0.2, -0.5, 1.0, 0.4, 0.5, 0.0};
    static final double[] VAR = {0.5, 1.2, 2.0, 0.1, 1e-8, 0.8};

    private static double[] byHand(double[] var, boolean full) {
        double[] out = new double[MEAN.length];
        for (int i = 0; i < out.length; i++) {
            double v = Math.max(var[i], 1e-6);
            double d = MEAN[i] - TARGET[i];
            out[i] = 0.5 * (Math.log(v) + d * d / v) + (full ? 0.5 * Math.log(2 * Math.PI) : 0);
        }
        return out;
    }

    private static Tensor t(double[] v) {
        return Tensor.of(v, 3, 2);
    }

    @Test
    void threeArgumentFormMatchesTheDefinitionUnderEveryReduction() {
        for (boolean full : new boolean[] {false, true}) {
            double[] expected = byHand(VAR, full);
            GaussianNLL loss = GaussianNLL.of().withFull(full);
            Tensor none = loss.withReduction(Reduction.NONE).compute(t(MEAN), t(TARGET), t(VAR));
            assertShape(none, 3, 2);
            assertClose(expected, none, 1e-12, "full=" + full);
            assertEquals(sum(expected), loss.withReduction(Reduction.SUM).compute(t(MEAN), t(TARGET), t(VAR)).item(),
                    1e-9);
            assertEquals(sum(expected) / 6, loss.compute(t(MEAN), t(TARGET), t(VAR)).item(), 1e-9);
        }
    }

    @Test
    void oneTensorFormSplitsMeanThenVarianceOnTheLastAxis() {
        // prediction [3, 4] = [mean0, mean1, var0, var1] per row, target [3, 2]
        double[] packed = new double[12];
        for (int r = 0; r < 3; r++) {
            for (int j = 0; j < 2; j++) {
                packed[r * 4 + j] = MEAN[r * 2 + j];
                packed[r * 4 + 2 + j] = VAR[r * 2 + j];
            }
        }
        for (Reduction r : Reduction.values()) {
            GaussianNLL loss = GaussianNLL.of().withReduction(r);
            Tensor oneTensor = loss.compute(Tensor.of(packed, 3, 4), t(TARGET));
            Tensor threeArgs = loss.compute(t(MEAN), t(TARGET), t(VAR));
            assertTrue(oneTensor.allClose(threeArgs, 1e-15, 0), r + ": " + oneTensor + " vs " + threeArgs);
        }
        // [N, 2] against [N, 1]: one mean and one variance per sample
        Tensor pair = Tensor.of(new double[] {0.5, 2.0, -1.0, 0.5}, 2, 2);
        double expected = 0.5 * ((Math.log(2.0) + 0.25 / 2.0) + (Math.log(0.5) + 4 / 0.5)) / 2;
        assertEquals(expected, GaussianNLL.of().compute(pair, Tensor.of(new double[] {0, 1}, 2, 1)).item(), 1e-12);
    }

    @Test
    void sharedVarianceWithLastAxisOneOrDroppedBroadcastsAlongIt() {
        double[] perRow = {0.5, 2.0, 0.8};
        double[] full = {0.5, 0.5, 2.0, 2.0, 0.8, 0.8};
        Tensor expected = new GaussianNLL(false, 1e-6, Reduction.NONE).compute(t(MEAN), t(TARGET), t(full));
        for (Tensor v : new Tensor[] {Tensor.of(perRow, 3, 1), Tensor.of(perRow, 3)}) {
            Tensor got = new GaussianNLL(false, 1e-6, Reduction.NONE).compute(t(MEAN), t(TARGET), v);
            assertTrue(got.allClose(expected, 1e-15, 0), v.shape() + ": " + got);
        }
    }

    @Test
    void epsClampIsStraightThroughForTheGradientAsInPyTorch() {
        // var = 1e-8 is used as eps = 1e-6, and its gradient is d/dv evaluated there, not 0
        Tensor var = Tensor.of(new double[] {1e-8, 0.5}).requiresGrad(true);
        Tensor mean = Tensor.of(new double[] {0.5, 0.0});
        new GaussianNLL(false, 1e-6, Reduction.SUM).compute(mean, Tensor.of(new double[] {0, 1}), var).backward();
        double eps = 1e-6;
        assertEquals(0.5 * (1 / eps - 0.25 / (eps * eps)), var.grad().get(0), 1e-3);
        assertEquals(0.5 * (1 / 0.5 - 1 / 0.25), var.grad().get(1), 1e-12);
    }
}
