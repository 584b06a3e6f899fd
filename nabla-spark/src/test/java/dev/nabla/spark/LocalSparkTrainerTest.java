package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synchronous training on local[2] equals core's single-machine fit on the same global batches. */
class LocalSparkTrainerTest {
    @TempDir
    Path tmp;

    private Dataset<Row> csv(Path dir) {
        return SparkFixtures.local().read().option("header", true).option("inferSchema", true).csv(dir.toString());
    }

    @Test
    void float64WithShuffleAdamAndPenaltyEqualsSingleMachine() throws Exception {
        SparkFixtures.Data data = SparkFixtures.blobs(203, 1); // 203: the last batch is short, and odd between tasks
        String spec = SparkFixtures.spec("{\"name\": \"adam\", \"lr\": 0.01}", 3, 32, true);
        Dataset<Row> df = csv(data.writeCsv(tmp.resolve("csv"), 3));
        SparkResult r = new SparkTrainer(spec, SparkOptions.of("label", 2).dtype(DType.FLOAT64)).fit(df);
        data = SparkFixtures.collected(df); // Spark reads files in its own order (largest first): the single machine too
        double[] expected = SparkFixtures.singleMachine(spec, data.features(DType.FLOAT64), data.labels(), DType.FLOAT64);
        double rel = SparkFixtures.assertClose(expected, SparkFixtures.flat(r.model()), 1e-6);
        System.out.printf("float64 local[2]: relative difference %.3g after %d steps%n", rel, r.stats().steps());
        assertEquals(3 * 7, r.stats().steps());
        assertEquals(3, r.history().size());
        assertTrue(r.history().get(2) < r.history().get(0), "the loss went down: " + r.history());
    }

    @Test
    void float32EqualsSingleMachine() throws Exception {
        SparkFixtures.Data data = SparkFixtures.blobs(160, 2);
        String spec = SparkFixtures.spec("{\"name\": \"sgd\", \"lr\": 0.05, \"momentum\": 0.9}", 2, 20, true);
        Dataset<Row> df = csv(data.writeCsv(tmp.resolve("csv"), 2));
        SparkResult r = new SparkTrainer(spec, SparkOptions.of("label", 2)).fit(df);
        data = SparkFixtures.collected(df);
        double[] expected = SparkFixtures.singleMachine(spec, data.features(DType.FLOAT32), data.labels(), DType.FLOAT32);
        double rel = SparkFixtures.assertClose(expected, SparkFixtures.flat(r.model()), 1e-5);
        System.out.printf("float32 local[2]: relative difference %.3g after %d steps%n", rel, r.stats().steps());
    }

    @Test
    void localSgdTrainsButIsNotTheSingleMachineResult() throws Exception {
        SparkFixtures.Data data = SparkFixtures.blobs(160, 2);
        String spec = SparkFixtures.spec("{\"name\": \"sgd\", \"lr\": 0.05, \"momentum\": 0.9}", 3, 20, true);
        Dataset<Row> df = csv(data.writeCsv(tmp.resolve("csv"), 1));
        SparkResult sync = new SparkTrainer(spec, SparkOptions.of("label", 2).dtype(DType.FLOAT64)).fit(df);
        SparkResult local = new SparkTrainer(spec, SparkOptions.of("label", 2).dtype(DType.FLOAT64).localSgd(4)).fit(df);
        assertTrue(local.history().get(2) < local.history().get(0), "the loss went down: " + local.history());
        double[] a = SparkFixtures.flat(sync.model()), b = SparkFixtures.flat(local.model());
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += a[i] * a[i];
        }
        assertTrue(Math.sqrt(num / den) > 1e-3, "parameter averaging is not synchronous SGD: " + Math.sqrt(num / den));
    }

    @Test
    void standardizeAndMinMaxAreFittedOnSparkAsCoreFitsThem() throws Exception {
        SparkFixtures.Data data = SparkFixtures.blobs(100, 6);
        Dataset<Row> df = csv(data.writeCsv(tmp.resolve("csv"), 2));
        data = SparkFixtures.collected(df);
        java.util.List<String> cols = java.util.List.of("a", "b", "c", "d");
        var fitted = (dev.nabla.data.FittedTransform.Chain) TransformFitter.read(TransformFitter.fit(
                java.util.List.of(new dev.nabla.data.Standardize(), new dev.nabla.data.MinMax()), df, cols));
        var std = new dev.nabla.data.Standardize().fit(data.features(DType.FLOAT64));
        var spark = (dev.nabla.data.Standardize.Fitted) fitted.steps().get(0);
        for (int j = 0; j < 4; j++) {
            assertEquals(std.mean()[j], spark.mean()[j], 1e-12 * Math.abs(std.mean()[j]));
            assertEquals(std.std()[j], spark.std()[j], 1e-12 * std.std()[j]);
        }
        var mm = new dev.nabla.data.MinMax().fit(std.apply(data.features(DType.FLOAT64)));
        var sparkMm = (dev.nabla.data.MinMax.Fitted) fitted.steps().get(1);
        for (int j = 0; j < 4; j++) {
            assertEquals(mm.min()[j], sparkMm.min()[j], 1e-12);
            assertEquals(mm.max()[j], sparkMm.max()[j], 1e-12);
        }
    }

    @Test
    void parquetTrainsAsTheCsvItWasWrittenFrom() throws Exception {
        Dataset<Row> fromCsv = csv(SparkFixtures.blobs(64, 8).writeCsv(tmp.resolve("csv"), 1));
        String parquet = tmp.resolve("data.parquet").toString();
        fromCsv.coalesce(1).write().parquet(parquet); // one file: the same read order
        Dataset<Row> fromParquet = SparkFixtures.local().read().parquet(parquet);
        String spec = SparkFixtures.spec("{\"name\": \"sgd\", \"lr\": 0.1}", 1, 16, true);
        SparkOptions options = SparkOptions.of("label", 2).dtype(DType.FLOAT64);
        double[] a = SparkFixtures.flat(new SparkTrainer(spec, options).fit(fromCsv).model());
        double[] b = SparkFixtures.flat(new SparkTrainer(spec, options).fit(fromParquet).model());
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
    }
}
