package dev.nabla.cli;

import dev.nabla.io.AtomicFiles;
import dev.nabla.spark.SparkOptions;
import dev.nabla.spark.SparkResult;
import dev.nabla.spark.SparkSessions;
import dev.nabla.spark.SparkTrainer;
import dev.nabla.spec.ExperimentSpec;
import dev.nabla.spec.SourceSpec;
import dev.nabla.tensor.DType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code nabla train SPEC --spark MASTER}: reads the data with Spark, trains with nabla-spark's
 * {@link SparkTrainer}, writes the model file (the format {@code nabla predict} reads) and the history.
 * Loaded only with --spark, so the rest of the CLI runs without Spark's jars.
 */
final class SparkTrain {
    private SparkTrain() {
    }

    static int run(Path specFile, SparkTrainOptions o, Path outDir, boolean quiet, PrintWriter err) throws IOException {
        preferSparkLogging();
        SparkTrainer probe = SparkTrainer.of(specFile, SparkOptions.of("label", 1));
        ExperimentSpec spec = probe.spec();
        SourceSpec.Csv csv = spec.data().source() instanceof SourceSpec.Csv c ? c : null;
        String uri = o.dataUri(csv == null ? null : csv.path());
        if (uri == null) {
            throw new IllegalArgumentException("--spark reads the data with Spark: the spec's data.source must be csv, "
                    + "or give --spark-data URI (CSV or Parquet)");
        }
        String label = o.label != null ? o.label : csv != null && o.data == null ? csv.label() : null;
        if (label == null) {
            throw new IllegalArgumentException("--spark: name the label column with --label COLUMN (the spec's csv "
                    + "source names none, or --spark-data reads other data)");
        }
        SparkSession spark = SparkSessions.open(o.master, "nabla " + spec.name());
        try {
            int partitions = o.partitions != null ? o.partitions : spark.sparkContext().defaultParallelism();
            SparkOptions options = SparkOptions.of(label, partitions).dtype(o.float64 ? DType.FLOAT64 : DType.FLOAT32);
            if (o.averageEvery != null) {
                options = options.localSgd(o.averageEvery);
            }
            if (o.checkpoints != null) {
                options = options.checkpoints(o.checkpoints, o.checkpointSteps);
            }
            Dataset<Row> data = uri.endsWith(".parquet") ? spark.read().parquet(uri)
                    : spark.read().option("header", true).option("inferSchema", true).csv(uri);
            SparkResult r = SparkTrainer.of(specFile, options).fit(data);
            Path out = outDir != null ? outDir : spec.output().dir();
            Files.createDirectories(out);
            r.save(out.resolve("model.safetensors"));
            AtomicFiles.write(out.resolve("history.csv"), w -> w.write(r.historyCsv().getBytes(StandardCharsets.UTF_8)));
            if (!quiet) {
                report(r, out, err);
            }
            return 0;
        } finally {
            spark.stop();
        }
    }

    /**
     * Spark's jars bring jul-to-slf4j, whose bridge Spark installs, and the CLI's class path brings SLF4J's
     * java.util.logging provider (for the playground's server): together they pass every record between the two
     * until the stack overflows. Naming Spark's own log4j provider, before anything starts SLF4J, breaks the loop.
     */
    private static void preferSparkLogging() {
        String log4j = "org.apache.logging.slf4j.SLF4JServiceProvider";
        if (System.getProperty("slf4j.provider") != null) {
            return;
        }
        try {
            Class.forName(log4j, false, SparkTrain.class.getClassLoader());
            System.setProperty("slf4j.provider", log4j);
        } catch (ClassNotFoundException absent) {
            // Not Spark's usual jars (they always hold log4j's provider): SLF4J's own choice stands.
        }
    }

    private static void report(SparkResult r, Path out, PrintWriter err) {
        SparkResult.Stats s = r.stats();
        for (int e = 0; e < r.history().size(); e++) {
            err.printf(Locale.ROOT, "epoch %d: loss %.5f%n", e + 1, r.history().get(e));
        }
        err.printf(Locale.ROOT, "spark: %d tasks, %d samples, %d steps in %.1f s (%.0f samples/s), allreduce %.2f s, "
                        + "%d bytes sent per step by each task%s%n", s.partitions(), s.samples(), s.steps(), s.seconds(),
                s.samplesPerSecond(), s.allReduceSeconds(), s.bytesSentPerStep(),
                s.resumedFromStep() > 0 ? ", resumed from step " + s.resumedFromStep() : "");
        err.println("saved " + out.resolve("model.safetensors") + " and " + out.resolve("history.csv"));
        err.flush();
    }
}
