package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that fails mid-run fails the barrier stage; Spark runs it again, and the run either starts over
 * (no checkpoints) or resumes from the newest checkpoint, to the same weights as a run that never failed.
 */
class FaultToleranceTest {
    private static final String SPEC = SparkFixtures.spec("{\"name\": \"adam\", \"lr\": 0.01}", 2, 16, true);

    @TempDir
    Path tmp;

    private Dataset<Row> data() throws Exception {
        return SparkFixtures.local().read().option("header", true).option("inferSchema", true)
                .csv(SparkFixtures.blobs(120, 3).writeCsv(tmp.resolve("csv"), 1).toString());
    }

    @Test
    void aTaskKilledMidStepIsRetriedWithTheSameResult() throws Exception {
        Dataset<Row> df = data();
        SparkOptions options = SparkOptions.of("label", 2).dtype(DType.FLOAT64);
        SparkResult clean = new SparkTrainer(SPEC, options).fit(df);
        SparkResult retried = new SparkTrainer(SPEC, options.hook((rank, step, attempt) -> {
            if (rank == 1 && step == 5 && attempt == 0) {
                throw new IllegalStateException("injected: task 1 dies mid-step 5");
            }
        })).fit(df);
        assertEquals(0, clean.stats().stageAttempt());
        assertEquals(1, retried.stats().stageAttempt(), "the barrier stage ran again");
        assertEquals(0, retried.stats().resumedFromStep(), "without checkpoints the retry starts over");
        assertArrayEquals(SparkFixtures.flat(clean.model()), SparkFixtures.flat(retried.model()));
        assertEquals(clean.history(), retried.history());
    }

    @Test
    void aRetryResumesFromTheNewestCheckpointToTheSameWeights() throws Exception {
        Dataset<Row> df = data();
        SparkOptions options = SparkOptions.of("label", 2).dtype(DType.FLOAT64);
        SparkResult clean = new SparkTrainer(SPEC, options).fit(df);
        String dir = tmp.resolve("ckpt").toUri().toString();
        SparkResult resumed = new SparkTrainer(SPEC, options.checkpoints(dir, 4).hook((rank, step, attempt) -> {
            if (rank == 0 && step == 10 && attempt == 0) {
                throw new IllegalStateException("injected: task 0 dies mid-step 10");
            }
        })).fit(df);
        assertEquals(1, resumed.stats().stageAttempt());
        assertEquals(8, resumed.stats().resumedFromStep(), "the retry went on from the step-8 checkpoint");
        assertArrayEquals(SparkFixtures.flat(clean.model()), SparkFixtures.flat(resumed.model()));
        assertEquals(clean.history(), resumed.history());
        try (Stream<Path> files = Files.list(tmp.resolve("ckpt"))) {
            Path last = files.filter(p -> p.toString().endsWith(".nabla-ckpt")).sorted().reduce((a, b) -> b).orElseThrow();
            Checkpoint c = Checkpoint.read(last); // core's format, core's reader
            assertEquals(2, c.epoch());
            assertEquals(0, c.batch());
            assertTrue(c.optimizer().size() > 0);
        }
    }
}
