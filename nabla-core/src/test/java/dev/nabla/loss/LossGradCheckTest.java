package dev.nabla.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss, under every reduction, passes GradCheck in float64 with respect to all its floating
 * inputs (prediction, and target or variance too). Inputs keep away from the kinks: no difference
 * at 0 (MAE) or at delta/beta (Huber, SmoothL1), probabilities inside (0, 1), variances above eps.
 * BCE with logits includes z = 0, where a relu/abs form would get the gradient wrong.
 */
class LossGradCheckTest {
    /** A case: a name, the loss applied to GradCheck's inputs, and the inputs. */
    record Case(String name, Function<Tensor[], Tensor> f, Tensor[] inputs) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final double[] PRED = {0.5, -1.2, 2.0, 0.1, 3.5, -0.7};
    private static final double[] TARGET = {0.0, -0.4, 0.3, 1.6, 0.9, -0.5};
    private static final double[][] LOGITS = {{1.0, 2.0, 0.5, -1.0}, {0.2, -0.3, 3.0, 1.5}, {-2.0, 0.0, 0.7, 0.1}};
    private static final double[][] SOFT = {{0.1, 0.6, 0.2, 0.1}, {0, 0, 1, 0}, {0.25, 0.25, 0.25, 0.25}};

    private static Tensor m(double[] v) {
        return Tensor.of(v, 2, 3);
    }

    private static Tensor labels(int... y) {
        return Tensor.of(y, y.length);
    }

    private static List<Case> forLoss(ReducedLoss loss, Tensor... inputs) {
        List<Case> cases = new ArrayList<>();
        for (Reduction r : Reduction.values()) {
            Loss l = loss.withReduction(r);
            cases.add(new Case(l.toString(), x -> l.compute(x[0], x[1]), inputs));
        }
        return cases;
    }

    private static List<Case> gaussian(String label, Tensor mean, Tensor target, Tensor variance) {
        List<Case> cases = new ArrayList<>();
        for (Reduction r : Reduction.values()) {
            GaussianNLL l = GaussianNLL.of().withFull(true).withReduction(r);
            cases.add(new Case(l + " " + label, x -> l.compute(x[0], x[1], x[2]), new Tensor[] {mean, target, variance}));
        }
        return cases;
    }

    static Stream<Case> cases() {
        List<Case> all = new ArrayList<>();
        all.addAll(forLoss(MSE.of(), m(PRED), m(TARGET)));
        all.addAll(forLoss(MAE.of(), m(PRED), m(TARGET)));
        all.addAll(forLoss(Huber.of(), m(PRED), m(TARGET)));
        all.addAll(forLoss(Huber.of(0.7), m(PRED), m(TARGET)));
        all.addAll(forLoss(SmoothL1.of(0.5), m(PRED), m(TARGET)));
        all.addAll(forLoss(BinaryCrossEntropy.of(), m(new double[] {0.9, 0.2, 0.05, 0.6, 0.35, 0.5}),
                m(new double[] {1, 0, 1, 0.3, 0, 1})));
        all.addAll(forLoss(BinaryCrossEntropyWithLogits.of(), m(new double[] {0.8, -1.5, 3.0, 0.0, -6, 0.0}),
                m(new double[] {1, 0, 0.5, 1, 1, 0})));
        all.addAll(forLoss(CrossEntropy.of(), Tensor.of(LOGITS), labels(1, 2, 0)));
        all.addAll(forLoss(CrossEntropy.of(), Tensor.of(LOGITS), labels(1, -100, 0)));
        all.addAll(forLoss(CrossEntropy.of().withLabelSmoothing(0.1), Tensor.of(LOGITS), labels(3, 2, 0)));
        all.addAll(forLoss(CrossEntropy.of(), Tensor.of(LOGITS), Tensor.of(SOFT)));
        all.addAll(forLoss(CrossEntropy.of().withLabelSmoothing(0.2), Tensor.of(LOGITS), Tensor.of(SOFT)));
        all.addAll(forLoss(NLL.of(), Tensor.of(LOGITS), labels(3, 0, 2)));
        all.addAll(forLoss(GaussianNLL.of(), Tensor.of(new double[] {0.5, -1.0, 0.9, 1.5, 2.0, 0.3, 0.4, 0.7}, 2, 4),
                Tensor.of(new double[] {0.2, -0.5, 1.0, 0.4}, 2, 2)));
        Tensor mean = Tensor.of(new double[] {0.5, -1.0, 2.0, 0.3, 0.0, 1.0}, 3, 2);
        Tensor target = Tensor.of(new double[] {0.2, -0.5, 1.0, 0.4, 0.5, 0.0}, 3, 2);
        all.addAll(gaussian("variance [3, 2]", mean, target, Tensor.of(new double[] {0.5, 1.2, 2.0, 0.1, 0.3, 0.8}, 3, 2)));
        all.addAll(gaussian("variance [3, 1]", mean, target, Tensor.of(new double[] {0.5, 2.0, 0.8}, 3, 1)));
        all.addAll(gaussian("variance [3]", mean, target, Tensor.of(new double[] {0.5, 2.0, 0.8}, 3)));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void passesGradCheck(Case c) {
        GradCheck.Report r = GradCheck.check(c.name(), c.f(), c.inputs());
        assertTrue(r.passed(), r::toString);
        assertTrue(r.elementsChecked() > 0, "nothing checked for " + c.name());
    }
}
