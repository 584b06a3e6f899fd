package dev.nabla.loss;

import static dev.nabla.loss.LossAsserts.assertClose;
import static dev.nabla.loss.LossAsserts.assertShape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * CrossEntropy and NLL: hand-computed values, index targets against one-hot targets, the gradient
 * softmax - onehot of lecture seed 003, ignored labels, label smoothing, and extra spatial axes.
 */
class CrossEntropyTest {
    static final double[][] LOGITS = {{1.0, 2.0, 0.5, -1.0}, {0.2, -0.3, 3.0, 1.5}, {-2.0, 0.0, 0.7, 0.1}};
    static final int[] LABELS = {1, 2, 0};

    private static Tensor logits() {
        return Tensor.of(LOGITS);
    }

    private static Tensor labels(int... y) {
        return Tensor.of(y, y.length);
    }

    /** softmax of one row, in plain Java. */
    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double s = 0;
        double[] e = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] - max);
            s += e[i];
        }
        for (int i = 0; i < z.length; i++) {
            e[i] /= s;
        }
        return e;
    }

    private static Tensor oneHot(int[] y, int classes) {
        double[] d = new double[y.length * classes];
        for (int i = 0; i < y.length; i++) {
            d[i * classes + y[i]] = 1;
        }
        return Tensor.of(d, y.length, classes);
    }

    @Test
    void valuesAreMinusLogSoftmaxAtTheLabel() {
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = -Math.log(softmax(LOGITS[i])[LABELS[i]]);
        }
        Tensor none = new CrossEntropy(Reduction.NONE, -100, 0).compute(logits(), labels(LABELS));
        assertShape(none, 3);
        assertClose(expected, none, 1e-12, "none");
        double total = expected[0] + expected[1] + expected[2];
        assertEquals(total, CrossEntropy.of().withReduction(Reduction.SUM).compute(logits(), labels(LABELS)).item(), 1e-12);
        assertEquals(total / 3, CrossEntropy.of().compute(logits(), labels(LABELS)).item(), 1e-12);
    }

    @Test
    void indexTargetsEqualOneHotTargets() {
        for (Reduction r : Reduction.values()) {
            CrossEntropy ce = CrossEntropy.of().withReduction(r);
            Tensor byIndex = ce.compute(logits(), labels(LABELS));
            Tensor byOneHot = ce.compute(logits(), oneHot(LABELS, 4));
            assertTrue(byIndex.allClose(byOneHot, 1e-12, 1e-12), r + ": " + byIndex + " vs " + byOneHot);
        }
    }

    @Test
    void gradientIsSoftmaxMinusOneHotOverN() {
        for (Tensor target : new Tensor[] {labels(LABELS), oneHot(LABELS, 4)}) {
            Tensor z = logits().requiresGrad(true);
            CrossEntropy.of().compute(z, target).backward();
            for (int i = 0; i < 3; i++) {
                double[] s = softmax(LOGITS[i]);
                for (int c = 0; c < 4; c++) {
                    double expected = (s[c] - (c == LABELS[i] ? 1 : 0)) / 3;
                    assertEquals(expected, z.grad().get(i, c), 1e-12, "sample " + i + " class " + c);
                }
            }
        }
    }

    @Test
    void hugeLogitsStayFinite() {
        Tensor z = Tensor.of(new double[][] {{1000, -1000, 0}, {-1000, 1000, 999}});
        Tensor none = new CrossEntropy(Reduction.NONE, -100, 0).compute(z, labels(0, 2));
        assertClose(new double[] {0, 1 + Math.log1p(Math.exp(-1))}, none, 1e-12, "huge logits");
        Tensor f32 = CrossEntropy.of().compute(z.to(DType.FLOAT32), labels(0, 2));
        assertTrue(Double.isFinite(f32.item()), "float32: " + f32);
    }

    @Test
    void ignoredLabelsAreLeftOutOfTheSumAndTheCount() {
        Tensor kept = Tensor.of(new double[][] {LOGITS[0], LOGITS[2]});
        for (Reduction r : new Reduction[] {Reduction.MEAN, Reduction.SUM}) {
            double withIgnored = CrossEntropy.of().withReduction(r).compute(logits(), labels(1, -100, 0)).item();
            double withoutRow = CrossEntropy.of().withReduction(r).compute(kept, labels(1, 0)).item();
            assertEquals(withoutRow, withIgnored, 1e-12, r.toString());
        }
        Tensor none = new CrossEntropy(Reduction.NONE, 3, 0).compute(logits(), labels(1, 3, 0));
        assertEquals(0.0, none.get(1));
        Tensor z = logits().requiresGrad(true);
        NLL.of().compute(z.logSoftmax(1), labels(1, -100, 0)).backward();
        assertClose(new double[] {0, 0, 0, 0}, z.grad().slice(0, 1, 2), 0, "ignored row's gradient");
    }

    @Test
    void labelSmoothingEqualsSmoothedProbabilityTargets() {
        double e = 0.1;
        Tensor smoothed = oneHot(LABELS, 4).mul(1 - e).add(e / 4);
        for (Reduction r : Reduction.values()) {
            Tensor byIndex = CrossEntropy.of().withReduction(r).withLabelSmoothing(e).compute(logits(), labels(LABELS));
            Tensor byProbs = CrossEntropy.of().withReduction(r).compute(logits(), smoothed);
            assertTrue(byIndex.allClose(byProbs, 1e-12, 1e-12), r + ": " + byIndex + " vs " + byProbs);
            Tensor smoothOneHot = CrossEntropy.of().withReduction(r).withLabelSmoothing(e).compute(logits(), oneHot(LABELS, 4));
            assertTrue(smoothOneHot.allClose(byProbs, 1e-12, 1e-12), r + " one-hot with smoothing");
        }
    }

    @Test
    void classesOnAxisOneWithExtraAxesMatchTheFlattenedBatch() {
        // logits [N=2, C=3, L=4] with labels [2, 4] equal the [8, 3] batch of every (n, l) position
        Generator g = new Generator(7);
        Tensor z = Tensor.normal(g, DType.FLOAT64, 0, 1, 2, 3, 4);
        int[] y = {0, 2, 1, 1, 2, 0, 0, 1};
        Tensor spatial = new CrossEntropy(Reduction.NONE, -100, 0).compute(z, Tensor.of(y, 2, 4));
        assertShape(spatial, 2, 4);
        Tensor flat = new CrossEntropy(Reduction.NONE, -100, 0).compute(z.permute(0, 2, 1).reshape(8, 3), labels(y));
        assertTrue(spatial.reshape(8).allClose(flat, 1e-12, 1e-12), spatial + " vs " + flat);
    }

    @Test
    void nllPicksMinusTheLogProbabilityAndMatchesCrossEntropyAfterLogSoftmax() {
        Tensor none = new NLL(Reduction.NONE, -100).compute(logits(), labels(3, 0, 2));
        assertClose(new double[] {1.0, -0.2, -0.7}, none, 0, "picked");
        for (Reduction r : Reduction.values()) {
            Tensor nll = NLL.of().withReduction(r).compute(logits().logSoftmax(1), labels(LABELS));
            Tensor ce = CrossEntropy.of().withReduction(r).compute(logits(), labels(LABELS));
            assertTrue(nll.allClose(ce, 1e-12, 1e-12), r + ": " + nll + " vs " + ce);
        }
    }

    @Test
    void theCommonCaseRunsAsOneFusedOpAndTheRestComposed() {
        Tensor z = logits().requiresGrad(true);
        assertEquals("softmaxCrossEntropy", CrossEntropy.of().compute(z, labels(LABELS)).gradFn().name());
        assertEquals("softmaxCrossEntropy",
                CrossEntropy.of().withReduction(Reduction.SUM).compute(z, labels(LABELS)).gradFn().name());
        Tensor[] composed = {
            CrossEntropy.of().withReduction(Reduction.NONE).compute(z, labels(LABELS)),
            CrossEntropy.of().withLabelSmoothing(0.1).compute(z, labels(LABELS)),
            CrossEntropy.of().compute(z, labels(1, -100, 0)),
            CrossEntropy.of().compute(z, oneHot(LABELS, 4)),
            CrossEntropy.of().compute(z.reshape(3, 4, 1), Tensor.of(LABELS, 3, 1)),
        };
        for (Tensor t : composed) {
            assertNotEquals("softmaxCrossEntropy", t.gradFn().name());
        }
        // an ignoreIndex no label uses keeps the fused path, and still refuses out-of-range labels by name
        assertEquals("softmaxCrossEntropy", CrossEntropy.of().withIgnoreIndex(7).compute(z, labels(LABELS)).gradFn().name());
        String m = assertThrows(IllegalArgumentException.class,
                () -> CrossEntropy.of().compute(z, labels(1, 4, 0))).getMessage();
        assertTrue(m.startsWith("CrossEntropy: label 4"), m);
    }
}
