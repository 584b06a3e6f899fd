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
}
