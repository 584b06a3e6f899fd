package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input fails before or during the run with a message that names what and where. */
class SparkErrorsTest {
    @TempDir
    Path tmp;

    private Dataset<Row> csv(Path dir) {
        return SparkFixtures.local().read().option("header", true).option("inferSchema", true).csv(dir.toString());
    }

    private static void assertMentions(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void aGlobalBatchSmallerThanThePartitionCountIsRefused() throws Exception {
        Dataset<Row> df = csv(SparkFixtures.blobs(20, 1).writeCsv(tmp.resolve("csv"), 1));
        String spec = SparkFixtures.spec("{\"name\": \"sgd\", \"lr\": 0.1}", 1, 1, false);
        var e = assertThrows(SparkTrainingException.class, () -> new SparkTrainer(spec, SparkOptions.of("label", 2)).fit(df));
        assertMentions(e, "training.batch_size is 1", "2 partitions", "at least 2");
    }

    @Test
    void anUnreachableMasterIsNamed() {
        var e = assertThrows(SparkTrainingException.class, () -> SparkSessions.open("spark://127.0.0.1:1", "x"));
        assertMentions(e, "cannot reach the Spark master spark://127.0.0.1:1", "Connection refused");
    }

    @Test
    void aColumnMissingFromOneFileIsNamedWithTheFileAndPartition() throws Exception {
        Path dir = SparkFixtures.blobs(40, 1).writeCsv(tmp.resolve("csv"), 2);
        // the second file lost its last feature column: its rows are one value short
        List<String> lines = Files.readAllLines(dir.resolve("part-1.csv")).stream()
                .map(l -> l.substring(0, l.lastIndexOf(','))).toList();
        Files.write(dir.resolve("part-1.csv"), lines);
        String spec = SparkFixtures.spec("{\"name\": \"sgd\", \"lr\": 0.1}", 1, 8, false);
        var e = assertThrows(SparkTrainingException.class,
                () -> new SparkTrainer(spec, SparkOptions.of("label", 2)).fit(csv(dir)));
        assertMentions(e, "no value in column 'label'", "part-1.csv", "Spark partition");
    }

    @Test
    void aMissingLabelColumnListsTheColumns() throws Exception {
        Dataset<Row> df = csv(SparkFixtures.blobs(20, 1).writeCsv(tmp.resolve("csv"), 1));
        String spec = SparkFixtures.spec("{\"name\": \"sgd\", \"lr\": 0.1}", 1, 8, false);
        var e = assertThrows(SparkTrainingException.class, () -> new SparkTrainer(spec, SparkOptions.of("y", 2)).fit(df));
        assertMentions(e, "no label column 'y'", "a, b, c, d, label");
    }

    @Test
    void dropoutCannotTrainSynchronously() throws Exception {
        Dataset<Row> df = csv(SparkFixtures.blobs(20, 1).writeCsv(tmp.resolve("csv"), 1));
        String spec = SparkFixtures.spec("{\"name\": \"sgd\", \"lr\": 0.1}", 1, 8, false)
                .replace("{\"type\": \"Dense\", \"units\": 3}", "{\"type\": \"Dropout\", \"p\": 0.5}, {\"type\": \"Dense\", \"units\": 3}");
        var e = assertThrows(SparkTrainingException.class, () -> new SparkTrainer(spec, SparkOptions.of("label", 2)).fit(df));
        assertMentions(e, "cannot train synchronously", "dropout", "--average-every");
    }

    @Test
    void aTestSplitInTheSpecIsRefusedByName() throws Exception {
        Dataset<Row> df = csv(SparkFixtures.blobs(20, 1).writeCsv(tmp.resolve("csv"), 1));
        String spec = SparkFixtures.spec("{\"name\": \"sgd\", \"lr\": 0.1}", 1, 8, false)
                .replace("\"samples\": 10}", "\"samples\": 10, \"test_split\": 0.2}");
        var e = assertThrows(SparkTrainingException.class, () -> new SparkTrainer(spec, SparkOptions.of("label", 2)).fit(df));
        assertMentions(e, "data.test_split is not applied on Spark", "split the data with Spark first");
    }

    @Test
    void testTimeViewsInTheSpecAreRefusedByName() throws Exception {
        Dataset<Row> df = csv(SparkFixtures.blobs(20, 1).writeCsv(tmp.resolve("csv"), 1));
        String spec = SparkFixtures.spec("{\"name\": \"sgd\", \"lr\": 0.1}", 1, 8, false)
                .replace("\"samples\": 10}", "\"samples\": 10, \"tta\": [\"hflip\"]}");
        var e = assertThrows(SparkTrainingException.class, () -> new SparkTrainer(spec, SparkOptions.of("label", 2)).fit(df));
        assertMentions(e, "data.tta is not applied on Spark", "evaluate the saved model with nabla eval");
    }

    @Test
    void aCheckpointFolderOfAnotherRunIsRefused() throws Exception {
        Dataset<Row> df = csv(SparkFixtures.blobs(40, 1).writeCsv(tmp.resolve("csv"), 1));
        String dir = tmp.resolve("ckpt").toUri().toString();
        String spec = SparkFixtures.spec("{\"name\": \"sgd\", \"lr\": 0.1}", 1, 8, false);
        new SparkTrainer(spec, SparkOptions.of("label", 2).checkpoints(dir, 2)).fit(df);
        String other = spec.replace("0.1}", "0.2}");
        var e = assertThrows(SparkTrainingException.class,
                () -> new SparkTrainer(other, SparkOptions.of("label", 2).checkpoints(dir, 2)).fit(df));
        assertMentions(e, "holds the checkpoints of another run", "ckpt");
    }

    @Test
    void morePartitionsThanLocalCoresIsRefusedAtOnce() throws Exception {
        Dataset<Row> df = csv(SparkFixtures.blobs(20, 1).writeCsv(tmp.resolve("csv"), 1));
        String spec = SparkFixtures.spec("{\"name\": \"sgd\", \"lr\": 0.1}", 1, 8, false);
        var e = assertThrows(SparkTrainingException.class, () -> new SparkTrainer(spec, SparkOptions.of("label", 3)).fit(df));
        assertMentions(e, "3 partitions (--partitions)", "local[2] runs 2 tasks at a time");
    }
}
