package dev.nabla.spec;

import static dev.nabla.spec.SpecEdits.with;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.ShapeImages;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.TestTimeAugmentation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code "tta"} in a spec's data section: validation, test metrics and the model file all predict with the views. */
class TestTimeSpecTest {

    /** A small CNN on 12×12 rendered shapes, trained on flips, held-out parts for validation and test. */
    private static String shapesSpec() {
        String spec = with("data", Map.of("source", "image_folder", "path", "shapes", "channels", 1, "test_split", 0.25,
                "validation_split", 0.2, "augment", List.of(Map.of("kind", "hflip")), "tta", List.of("hflip")));
        spec = with(spec, "model.layers", List.of(
                Map.of("type", "Conv2D", "out_channels", 4, "kernel_size", 3, "activation", "relu"),
                Map.of("type", "MaxPool2D", "kernel_size", 2),
                Map.of("type", "Flatten"),
                Map.of("type", "Dense", "units", 3)));
        spec = with(spec, "optimizer.lr", 0.01);
        spec = with(spec, "training.batch_size", 16);
        return with(spec, "training.epochs", 8);
    }

    @Test
    void theRunsScoresAndTheSavedModelsPredictionsAreTheViewsMeanProbability(@TempDir Path dir) throws Exception {
        ShapeImages.write(dir.resolve("shapes"), 40, 12, 3);
        ExperimentResult r = Experiment.parse(shapesSpec(), dir).run(RunListener.NONE);
        assertEquals(List.of("hflip"), r.spec().data().tta().names());
        r.save(dir.resolve("model.safetensors"));
        TrainedModel m = TrainedModel.load(dir.resolve("model.safetensors"));
        assertEquals(TestTimeAugmentation.of("hflip"), m.testTime(), "the model file keeps the spec's views");
        assertEquals(TestTimeAugmentation.of("hflip"),
                TrainedModel.testTime(dev.nabla.io.ModelFile.readMetadata(dir.resolve("model.safetensors"))), "read without the weights");
        assertEquals(TestTimeAugmentation.NONE, TrainedModel.testTime(Map.of("nabla.spec", "{not json")), "a damaged spec: none");

        Tensor testX = r.splits().test().features();
        int[] truth = r.splits().test().targets().toIntArray();
        Tensor withViews = m.predict(testX);
        Tensor plain = m.predict(testX, TestTimeAugmentation.NONE);
        assertFalse(java.util.Arrays.equals(plain.toFloatArray(), withViews.toFloatArray()), "the mirror changed nothing");
        // the model's own computation, by hand: log((softmax(f(x)) + softmax(f(mirror x))) / 2)
        Tensor x = m.features(testX);
        Tensor mirrored = m.features(testX).reshape(x.shape().dims());
        float[] v = mirrored.toFloatArray();
        int w = x.dim(x.rank() - 1);
        for (int row = 0; row < v.length; row += w) {
            for (int i = row, j = row + w - 1; i < j; i++, j--) {
                float t = v[i];
                v[i] = v[j];
                v[j] = t;
            }
        }
        Tensor p = m.predict(testX, TestTimeAugmentation.NONE).softmax(1);
        Tensor q = m.model().forward(Tensor.of(v, x.shape().dims())).softmax(1);
        assertArrayEquals(p.add(q).div(2).log().toFloatArray(), withViews.toFloatArray(), 2e-6f);

        assertEquals(accuracy(m.classesOf(withViews), truth), r.testMetrics().get("accuracy"), 1e-12,
                "the run's test accuracy is the saved model's with its views");
        Tensor valX = r.splits().validation().features();
        assertEquals(accuracy(m.predictClasses(valX), r.splits().validation().targets().toIntArray()),
                r.history().last("val_accuracy"), 1e-12, "the last epoch's validation is scored with the views too");
    }

    @Test
    void refusedWhereItCannotApply(@TempDir Path dir) throws Exception {
        SpecException unknown = assertThrows(SpecException.class,
                () -> Experiment.parse(with(shapesSpec(), "data.tta", List.of("crop")), dir));
        assertEquals("$.data.tta", unknown.path());
        assertTrue(unknown.problem().contains("unknown view 'crop'; expected one of [hflip]"), unknown.getMessage());

        SpecException rows = assertThrows(SpecException.class,
                () -> Experiment.parse(with("data.tta", List.of("hflip")), dir).run(RunListener.NONE));
        assertEquals("$.data.tta", rows.path());
        assertTrue(rows.problem().contains("mirrors images [channels, height, width] or [height, width], but each sample is [2]; leave tta out"),
                rows.getMessage());

        ShapeImages.write(dir.resolve("shapes"), 4, 12, 3);
        String binary = with(with(shapesSpec(), "loss.name", "bce_with_logits"), "model.layers[3].units", 1);
        SpecException bce = assertThrows(SpecException.class, () -> Experiment.parse(binary, dir).run(RunListener.NONE));
        assertTrue(bce.problem().contains("averages class probabilities, so it needs a classifier trained with cross_entropy or nll on "
                + "scores per class; the loss is bce_with_logits and the model gives [1] per sample"),
                bce.getMessage());
    }

    private static double accuracy(int[] predicted, int[] truth) {
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            correct += predicted[i] == truth[i] ? 1 : 0;
        }
        return correct / (double) truth.length;
    }
}
