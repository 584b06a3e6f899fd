package dev.nabla.spark;

import dev.nabla.spec.ExperimentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.reflect.ClassTag$;

/**
 * Trains an experiment spec's model on a Spark data frame by synchronous data-parallel mini-batch SGD:
 * the same global batches, the same summed gradient and one optimizer step per batch, so the weights
 * equal a single machine's {@code Trainer.fit} on the same data, seed and spec (to rounding: the sum of
 * the tasks' gradients is added in another order). See docs/design.md, Spark, for how and what it costs.
 *
 * <pre>{@code
 * SparkSession spark = SparkSessions.open("local[2]", "digits");
 * Dataset<Row> data = spark.read().option("header", true).option("inferSchema", true).csv("digits.csv");
 * SparkResult r = SparkTrainer.of(Path.of("spec.json"), SparkOptions.of("label", 2)).fit(data);
 * }</pre>
 *
 * <p>What the spec's data section says about the source is not used (Spark reads the data); its
 * transforms are fitted on the whole data frame in one distributed pass ({@link TransformFitter}).
 */
public final class SparkTrainer {
    private final String specText;
    private final SparkOptions options;
    private final ExperimentSpec spec;

    public SparkTrainer(String specText, SparkOptions options) {
        this(specText, options, Path.of("."));
    }

    private SparkTrainer(String specText, SparkOptions options, Path baseDir) {
        this.specText = java.util.Objects.requireNonNull(specText, "specText");
        this.options = java.util.Objects.requireNonNull(options, "options");
        this.spec = ExperimentSpec.parse(specText, baseDir, "spark");
    }

    public ExperimentSpec spec() {
        return spec;
    }

    /** The trainer of a spec file; relative paths in it resolve against its directory. */
    public static SparkTrainer of(Path specFile, SparkOptions options) throws IOException {
        return new SparkTrainer(Files.readString(specFile), options, specFile.toAbsolutePath().getParent());
    }

