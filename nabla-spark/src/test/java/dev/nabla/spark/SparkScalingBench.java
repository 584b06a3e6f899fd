package dev.nabla.spark;

import dev.nabla.tensor.DType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scaling table of the README (not a test: it asserts nothing and runs only when asked):
 * {@code ./mvnw -B -q -pl nabla-spark -am test -Dtest=SparkScalingBench -Dnabla.spark.scaling=true
 * -Dsurefire.failIfNoSpecifiedTests=false}. Trains one MLP on the same data on local[1] (one task),
 * local[2] and a standalone cluster of two one-core workers, and prints samples/s and the AllReduce's time.
 */
@EnabledIfSystemProperty(named = "nabla.spark.scaling", matches = "true")
class SparkScalingBench {
    @TempDir
    Path tmp;

    private static final String SPEC = """
        {"seed": 1, "data": {"source": "synthetic", "name": "sine", "samples": 10},
         "model": {"type": "Sequential", "layers": [
            {"type": "Dense", "units": 512, "activation": "relu"}, {"type": "Dense", "units": 512, "activation": "relu"},
            {"type": "Dense", "units": 3}]},
         "loss": {"name": "cross_entropy"}, "optimizer": {"name": "adam", "lr": 0.001},
         "training": {"epochs": %d, "batch_size": 256}}
        """;

    @Test
    void scalingTable() throws Exception {
        Path csv = SparkFixtures.blobs(16384, 5).writeCsv(tmp.resolve("csv"), 4);
        int epochs = Integer.getInteger("nabla.spark.epochs", 2);
        List<String> rows = new ArrayList<>();
        for (int rep = 0; rep < Integer.getInteger("nabla.spark.repeats", 2); rep++) {
            rows.add(run("local[1]", 1, csv, epochs, Map.of()));
            rows.add(run("local[2]", 2, csv, epochs, Map.of()));
            try (StandaloneCluster cluster = new StandaloneCluster(tmp.resolve("cluster" + rep), 2)) {
                rows.add(run(cluster.master, 2, csv, epochs, cluster.driverConf()));
            }
        }
        System.out.println("| cluster | tasks | parameters | samples/s (job) | samples/s (training loop) | AllReduce s | compute s | bytes sent per step per task |");
        rows.forEach(System.out::println);
    }

    private String run(String master, int tasks, Path csv, int epochs, Map<String, String> conf) throws Exception {
        SparkFixtures.stopLocal();
        SparkSession spark = SparkSessions.open(master, "nabla-scaling", conf);
        try {
            Dataset<Row> df = spark.read().option("header", true).option("inferSchema", true).csv(csv.toString()).cache();
            df.count();
            new SparkTrainer(SPEC.formatted(1), SparkOptions.of("label", tasks)).fit(df); // warm-up: JIT, executors
            SparkResult r = new SparkTrainer(SPEC.formatted(epochs), SparkOptions.of("label", tasks).dtype(DType.FLOAT32)).fit(df);
            SparkResult.Stats s = r.stats();
            double loop = s.computeSeconds() + s.allReduceSeconds();
            return String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.0f | %.2f | %.2f | %d |",
                    master.startsWith("spark://") ? "standalone, 2 workers" : master, tasks, r.model().parameterCount(),
                    s.samplesPerSecond(), s.samples() * (double) epochs / loop, s.allReduceSeconds(), s.computeSeconds(),
                    s.bytesSentPerStep());
        } finally {
            spark.stop();
        }
    }
}
