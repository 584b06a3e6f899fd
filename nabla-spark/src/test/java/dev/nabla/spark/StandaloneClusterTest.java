package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster: a standalone master and two workers, separate JVMs on loopback. Training there equals
 * the single machine (float64 and float32), and an executor JVM killed mid-run is replaced by the worker
 * while the run resumes from its newest checkpoint to the same final weights.
 */
class StandaloneClusterTest {
    @TempDir
    Path tmp;

    @Test
    void trainsOnAStandaloneClusterAsOnOneMachineAndSurvivesAnExecutorKilledMidRun() throws Exception {
        SparkFixtures.stopLocal(); // one SparkContext per JVM
        SparkSession spark = null;
        try (StandaloneCluster cluster = new StandaloneCluster(tmp.resolve("cluster"), 2)) {
            spark = SparkSessions.open(cluster.master, "nabla-standalone-test", cluster.driverConf());
            Dataset<Row> df = spark.read().option("header", true).option("inferSchema", true)
                    .csv(SparkFixtures.blobs(150, 4).writeCsv(tmp.resolve("csv"), 2).toString());
            SparkFixtures.Data data = SparkFixtures.collected(df);
            String spec = SparkFixtures.spec("{\"name\": \"adam\", \"lr\": 0.01}", 2, 24, true);

            SparkResult f64 = new SparkTrainer(spec, SparkOptions.of("label", 2).dtype(DType.FLOAT64)).fit(df);
            double[] expected64 = SparkFixtures.singleMachine(spec, data.features(DType.FLOAT64), data.labels(), DType.FLOAT64);
            double rel64 = SparkFixtures.assertClose(expected64, SparkFixtures.flat(f64.model()), 1e-6);

            SparkResult f32 = new SparkTrainer(spec, SparkOptions.of("label", 2)).fit(df);
            double[] expected32 = SparkFixtures.singleMachine(spec, data.features(DType.FLOAT32), data.labels(), DType.FLOAT32);
            double rel32 = SparkFixtures.assertClose(expected32, SparkFixtures.flat(f32.model()), 1e-5);
            System.out.printf("standalone: float64 %.3g, float32 %.3g relative difference%n", rel64, rel32);

            // task 0's executor JVM halts mid-step 9 (first attempt): no clean shutdown, as a crash. Task 0, since it
            // writes the checkpoints: it has written the step-9 one before it reaches step 9.
            String dir = tmp.resolve("ckpt").toUri().toString();
            SparkResult resumed = new SparkTrainer(spec, SparkOptions.of("label", 2).dtype(DType.FLOAT64)
                    .checkpoints(dir, 3).hook((rank, step, attempt) -> {
                        if (rank == 0 && step == 9 && attempt == 0) {
                            Runtime.getRuntime().halt(137);
                        }
                    })).fit(df);
            assertTrue(resumed.stats().stageAttempt() >= 1, "the barrier stage ran again");
            assertEquals(9, resumed.stats().resumedFromStep(), "resumed from the step-9 checkpoint");
            assertArrayEquals(SparkFixtures.flat(f64.model()), SparkFixtures.flat(resumed.model()));
        } finally {
            if (spark != null) {
                spark.stop();
            }
        }
    }
}
