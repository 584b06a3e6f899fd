package dev.nabla.loss;

import static dev.nabla.loss.LossAsserts.assertClose;
import static dev.nabla.loss.LossAsserts.assertShape;
import static dev.nabla.loss.LossAsserts.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * MSE, MAE, Huber and SmoothL1 against their textbook definitions, written here as plain loops over
 * the differences, under all three reductions. The differences (0.5, -0.8, 1.7, -1.5, 2.6, -0.2)
 * straddle Huber's delta and SmoothL1's beta on both sides.
 */
class RegressionLossTest {
    static final double[] PRED = {0.5, -1.2, 2.0, 0.1, 3.5, -0.7};
    static final double[] TARGET = {0.0, -0.4, 0.3, 1.6, 0.9, -0.5};

    private static void check(ReducedLoss loss, DoubleUnaryOperator perDifference) {
        double[] expected = new double[PRED.length];
        for (int i = 0; i < PRED.length; i++) {
            expected[i] = perDifference.applyAsDouble(PRED[i] - TARGET[i]);
        }
        Tensor p = Tensor.of(PRED, 2, 3);
        Tensor t = Tensor.of(TARGET, 2, 3);
        Tensor none = loss.withReduction(Reduction.NONE).compute(p, t);
        assertShape(none, 2, 3);
        assertClose(expected, none, 1e-12, loss.name() + " none");
        Tensor sum = loss.withReduction(Reduction.SUM).compute(p, t);
        assertShape(sum);
        assertEquals(sum(expected), sum.item(), 1e-12, loss.name() + " sum");
        assertEquals(sum(expected) / 6, loss.withReduction(Reduction.MEAN).compute(p, t).item(), 1e-12,
                loss.name() + " mean");
    }

    @Test
    void mseIsTheSquaredDifference() {
        check(MSE.of(), d -> d * d);
    }

    @Test
    void maeIsTheAbsoluteDifference() {
        check(MAE.of(), Math::abs);
    }

    @Test
    void huberIsQuadraticInsideDeltaAndLinearOutside() {
        check(Huber.of(), d -> Math.abs(d) < 1 ? 0.5 * d * d : Math.abs(d) - 0.5);
        check(Huber.of(0.7), d -> Math.abs(d) < 0.7 ? 0.5 * d * d : 0.7 * (Math.abs(d) - 0.35));
    }

    @Test
    void smoothL1IsHuberOverBetaAndMaeAtBetaZero() {
        check(SmoothL1.of(0.5), d -> Math.abs(d) < 0.5 ? 0.5 * d * d / 0.5 : Math.abs(d) - 0.25);
        check(SmoothL1.of(), d -> Math.abs(d) < 1 ? 0.5 * d * d : Math.abs(d) - 0.5);
        check(SmoothL1.of(0), Math::abs);
    }

    @Test
    void huberGradientIsTheClampedDifference() {
        Tensor p = Tensor.of(PRED, 2, 3).requiresGrad(true);
        Huber.of().withReduction(Reduction.SUM).compute(p, Tensor.of(TARGET, 2, 3)).backward();
        for (int i = 0; i < PRED.length; i++) {
            double d = PRED[i] - TARGET[i];
            assertEquals(Math.max(-1, Math.min(1, d)), p.grad().toDoubleArray()[i], 1e-12);
        }
    }

    @Test
    void huberGradientAtExactlyDeltaIsDeltaAsInPyTorch() {
        Tensor p = Tensor.of(new double[] {1.0, -1.0}).requiresGrad(true);
        Huber.of().withReduction(Reduction.SUM).compute(p, Tensor.zeros(DType.FLOAT64, 2)).backward();
        assertClose(new double[] {1, -1}, p.grad(), 0, "grad at |d| = delta");
    }

    @Test
    void defaultsFollowPyTorch() {
        assertSame(Reduction.MEAN, MSE.of().reduction());
        assertSame(Reduction.MEAN, MAE.of().reduction());
        assertEquals(1.0, Huber.of().delta());
        assertEquals(1.0, SmoothL1.of().beta());
        assertEquals(new Huber(0.5, Reduction.SUM), Huber.of(0.5).withReduction(Reduction.SUM));
        assertEquals("Huber", Huber.of().name());
    }

    @Test
    void float32InputsGiveAFloat32Scalar() {
        Tensor l = MSE.of().compute(Tensor.of(new float[] {1, 2}), Tensor.of(new float[] {0, 0}));
        assertSame(DType.FLOAT32, l.dtype());
        assertShape(l);
        assertEquals(2.5, l.item(), 1e-6);
    }
}
