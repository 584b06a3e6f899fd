package dev.nabla.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.FashionMnist;
import dev.nabla.data.Npz;
import dev.nabla.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CNN example end to end on real images, shortened to fit a test: examples/fashion-mnist-cnn.json's
 * network, optimiser and seed, trained for 2 epochs on 4,000 of the first 5,000 Fashion-MNIST training
 * images (an npz of [N, 28, 28] images; the model's declared input views them as [1, 28, 28]) and tested
 * on the other 1,000. Measured: 0.831 with Winograd's F(4×4, 3×3) (0.830 with F(2×2) on channels as lanes, 0.826 with the wide
 * grid's direct convolution, 0.830 with the planar Winograd, 0.831 before; the full example: see the README), pinned
 * at >= 0.82;
 * 33 s here with two training runs beside it on the two cores.
 * Skipped where the data is not installed.
 */
class FashionMnistCnnEndToEndTest {

    @Test
    void theShortenedCnnExampleLearnsFashionMnist(@TempDir Path dir) throws Exception {
        firstImagesAsNpz(dir);
        String spec = Files.readString(Path.of("..", "examples", "fashion-mnist-cnn.json"));
        spec = SpecEdits.with(spec, "data", Map.of("source", "npz", "path", "fm.npz", "test_split", 0.2,
                "transforms", List.of(Map.of("kind", "rescale", "scale", 1.0 / 255))));
        spec = SpecEdits.with(spec, "training.epochs", 2);
        ExperimentResult r = Experiment.parse(spec, dir).run(RunListener.NONE);
        assertEquals(Shape.of(1, 28, 28), r.model().inputShape());
        assertEquals(4000, r.splits().train().size());
        assertEquals(1000, r.splits().test().size());
        System.out.println("FashionMnistCnnEndToEndTest: test " + r.testMetrics()); // the figure to re-pin by
        assertTrue(r.testMetrics().get("accuracy") >= 0.82, "test " + r.testMetrics());
    }

    /**
     * The batch-norm example likewise (2 epochs on the same 4,000 images, its flips and its mirror at test time),
     * scored with and without the mirror from the same weights. Measured: 0.727 with it, 0.728 without on F(4×4, 3×3)
     * (0.726 and 0.730 on F(2×2), 0.727 and 0.730 before; two epochs
     * at the example's rate and smoothing leave it far from trained, and the mirror's gain, +0.16 to +0.29 points
     * for the full example, is not there yet); both pinned at >= 0.70. 12 s here.
     */
    @Test
    void theShortenedBatchNormExampleScoresWithItsMirror(@TempDir Path dir) throws Exception {
        firstImagesAsNpz(dir);
        String spec = Files.readString(Path.of("..", "examples", "fashion-mnist-cnn-bn.json"));
        assertEquals(List.of("hflip"), Experiment.parse(spec, dir).spec().data().tta().names(), "the example's views");
        spec = SpecEdits.with(spec, "data", Map.of("source", "npz", "path", "fm.npz", "test_split", 0.2,
                "transforms", List.of(Map.of("kind", "rescale", "scale", 1.0 / 255)),
                "augment", List.of(Map.of("kind", "hflip")), "tta", List.of("hflip")));
        spec = SpecEdits.with(spec, "training.epochs", 2);
        ExperimentResult r = Experiment.parse(spec, dir).run(RunListener.NONE);
        r.save(dir.resolve("model.safetensors"));
        TrainedModel m = TrainedModel.load(dir.resolve("model.safetensors"));
        int[] truth = r.splits().test().targets().toIntArray();
        int[] plain = m.classesOf(m.predict(r.splits().test().features(), dev.nabla.train.TestTimeAugmentation.NONE));
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            correct += plain[i] == truth[i] ? 1 : 0;
        }
        double withMirror = r.testMetrics().get("accuracy"), without = correct / (double) truth.length;
        System.out.println("FashionMnistCnnEndToEndTest: batch norm, test " + withMirror + " with the mirror, " + without
                + " without"); // the figures to re-pin by
        assertTrue(withMirror >= 0.70, "test " + r.testMetrics());
        assertTrue(without >= 0.70, "without the mirror " + without);
    }

    /** The first 5,000 training images and labels as {@code dir/fm.npz}; the test is skipped without the data. */
    private static void firstImagesAsNpz(Path dir) throws java.io.IOException {
        Assumptions.assumeTrue(FashionMnist.available(null), "Fashion-MNIST is not installed: install the Debian "
                + "package dataset-fashion-mnist (files in " + FashionMnist.defaultDirectory() + ")");
        FashionMnist.Split s = FashionMnist.load(null);
        Npz.write(dir.resolve("fm.npz"), Map.of("x", s.train().features().slice(0, 0, 5000),
                "y", s.train().targets().slice(0, 0, 5000)));
    }
}
