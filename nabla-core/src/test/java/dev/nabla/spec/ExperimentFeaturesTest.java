package dev.nabla.spec;

import static dev.nabla.spec.SpecEdits.with;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Bundled;
import dev.nabla.data.Dataset;
import dev.nabla.data.Npz;
import dev.nabla.data.Synthetic;
import dev.nabla.nn.Graph;
import dev.nabla.nn.Layer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources read from files, other model kinds and losses, the listener, stopping, and errors only a run can find. */
class ExperimentFeaturesTest {

    private static ExperimentResult run(String json) throws Exception {
        return Experiment.parse(json, Path.of(".")).run(RunListener.NONE);
    }

    @Test
    void csvSourceWithAPathRelativeToTheSpecFile(@TempDir Path dir) throws Exception {
        Dataset iris = Bundled.iris();
        StringBuilder csv = new StringBuilder("a,b,c,d,species\n");
        float[] x = iris.features().toFloatArray();
        int[] y = iris.targets().toIntArray();
        for (int i = 0; i < y.length; i++) {
            csv.append(x[4 * i]).append(',').append(x[4 * i + 1]).append(',').append(x[4 * i + 2]).append(',')
                    .append(x[4 * i + 3]).append(',').append(iris.classNames().get(y[i])).append('\n');
        }
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/iris.csv"), csv);
        String spec = with(with(with(with("data", Map.of("source", "csv", "path", "data/iris.csv", "label", "species",
                "test_split", 0.2, "transforms", List.of(Map.of("kind", "standardize")))),
                "training.batch_size", 16), "training.epochs", 60), "model.layers[1].units", 3);
        Files.writeString(dir.resolve("iris.json"), spec);
        ExperimentResult r = Experiment.load(dir.resolve("iris.json")).run(RunListener.NONE);
        assertEquals(iris.classNames(), r.classNames());
        assertTrue(r.testMetrics().get("accuracy") >= 0.9, "test " + r.testMetrics());
        assertEquals("iris", r.spec().name());
    }

    @Test
    void imageFolderSourceIsInASeededOrderSoValidationHoldsEveryClass(@TempDir Path dir) throws Exception {
        dev.nabla.data.ShapeImages.write(dir.resolve("shapes"), 10, 8, 0);
        String spec = with(with(with("data", Map.of("source", "image_folder", "path", "shapes", "channels", 1,
                "validation_split", 0.2)), "model.layers", List.of(Map.of("type", "Flatten"), Map.of("type", "Dense", "units", 3))),
                "training.epochs", 1);
        DataSplits a = Experiment.parse(spec, dir).loadData();
        assertEquals(24, a.train().size());
        assertArrayEquals(new int[] {24, 1, 8, 8}, a.train().features().shape().dims());
        assertEquals(dev.nabla.data.ShapeImages.CLASSES, a.train().classNames());
        int[] seen = new int[3];
        for (int c : a.validation().targets().toIntArray()) {
            seen[c]++;
        }
        assertTrue(seen[0] > 0 && seen[1] > 0 && seen[2] > 0, "the folder's order would hold out triangles only");
        DataSplits b = Experiment.parse(spec, dir).loadData();
        assertArrayEquals(a.train().targets().toIntArray(), b.train().targets().toIntArray(), "the same seed, the same order");
        ExperimentResult r = Experiment.parse(with(spec, "data.augment", List.of(Map.of("kind", "hflip"))), dir)
                .run(RunListener.NONE);
        assertEquals(1, r.history().epochs());
    }

    @Test
    void npzSource(@TempDir Path dir) throws Exception {
        Dataset xor = Synthetic.xor(200, 0.1, 3);
        Npz.write(dir.resolve("xor.npz"), Map.of("points", xor.features(), "labels", xor.targets()));
        String spec = with(with("data", Map.of("source", "npz", "path", "xor.npz", "features", "points",
                "targets", "labels")), "training.batch_size", 32);
        ExperimentResult r = Experiment.parse(spec, dir).run(RunListener.NONE);
        assertTrue(r.history().last("accuracy") >= 0.95, "train " + r.history().last("accuracy"));
    }

    @Test
    void graphModelWithASkipConnection() throws Exception {
        ExperimentResult r = run(with("model", Map.of("type", "Graph", "inputs", java.util.Collections.singletonMap("x", null),
                "nodes", List.of(
                        Map.of("name", "h", "inputs", List.of("x"), "layer", Map.of("type", "Dense", "units", 8, "activation", "tanh")),
                        Map.of("name", "skip", "inputs", List.of("x"), "layer", Map.of("type", "Dense", "units", 8)),
                        Map.of("name", "sum", "inputs", List.of("h", "skip"), "layer", Map.of("type", "Add")),
                        Map.of("name", "out", "inputs", List.of("sum"), "layer", Map.of("type", "Dense", "units", 2))),
                "outputs", List.of("out"))));
        assertTrue(r.model() instanceof Graph);
        assertEquals(1.0, r.history().last("accuracy"));
    }

