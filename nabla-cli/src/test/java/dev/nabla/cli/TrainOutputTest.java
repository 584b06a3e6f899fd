package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What nabla train shows: each epoch once, and the test metrics in a fixed order. */
class TrainOutputTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path dir;

    @Test
    void eachEpochIsShownOnce() {
        Cli.Run r = Cli.nabla("train", EXAMPLES.resolve("xor.json").toString(), "--out", dir.toString(), "--epochs", "3", "--no-plots");
        assertEquals(0, r.code(), r.err());
        List<String> epochLines = r.err().lines().filter(l -> l.startsWith("epoch ")).toList();
        assertEquals(3, epochLines.size(), r.err());
        assertTrue(epochLines.get(0).startsWith("epoch 1/3  loss "), epochLines.get(0));
        for (String line : r.out().lines().toList()) {
            assertFalse(line.matches("\\s*\\d+\\s+.*") || line.startsWith("epoch"), "no history table on stdout:\n" + r.out());
        }
    }

    @Test
    void testMetricsComeLossFirstThenInTheSpecsOrder() throws Exception {
        Path spec = Files.writeString(dir.resolve("sine.json"), """
                {"data": {"source": "synthetic", "name": "sine", "samples": 40, "test_split": 0.25},
                 "model": {"type": "Sequential", "layers": [{"type": "Dense", "units": 1}]},
                 "loss": {"name": "mse"}, "optimizer": {"name": "sgd", "lr": 0.1},
                 "training": {"epochs": 1, "batch_size": 10}, "metrics": ["mse", "mae"]}
                """);
        Cli.Run r = Cli.nabla("train", spec.toString(), "--out", dir.resolve("a").toString(), "--no-plots");
        assertEquals(0, r.code(), r.err());
        String test = r.out().lines().filter(l -> l.startsWith("test:")).findFirst().orElseThrow();
        assertTrue(test.matches("test:  loss \\S+  mse \\S+  mae \\S+"), test);

        Cli.Run json = Cli.nabla("train", spec.toString(), "--out", dir.resolve("b").toString(), "--no-plots", "--json");
        assertEquals(0, json.code(), json.err());
        String out = json.out().substring(json.out().indexOf("\"test\""));
        assertTrue(out.indexOf("\"loss\"") < out.indexOf("\"mse\"") && out.indexOf("\"mse\"") < out.indexOf("\"mae\""), out);
    }
}
