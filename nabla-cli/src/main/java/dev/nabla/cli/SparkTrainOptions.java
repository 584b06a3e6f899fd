package dev.nabla.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of {@code nabla train --spark MASTER}: where the data is and how it is spread. */
public final class SparkTrainOptions {
    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Train on Apache Spark, data-parallel, with the single-machine result: local[N], spark://host:port, "
                    + "yarn, ... Spark's jars must be on the class path (spark-submit, or SPARK_HOME/jars/*).")
    String master;

    @Option(names = "--spark-data", paramLabel = "URI",
            description = "With --spark: the data, read by Spark (a .parquet file or folder, else CSV with a header); "
                    + "default: the spec's CSV file.")
    String data;

    @Option(names = "--label", paramLabel = "COLUMN", description = "With --spark: the label column (default: the spec's csv label).")
    String label;

    @Option(names = "--partitions", paramLabel = "N",
            description = "With --spark: tasks that train, one replica and one data shard each (default: Spark's default parallelism).")
    Integer partitions;

    @Option(names = "--float64", description = "With --spark: train in float64 (default float32).")
    boolean float64;

    @Option(names = "--average-every", paramLabel = "K",
            description = "With --spark: local SGD, each replica steps alone and the weights are averaged every K steps: "
                    + "fewer exchanges, NOT the single-machine result. Default: synchronous.")
    Integer averageEvery;

    @Option(names = "--spark-checkpoints", paramLabel = "URI",
            description = "With --spark: a Hadoop file-system folder (file:, hdfs:, s3a:) for checkpoints; a re-run resumes from the newest.")
    String checkpoints;

    @Option(names = "--checkpoint-steps", paramLabel = "N", defaultValue = "100",
            description = "With --spark-checkpoints: save every N steps. Default: ${DEFAULT-VALUE}.")
    int checkpointSteps;

    boolean on() {
        return master != null;
    }

    /** A --spark-data path as Spark reads it: relative paths against the working directory. */
    String dataUri(Path specCsv) {
        if (data != null) {
            return data;
        }
        return specCsv == null ? null : specCsv.toAbsolutePath().toString();
    }
}