    public SparkResult fit(Dataset<Row> data) {
        List<String> features = RowReader.featureColumns(data, options);
        Replica driver = new Replica(specText, features.size(), options.dtype(), 1);
        check(driver);
        checkSlots(data.sparkSession().sparkContext());
        String transform = TransformFitter.fit(spec.data().transforms(), data, features);
        JavaRDD<Example> shards = RowReader.of(features, options.label(), driver.classification).read(data)
                .partitionBy(new ModPartitioner(options.partitions())).values()
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long n = surfaced(shards::count);
            if (n == 0) {
                throw new SparkTrainingException("spark: the data has no rows");
            }
            if (n > Integer.MAX_VALUE) {
                throw new SparkTrainingException("spark: the data has " + n + " rows, over the limit of " + Integer.MAX_VALUE);
            }
            ReplicaTask task = new ReplicaTask(specText, options, (int) n, features.size(), 1, transform);
            if (options.checkpointDir() != null) {
                claimCheckpoints(runKey(n, features, transform));
            }
            long t0 = System.nanoTime();
            // The shuffle after the barrier stage makes it a shuffle-map stage: Spark re-runs a failed one as a
            // whole, whereas a failed barrier result stage aborts the job (its output may have been committed).
            List<TaskResult> results = surfaced(() -> shards.rdd().barrier()
                    .mapPartitions(new BarrierBody(task), false, ClassTag$.MODULE$.apply(TaskResult.class))
                    .toJavaRDD().repartition(1).collect());
            double seconds = (System.nanoTime() - t0) * 1e-9;
            TaskResult first = results.stream().filter(r -> r.rank() == 0).findFirst().orElseThrow();
            driver.setParameters(first.parameters());
            driver.model.eval();
            return new SparkResult(driver.model, first.history(), stats(first, n, seconds),
                    transform == null ? null : TransformFitter.read(transform), spec, features, driver.classification);
        } finally {
            shards.unpersist(false);
        }
    }

    private void check(Replica driver) {
        String unused = spec.data().testSplit() > 0 ? "data.test_split"
                : spec.data().validationSplit() > 0 ? "data.validation_split"
                : !spec.data().augment().isEmpty() ? "data.augment"
                : !spec.data().tta().isNone() ? "data.tta"
                : !spec.callbacks().isEmpty() ? "callbacks" : null;
        if (unused != null) {
            throw new SparkTrainingException("spark: the spec's " + unused + " is not applied on Spark (it trains on every "
                    + "row it is given, with no callbacks); remove it: split the data with Spark first and "
                    + "evaluate the saved model with nabla eval");
        }
        int batch = spec.training().batchSize();
        if (batch < options.partitions()) {
            throw new SparkTrainingException("spark: training.batch_size is " + batch + " but the data is split into "
                    + options.partitions() + " partitions, one per task: every task needs a share of each global batch; "
                    + "use a batch_size of at least " + options.partitions() + " or fewer partitions (--partitions)");
        }
        String why = driver.notDistributable();
        if (why != null && options.averageEvery() == 0) {
            throw new SparkTrainingException("spark: the spec's model cannot train synchronously with the single-machine "
                    + "result: " + why + "; remove that layer, or train with local SGD (--average-every K), which does "
                    + "not give the single-machine result");
        }
        if (options.averageEvery() > 0 && options.checkpointDir() != null) {
            throw new SparkTrainingException("spark: checkpoints are for synchronous training (each local-SGD replica "
                    + "has its own optimizer state); leave out --average-every or the checkpoint directory");
        }
    }

    /**
     * A barrier stage starts all its tasks at once; Spark would retry one that cannot for ten minutes
     * before failing. Known up front in local mode only (a cluster's executors may still be coming).
     */
    private void checkSlots(org.apache.spark.SparkContext sc) {
        if (sc.isLocal() && options.partitions() > sc.defaultParallelism()) {
            throw new SparkTrainingException("spark: " + options.partitions() + " partitions (--partitions) but the master "
                    + sc.master() + " runs " + sc.defaultParallelism() + " tasks at a time; training starts all its tasks "
                    + "together: use at most " + sc.defaultParallelism() + " partitions or a master with more cores");
        }
    }

    private SparkResult.Stats stats(TaskResult r, long n, double seconds) {
        int epochs = spec.training().epochs();
        int batch = spec.training().batchSize();
        long steps = r.stepsRun();
        long perStep = steps == 0 ? 0 : r.bytesSent() / steps;
        long stepsPerEpoch = (n + batch - 1) / batch;
        double processed = n * (double) epochs * steps / (stepsPerEpoch * epochs); // a resumed run did only part
        return new SparkResult.Stats(options.partitions(), n, steps, seconds, processed / seconds,
                r.computeNanos() * 1e-9, r.allReduceNanos() * 1e-9, perStep, r.resumedFromStep(), r.stageAttempt());
    }

    private void claimCheckpoints(String key) {
        try {
            new CheckpointStore(options.checkpointDir()).claim(key);
        } catch (IOException e) {
            throw new SparkTrainingException("spark: the checkpoint folder " + options.checkpointDir() + ": " + e.getMessage(), e);
        }
    }

    /** What makes a run: a checkpoint folder holds the checkpoints of one such run only. */
    private String runKey(long n, List<String> features, String transform) {
        SparkOptions o = options.hook(null);
        return String.join("\n", specText, o.toString(), Long.toString(n), features.toString(), String.valueOf(transform));
    }

    /** Runs a Spark action; a task's own error comes out with its message, not inside Spark's stage dump. */
    private static <T> T surfaced(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (Exception e) { // SparkException is checked in Java's eyes, though Scala declares nothing
            SparkTrainingException own = SparkTrainingException.in(e);
            if (own != null) {
                throw new SparkTrainingException(own.getMessage(), e);
            }
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new SparkTrainingException("spark: the training job failed: " + root, e);
        }
    }
}
