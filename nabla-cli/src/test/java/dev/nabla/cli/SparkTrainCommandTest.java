package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.spec.TrainedModel;
import dev.nabla.tensor.Generator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nabla train SPEC --spark local[2] gives the model nabla train SPEC gives, in the same file format. */
class SparkTrainCommandTest {
    @TempDir
    Path dir;

    private Path spec() throws Exception {
        Generator g = new Generator(11);
        List<String> lines = new ArrayList<>(List.of("x1,x2,x3,label"));
        for (int i = 0; i < 120; i++) {
            int y = g.nextInt(3);
            lines.add((100 + 5 * y + g.nextGaussian()) + "," + ((y == 1 ? 3 : 0) + g.nextGaussian()) + "," + g.nextGaussian() + "," + y);
        }
        Files.write(dir.resolve("blobs.csv"), lines);
        Path spec = dir.resolve("blobs.json");
        Files.writeString(spec, """
            {"seed": 3,
             "data": {"source": "csv", "path": "blobs.csv", "label": "label", "transforms": [{"kind": "standardize"}]},
             "model": {"type": "Sequential", "layers": [{"type": "Dense", "units": 8, "activation": "tanh"}, {"type": "Dense", "units": 3}]},
             "loss": {"name": "cross_entropy"},
             "optimizer": {"name": "adam", "lr": 0.02},
             "training": {"epochs": 3, "batch_size": 16}}
            """);
        return spec;
    }

    @Test
    void sparkTrainingGivesTheSingleMachineModel() throws Exception {
        Path spec = spec();
        Cli.Run local = Cli.nabla("train", spec.toString(), "--out", dir.resolve("local").toString(), "--quiet", "--no-plots");
        assertEquals(0, local.code(), local.err());
        Cli.Run spark = Cli.nabla("train", spec.toString(), "--spark", "local[2]", "--partitions", "2",
                "--out", dir.resolve("spark").toString());
        assertEquals(0, spark.code(), spark.err());
        assertTrue(spark.err().contains("2 tasks, 120 samples, 24 steps"), spark.err());
        TrainedModel a = TrainedModel.load(dir.resolve("local/model.safetensors"));
        TrainedModel b = TrainedModel.load(dir.resolve("spark/model.safetensors"));
        double num = 0, den = 0;
        for (var e : a.model().stateDict().entrySet()) {
            float[] x = e.getValue().f32(), y = b.model().stateDict().get(e.getKey()).f32();
            for (int i = 0; i < x.length; i++) {
                num += (x[i] - y[i]) * (double) (x[i] - y[i]);
                den += x[i] * (double) x[i];
            }
        }
        double rel = Math.sqrt(num / den);
        assertTrue(rel < 1e-5, "relative difference " + rel);
        assertEquals(Files.readAllLines(dir.resolve("spark/history.csv")).size(), 4, "a header and 3 epochs");
    }

    @Test
    void anUnreachableMasterIsAClearError() throws Exception {
        Cli.Run r = Cli.nabla("train", spec().toString(), "--spark", "spark://127.0.0.1:1", "--out", dir.resolve("x").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("nabla train: spark: cannot reach the Spark master spark://127.0.0.1:1"), r.err());
    }
}
