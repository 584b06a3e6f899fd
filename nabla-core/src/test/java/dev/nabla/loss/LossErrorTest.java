package dev.nabla.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Mistakes are refused where they are made, by a message naming the loss and what was wrong. */
class LossErrorTest {

    private static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
        }
    }

    static Stream<Loss> elementwiseLosses() {
        return Stream.of(MSE.of(), MAE.of(), Huber.of(), SmoothL1.of(), BinaryCrossEntropy.of(),
                BinaryCrossEntropyWithLogits.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwiseLosses")
    void columnPredictionAgainstFlatTargetIsRefusedNotBroadcast(Loss loss) {
        Tensor prediction = Tensor.full(0.5, 32, 1);
        Tensor target = Tensor.full(0.5, 32);
        String m = message(() -> loss.compute(prediction, target));
        assertTrue(m.startsWith(loss.name() + ": prediction [32, 1] and target [32] differ in shape"), m);
        assertContains(m, "reshape");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwiseLosses")
    void int32TargetIsExplained(Loss loss) {
        String m = message(() -> loss.compute(Tensor.full(0.5, 3), Tensor.of(new int[] {0, 1, 1}, 3)));
        assertContains(m, loss.name() + ": target must be float32 or float64, got int32 [3]", "to(DType.FLOAT32)");
    }

    @Test
    void invalidConfigurationIsRefusedInTheConstructor() {
        assertEquals("Huber: delta must be > 0, got -1.0", message(() -> new Huber(-1, Reduction.MEAN)));
        assertEquals("Huber: delta must be > 0, got NaN", message(() -> Huber.of(Double.NaN)));
        assertContains(message(() -> Huber.of(Double.POSITIVE_INFINITY)), "Huber: delta must be finite");
        assertEquals("SmoothL1: beta must be >= 0 and finite, got -0.5", message(() -> SmoothL1.of(-0.5)));
        assertEquals("CrossEntropy: label_smoothing must be in [0, 1], got 1.5",
                message(() -> CrossEntropy.of().withLabelSmoothing(1.5)));
        assertEquals("GaussianNLL: eps must be > 0 and finite, got 0.0",
                message(() -> new GaussianNLL(false, 0, Reduction.MEAN)));
        NullPointerException npe = assertThrows(NullPointerException.class, () -> new MSE(null));
        assertContains(npe.getMessage(), "MSE: reduction must not be null");
    }

    @Test
    void classLabelOutOfRangeNamesTheLabelAndTheClassCount() {
        Tensor logits = Tensor.zeros(4, 5);
        String m = message(() -> CrossEntropy.of().compute(logits, Tensor.of(new int[] {0, 4, 7, 1}, 4)));
        assertContains(m, "CrossEntropy: label 7 at target index [2] is out of range for 5 classes (valid: 0 to 4");
        assertContains(message(() -> NLL.of().compute(logits, Tensor.of(new int[] {0, -1, 2, 1}, 4))),
                "NLL: label -1 at target index [1]", "5 classes");
    }

    @Test
    void floatLabelsForCrossEntropyAreExplained() {
        String m = message(() -> CrossEntropy.of().compute(Tensor.zeros(4, 3), Tensor.of(new float[] {0, 2, 1, 1})));
        assertContains(m, "CrossEntropy: target [4] is float32", "int32 of shape [4]", "target.to(DType.INT32)",
                "the logits' shape [4, 3]");
        assertContains(message(() -> NLL.of().compute(Tensor.zeros(4, 3), Tensor.zeros(4))),
                "NLL: target must be int32 class indices of shape [4], got float32 [4]");
    }

    @Test
    void labelColumnAndUnbatchedLogitsAreRefused() {
        String m = message(() -> CrossEntropy.of().compute(Tensor.zeros(4, 3), Tensor.of(new int[] {0, 1, 2, 0}, 4, 1)));
        assertContains(m, "CrossEntropy: class-index target [4, 1] must have shape [4]", "logits [4, 3]");
        assertContains(message(() -> CrossEntropy.of().compute(Tensor.zeros(3), Tensor.of(new int[] {1}, 1))),
                "CrossEntropy: logits must be [N, C]", "got [3]", "reshape(1, 3)");
    }

    @Test
    void bceRefusesLogitsPassedAsProbabilities() {
        String m = message(() -> BinaryCrossEntropy.of().compute(Tensor.of(new float[] {0.5f, 1.5f}),
                Tensor.of(new float[] {0, 1})));
        assertContains(m, "BinaryCrossEntropy: prediction must hold probabilities in [0, 1], got 1.5 at index [1]",
                "BinaryCrossEntropyWithLogits");
    }

    @Test
    void gaussianNllRefusesBadVariancesAndLayouts() {
        Tensor mean = Tensor.zeros(DType.FLOAT64, 4, 3);
        Tensor target = Tensor.zeros(DType.FLOAT64, 4, 3);
        assertContains(message(() -> GaussianNLL.of().compute(mean, target, Tensor.of(new double[] {1, -0.5, 1, 1}, 4))),
                "GaussianNLL: variance must be >= 0, got -0.5 at index [1]");
        assertContains(message(() -> GaussianNLL.of().compute(mean, target, Tensor.ones(4, 2))),
                "GaussianNLL: variance [4, 2] fits neither the mean [4, 3]");
        assertContains(message(() -> GaussianNLL.of().compute(Tensor.zeros(4, 3), Tensor.zeros(4, 2))),
                "GaussianNLL: prediction [4, 3] must be the target [4, 2] with its last axis doubled, [4, 4]");
        assertContains(message(() -> GaussianNLL.of().compute(mean, Tensor.zeros(4, 1), Tensor.ones(4, 3))),
                "GaussianNLL: mean [4, 3] and target [4, 1] differ in shape");
    }

    @Test
    void everyLossNamesItself() {
        List<ReducedLoss> all = List.of(MSE.of(), MAE.of(), Huber.of(), SmoothL1.of(), BinaryCrossEntropy.of(),
                BinaryCrossEntropyWithLogits.of(), CrossEntropy.of(), NLL.of(), GaussianNLL.of());
        List<String> names = List.of("MSE", "MAE", "Huber", "SmoothL1", "BinaryCrossEntropy", "BinaryCrossEntropyWithLogits",
                "CrossEntropy", "NLL", "GaussianNLL");
        for (int i = 0; i < all.size(); i++) {
            ReducedLoss loss = all.get(i);
            assertEquals(names.get(i), loss.name());
            assertEquals(Reduction.MEAN, loss.reduction());
            assertEquals(Reduction.SUM, loss.withReduction(Reduction.SUM).reduction());
        }
    }
}
