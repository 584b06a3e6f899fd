package dev.nabla.loss;

import static dev.nabla.loss.LossAsserts.assertClose;
import static dev.nabla.loss.LossAsserts.assertShape;
import static dev.nabla.loss.LossAsserts.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Binary cross-entropy on probabilities (with PyTorch's -100 floor on each log) and on logits (the
 * stable fused form): values by hand, the two agreeing through sigmoid, and no inf or NaN at the
 * extremes, in values or gradients.
 */
class BinaryCrossEntropyTest {

    /** -(y log p + (1 - y) log(1 - p)) with each log floored at -100, as a plain loop. */
    private static double[] bce(double[] p, double[] y) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double logP = Math.max(Math.log(p[i]), -100);
            double log1mP = Math.max(Math.log(1 - p[i]), -100);
            out[i] = -(y[i] * logP + (1 - y[i]) * log1mP);
        }
        return out;
    }

    @Test
    void bceMatchesTheDefinitionUnderEveryReduction() {
        double[] p = {0.9, 0.2, 0.7, 0.35, 0.5, 0.999};
        double[] y = {1, 0, 1, 0.3, 0, 1};
        double[] expected = bce(p, y);
        Tensor pt = Tensor.of(p, 3, 2);
        Tensor yt = Tensor.of(y, 3, 2);
        Tensor none = new BinaryCrossEntropy(Reduction.NONE).compute(pt, yt);
        assertShape(none, 3, 2);
        assertClose(expected, none, 1e-12, "none");
        assertEquals(sum(expected), new BinaryCrossEntropy(Reduction.SUM).compute(pt, yt).item(), 1e-12);
        assertEquals(sum(expected) / 6, BinaryCrossEntropy.of().compute(pt, yt).item(), 1e-12);
    }

    @Test
    void saturatedProbabilitiesCostAtMostOneHundredAndKeepFiniteGradients() {
        Tensor p = Tensor.of(new double[] {0, 1, 0, 1}).requiresGrad(true);
        Tensor y = Tensor.of(new double[] {1, 0, 0, 1});
        Tensor none = new BinaryCrossEntropy(Reduction.NONE).compute(p, y);
        assertClose(new double[] {100, 100, 0, 0}, none, 0, "clamped logs");
        BinaryCrossEntropy.of().compute(p, y).backward();
        for (double g : p.grad().toDoubleArray()) {
            assertTrue(Double.isFinite(g), "gradient " + g);
        }
    }

    @Test
    void gradientIsTheTextbookOneInTheInterior() {
        // d/dp = (p - y) / (p (1 - p)), over N under MEAN
        double[] p = {0.3, 0.8, 0.55};
        double[] y = {1, 0, 0.4};
        Tensor pt = Tensor.of(p).requiresGrad(true);
        BinaryCrossEntropy.of().compute(pt, Tensor.of(y)).backward();
        for (int i = 0; i < p.length; i++) {
            assertEquals((p[i] - y[i]) / (p[i] * (1 - p[i])) / 3, pt.grad().toDoubleArray()[i], 1e-12);
        }
    }

    @Test
    void withLogitsEqualsBceOfSigmoidForModerateLogits() {
        double[] z = {-4.5, -1.2, -0.3, 0, 0.7, 2.2, 3.9, -2.5};
        double[] y = {0, 1, 0.25, 1, 0, 1, 0.5, 0};
        Tensor zt = Tensor.of(z, 2, 4);
        Tensor yt = Tensor.of(y, 2, 4);
        for (Reduction r : Reduction.values()) {
            Tensor fused = new BinaryCrossEntropyWithLogits(r).compute(zt, yt);
            Tensor composite = new BinaryCrossEntropy(r).compute(zt.sigmoid(), yt);
            assertTrue(fused.allClose(composite, 1e-12, 1e-12), r + ": " + fused + " vs " + composite);
        }
    }

    @Test
    void withLogitsStaysFiniteAndExactForHugeLogits() {
        Tensor z = Tensor.of(new double[] {1000, -1000, 1000, -1000}).requiresGrad(true);
        Tensor y = Tensor.of(new double[] {0, 1, 1, 0});
        Tensor none = new BinaryCrossEntropyWithLogits(Reduction.NONE).compute(z, y);
        assertClose(new double[] {1000, 1000, 0, 0}, none, 0, "huge logits");
        new BinaryCrossEntropyWithLogits(Reduction.SUM).compute(z, y).backward();
        // sigmoid(z) - y
        assertClose(new double[] {1, -1, 0, 0}, z.grad(), 0, "gradient");
        Tensor f32 = BinaryCrossEntropyWithLogits.of().compute(Tensor.of(new float[] {1000, -1000}),
                Tensor.of(new float[] {0, 1}));
        assertEquals(1000, f32.item(), 1e-3);
    }

    @Test
    void withLogitsGradientIsSigmoidMinusTargetEvenAtZero() {
        // the trap: max(z,0) + log(1+exp(-|z|)) written with relu/abs gives -y at z = 0, not 0.5 - y
        double[] z = {0, 0, 0.5, -2};
        double[] y = {1, 0, 0.3, 1};
        Tensor zt = Tensor.of(z).requiresGrad(true);
        BinaryCrossEntropyWithLogits.of().compute(zt, Tensor.of(y)).backward();
        for (int i = 0; i < z.length; i++) {
            double sigmoid = 1 / (1 + Math.exp(-z[i]));
            assertEquals((sigmoid - y[i]) / 4, zt.grad().toDoubleArray()[i], 1e-12, "z = " + z[i]);
        }
    }
}
