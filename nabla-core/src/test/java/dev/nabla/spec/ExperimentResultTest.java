package dev.nabla.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.data.Synthetic;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import dev.nabla.train.History;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentResultTest {

    /** The test metrics come out as the trainer gives them, loss first and then the spec's order. */
    @Test
    void testMetricsKeepTheirOrder() throws Exception {
        ExperimentSpec spec = Experiment.load(Path.of("..", "examples", "xor.json")).spec();
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String k : List.of("loss", "mse", "mae", "accuracy", "binary_accuracy", "top_5", "recall")) {
            metrics.put(k, (double) metrics.size());
        }
        ExperimentResult r = new ExperimentResult(spec, Sequential.of(new Dense(2)).build(0, 2), new History(), List.of(),
                new DataSplits(Synthetic.truthTable("xor"), null, null), metrics, List.of(), 0, false);
        assertEquals(List.copyOf(metrics.keySet()), List.copyOf(r.testMetrics().keySet()));
    }

    /** The feature names travel with the model, so that a CSV given to it later can be matched by name. */
    @Test
    void featureNamesAreSavedWithTheModel(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        ExperimentSpec spec = Experiment.load(Path.of("..", "examples", "xor.json")).spec();
        dev.nabla.data.Dataset xor = Synthetic.truthTable("xor");
        dev.nabla.data.Dataset named = new dev.nabla.data.Dataset(xor.features(), xor.targets(), List.of("p", "q"), List.of());
        ExperimentResult r = new ExperimentResult(spec, Sequential.of(new Dense(2)).build(0, 2), new History(), List.of(),
                new DataSplits(named, null, null), Map.of(), List.of(), 0, false);
        r.save(dir.resolve("m.safetensors"));
        TrainedModel loaded = TrainedModel.load(dir.resolve("m.safetensors"));
        assertEquals(List.of("p", "q"), loaded.featureNames());
        assertEquals(2, loaded.featureCount());

        ExperimentResult unnamed = new ExperimentResult(spec, Sequential.of(new Dense(2)).build(0, 3), new History(), List.of(),
                new DataSplits(dev.nabla.data.Dataset.of(xor.features(), xor.targets()), null, null), Map.of(), List.of(), 0, false);
        assertEquals(List.of(), unnamed.trained().featureNames());
        assertEquals(3, unnamed.trained().featureCount(), "from the input shape");
    }
}