    @Test
    void binaryCrossEntropyTakesClassLabelsAsAColumn() throws Exception {
        String spec = with(with(with("model.layers[1]", Map.of("type", "Dense", "units", 1, "activation", "sigmoid")),
                "loss", Map.of("name", "bce")), "metrics", List.of("binary_accuracy"));
        ExperimentResult r = run(with(spec, "optimizer.lr", 0.1));
        assertEquals(1.0, r.history().last("binary_accuracy"));
        assertArrayEquals(new int[] {0, 1, 1, 0}, r.trained().predictClasses(Synthetic.truthTable("xor").features()));
    }

    @Test
    void listenerSeesEveryBatchAndEpoch() throws Exception {
        List<String> events = new ArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void onTrainBegin(Layer model, DataSplits splits, int epochs, int batchesPerEpoch) {
                events.add("begin " + splits.train().size() + " " + epochs + " " + batchesPerEpoch);
            }

            @Override
            public void onBatchEnd(int epoch, int batch, int batchesPerEpoch, Map<String, Double> logs) {
                events.add(epoch + "." + batch + "/" + batchesPerEpoch);
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                events.add("epoch " + epoch + " " + logs.keySet());
            }
        };
        Experiment.parse(with(with("training.epochs", 2), "training.batch_size", 3), Path.of(".")).run(listener);
        assertEquals(List.of("begin 4 2 2", "0.0/2", "0.1/2", "epoch 0 [loss, accuracy, lr]", "1.0/2", "1.1/2",
                "epoch 1 [loss, accuracy, lr]"), events);
    }

    @Test
    void aStopRequestEndsTrainingAfterTheCurrentBatch() throws Exception {
        int[] batches = {0};
        RunListener stopAfterThree = new RunListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int batchesPerEpoch, Map<String, Double> logs) {
                batches[0]++;
            }

            @Override
            public boolean stopRequested() {
                return batches[0] >= 3;
            }
        };
        String spec = with(with(with("training.batch_size", 1), "data", Map.of("source", "bundled", "name", "iris",
                "test_split", 0.2)), "model.layers[1].units", 3);
        ExperimentResult r = Experiment.parse(spec, Path.of(".")).run(stopAfterThree);
        assertTrue(r.stopped());
        assertEquals(3, batches[0]);
        assertEquals(1, r.history().epochs());
        assertTrue(r.testMetrics().containsKey("accuracy"), "a stopped run is still evaluated");

        Experiment stopped = Experiment.parse(spec, Path.of("."));
        stopped.requestStop();
        ExperimentResult s = stopped.run(RunListener.NONE);
        assertTrue(s.stopped());
        assertEquals(1, s.history().epochs());
    }

    @Test
    void rowsAreViewedInTheDeclaredImageShape() throws Exception {
        // xor's rows of 2 values as [1, 2] "signals" for a Conv1D: the declared input holds as many values
        String spec = with(with("model", Map.of("type", "Sequential", "input", List.of(1, 2), "layers", List.of(
                Map.of("type", "Conv1D", "out_channels", 8, "kernel_size", 2, "activation", "tanh"),
                Map.of("type", "Flatten"), Map.of("type", "Dense", "units", 2)))), "optimizer.lr", 0.05);
        ExperimentResult r = run(spec);
        assertEquals(dev.nabla.tensor.Shape.of(1, 2), r.model().inputShape());
        assertEquals(1.0, r.history().last("accuracy"));
        // predictions take the raw rows [N, 2] and view them as the model's [N, 1, 2]
        dev.nabla.tensor.Tensor rows = dev.nabla.tensor.Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        assertArrayEquals(new int[] {0, 1, 1, 0}, r.trained().predictClasses(rows));
    }

    @Test
    void errorsOnlyTheDataRevealStillNameTheSpecPath() {
        SpecException shape = assertThrows(SpecException.class, () -> run(with("model.input", List.of(3))));
        assertEquals("$.model.input: is [3] (3 values) but the data's samples are [2] (2 values); leave it out to take the data's shape",
                shape.getMessage());
        SpecException classes = assertThrows(SpecException.class, () -> run(with("data", Map.of("source", "bundled",
                "name", "iris"))));
        assertEquals("$.model: gives 2 scores per sample but the data has 3 classes: the last layer needs 3 units",
                classes.getMessage());
        SpecException split = assertThrows(SpecException.class, () -> run(with("data.test_split", 0.9)));
        assertEquals("$.data.test_split", split.path());
        assertTrue(split.problem().contains("leaves 0 to train on"), split.getMessage());
    }

    @Test
    void aMissingFileIsAnIoError(@TempDir Path dir) {
        String spec = with("data", Map.of("source", "csv", "path", "missing.csv"));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Experiment.parse(spec, dir).run(RunListener.NONE));
    }
}
