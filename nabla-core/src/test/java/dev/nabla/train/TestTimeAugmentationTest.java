package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.HorizontalFlip;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Test-time augmentation: the views, the mean of probabilities, and what it refuses. */
class TestTimeAugmentationTest {

    /** A linear classifier over 2 × 3 images into 3 classes whose weights are not mirror-symmetric. */
    private static final double[][] W = {
            {0.9, -0.4, 0.3}, {0.1, 0.7, -0.8}, {-0.5, 0.2, 0.6},
            {0.3, 0.3, -0.2}, {-0.7, 0.5, 0.1}, {0.4, -0.6, 0.9}};

    private static Tensor linear(Tensor x) {
        return x.reshape(x.dim(0), 6).matmul(Tensor.of(W).to(x.dtype()));
    }

    @Test
    void mirrorReversesEachRowOfEachPlaneExactly() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 1, 2, 3);
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10}, HorizontalFlip.mirror(x).toFloatArray());
        Tensor y = Tensor.of(new double[] {0.1, 0.2, 0.3, 0.4}, 1, 2, 2);
        Tensor m = HorizontalFlip.mirror(y);
        assertEquals(DType.FLOAT64, m.dtype());
        assertArrayEquals(new double[] {0.2, 0.1, 0.4, 0.3}, m.toDoubleArray());
        assertArrayEquals(y.toDoubleArray(), HorizontalFlip.mirror(m).toDoubleArray(), "a mirror of a mirror");
    }

    @Test
    void noViewsPassTheModelsOutputThrough() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
        Tensor[] seen = new Tensor[1];
        Tensor out = TestTimeAugmentation.NONE.apply(t -> seen[0] = linear(t), x);
        assertSame(seen[0], out);
        assertTrue(TestTimeAugmentation.of().isNone());
    }

    @Test
    void hflipIsTheLogOfTheMeanProbabilityOfTheImageAndItsMirror() {
        double[] pixels = {0.3, -1.2, 0.8, 2.0, 0.1, -0.5, 1.5, 0.4, -0.9, 0.0, 0.7, -0.3};
        Tensor x = Tensor.of(pixels, 2, 1, 2, 3);
        double[] out = TestTimeAugmentation.of("hflip").apply(TestTimeAugmentationTest::linear, x).toDoubleArray();
        for (int n = 0; n < 2; n++) {
            double[] image = java.util.Arrays.copyOfRange(pixels, 6 * n, 6 * n + 6);
            double[] mirrored = {image[2], image[1], image[0], image[5], image[4], image[3]};
            double[] p = softmax(scores(image)), q = softmax(scores(mirrored));
            for (int c = 0; c < 3; c++) {
                assertEquals(Math.log((p[c] + q[c]) / 2), out[3 * n + c], 1e-12, "sample " + n + " class " + c);
            }
        }
    }

    @Test
    void aMirrorSymmetricModelGetsItsOwnLogProbabilities() {
        // sums over each row: a mirror changes nothing, so the mean of two equal distributions is that one
        UnaryOperator<Tensor> symmetric = t -> t.sum(new int[] {2}, false).reshape(t.dim(0), 2).mul(Tensor.of(new double[] {1.5, -0.5}, 2));
        Tensor x = Tensor.of(new double[] {0.2, 0.9, -0.4, 1.1, 0.3, 0.6}, 1, 2, 3);
        double[] expected = symmetric.apply(x).logSoftmax(1).toDoubleArray();
        assertArrayEquals(expected, TestTimeAugmentation.of("hflip").apply(symmetric, x).toDoubleArray(), 1e-14);
    }

    @Test
    void float32InFloat32Out() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 1, 2, 3);
        assertEquals(DType.FLOAT32, TestTimeAugmentation.of("hflip").apply(TestTimeAugmentationTest::linear, x).dtype());
    }

    @Test
    void refusesWhatItCannotAverage() {
        TestTimeAugmentation tta = TestTimeAugmentation.of("hflip");
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> tta.apply(t -> t, Tensor.of(new double[] {1, 2, 3, 4}, 2, 2)));
        assertTrue(rows.getMessage().contains("expected a batch of images [N, C, H, W] or [N, H, W], got [2, 2]"), rows.getMessage());
        IllegalArgumentException oneOutput = assertThrows(IllegalArgumentException.class,
                () -> tta.apply(t -> t.reshape(t.dim(0), 6).sum(new int[] {1}, true), Tensor.of(new double[6], 1, 2, 3)));
        assertTrue(oneOutput.getMessage().contains("scores [N, C] with C >= 2; it gives [1, 1]"), oneOutput.getMessage());
        IllegalArgumentException crop = assertThrows(IllegalArgumentException.class, () -> TestTimeAugmentation.of("crop"));
        assertTrue(crop.getMessage().contains("unknown view 'crop'; expected one of [hflip]"), crop.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> TestTimeAugmentation.of("hflip", "hflip"));
        assertTrue(twice.getMessage().contains("named twice in [hflip, hflip]"), twice.getMessage());
        assertEquals(List.of("hflip"), tta.names());
    }

    @Test
    void saysWhichModelsItCannotServe() {
        TestTimeAugmentation tta = TestTimeAugmentation.of("hflip");
        dev.nabla.tensor.Shape image = dev.nabla.tensor.Shape.of(1, 28, 28), ten = dev.nabla.tensor.Shape.of(10);
        assertEquals(null, tta.refusal(image, ten, dev.nabla.loss.CrossEntropy.of()));
        assertEquals(null, tta.refusal(dev.nabla.tensor.Shape.of(8, 8), ten, null), "a plain model file: no loss known");
        assertEquals(null, TestTimeAugmentation.NONE.refusal(dev.nabla.tensor.Shape.of(4), ten, dev.nabla.loss.MSE.of()));
        assertEquals("mirrors images [channels, height, width] or [height, width], but each sample is [4]",
                tta.refusal(dev.nabla.tensor.Shape.of(4), ten, null));
        assertEquals("averages class probabilities, so it needs a classifier trained with cross_entropy or nll on scores "
                + "per class; the loss is mse and the model gives [10] per sample", tta.refusal(image, ten, dev.nabla.loss.MSE.of()));
        assertEquals("averages class probabilities, so it needs a classifier trained with cross_entropy or nll on scores "
                + "per class; the model gives [1] per sample", tta.refusal(image, dev.nabla.tensor.Shape.of(1), null));
    }

    @Test
    void trainersPredictTakesTheViews() {
        dev.nabla.nn.Sequential net = dev.nabla.nn.Sequential.of(new dev.nabla.nn.Flatten(), new dev.nabla.nn.Dense(3));
        net.build(5, 1, 2, 3);
        Trainer trainer = new Trainer(net, dev.nabla.loss.CrossEntropy.of(), new dev.nabla.optim.SGD(net.parameters(), 0.1));
        Tensor x = Tensor.of(new float[] {0.3f, -1.2f, 0.8f, 2.0f, 0.1f, -0.5f, 1.5f, 0.4f, -0.9f, 0f, 0.7f, -0.3f}, 2, 1, 2, 3);
        TestTimeAugmentation tta = TestTimeAugmentation.of("hflip");
        assertArrayEquals(tta.apply(net::forward, x).toFloatArray(), trainer.predict(x, 1, tta).toFloatArray(), 0f,
                "one batch at a time, as the whole");
        assertArrayEquals(net.forward(x).toFloatArray(), trainer.predict(x, 2).toFloatArray(), 0f);
    }

    private static double[] scores(double[] image) {
        double[] s = new double[3];
        for (int c = 0; c < 3; c++) {
            for (int k = 0; k < 6; k++) {
                s[c] += image[k] * W[k][c];
            }
        }
        return s;
    }

    private static double[] softmax(double[] s) {
        double max = Math.max(s[0], Math.max(s[1], s[2])), sum = 0;
        double[] p = new double[3];
        for (int c = 0; c < 3; c++) {
            sum += p[c] = Math.exp(s[c] - max);
        }
        for (int c = 0; c < 3; c++) {
            p[c] /= sum;
        }
        return p;
    }
}
