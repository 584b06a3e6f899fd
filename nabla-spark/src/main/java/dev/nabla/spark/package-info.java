/**
 * Data-parallel training of Nabla models on Apache Spark, with the single-machine result.
 *
 * <p>{@link dev.nabla.spark.SparkTrainer} runs one barrier stage: each task holds a replica of the spec's
 * model and the samples whose index is its rank modulo the task count; for every global batch it computes
 * its share of the gradient, an AllReduce between the tasks (reduce-scatter then all-gather over TCP
 * between the tasks, {@code PeerExchange}) sums the shares in a fixed order, and every replica takes the same
 * optimizer step. Checkpoints go to any Hadoop file system in core's format; a failed task fails the
 * stage, which Spark retries as a whole from the newest checkpoint.
 *
 * <pre>{@code
 * SparkSession spark = SparkSessions.open("local[2]", "blobs");
 * Dataset<Row> df = spark.read().option("header", true).option("inferSchema", true).csv("data/");
 * SparkResult r = SparkTrainer.of(Path.of("spec.json"), SparkOptions.of("label", 2)).fit(df);
 * r.model();    // the trained model, on the driver
 * }</pre>
 */
package dev.nabla.spark;
