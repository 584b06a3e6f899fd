package dev.nabla.spark;

import dev.nabla.tensor.DType;
import java.io.Serializable;
import java.util.List;

/**
 * How a {@link SparkTrainer} reads and spreads the data and what it keeps. The training itself (model,
 * loss, optimizer, schedule, epochs, global batch size, shuffling, seed) comes from the experiment spec.
 *
 * @param label the label column (class index for cross_entropy/nll, a number otherwise)
 * @param features the feature columns, in order; null: every column but the label
 * @param partitions how many tasks train (one shard, one replica, one AllReduce slice each); at most the
 *     cluster's task slots, since a barrier stage starts all its tasks together
 * @param dtype float32 (the spec's default) or float64
 * @param checkpointDir a Hadoop file-system URI (file:, hdfs:, s3a:) for checkpoints, or null for none
 * @param checkpointEvery save every this many steps (and at the end); ignored without a directory
 * @param averageEvery 0: synchronous SGD (the single-machine result); K &gt; 0: local SGD, each replica
 *     steps on its own shard and the parameters are averaged every K steps (not the single-machine result)
 * @param hook called in every task mid-step; null for none (tests use it to kill a task)
 */
public record SparkOptions(String label, List<String> features, int partitions, DType dtype, String checkpointDir,
                           int checkpointEvery, int averageEvery, StepHook hook) implements Serializable {
    public SparkOptions {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("spark: the label column must be named, got " + label);
        }
        features = features == null ? null : List.copyOf(features);
        if (partitions < 1) {
            throw new IllegalArgumentException("spark: partitions must be >= 1, got " + partitions);
        }
        if (dtype != DType.FLOAT32 && dtype != DType.FLOAT64) {
            throw new IllegalArgumentException("spark: dtype must be float32 or float64, got " + dtype);
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("spark: checkpointEvery must be >= 1 step, got " + checkpointEvery);
        }
        if (averageEvery < 0) {
            throw new IllegalArgumentException("spark: averageEvery must be 0 (synchronous) or >= 1 step, got " + averageEvery);
        }
    }

    /** Synchronous training on {@code partitions} tasks, float32, all columns but {@code label} as features. */
    public static SparkOptions of(String label, int partitions) {
        return new SparkOptions(label, null, partitions, DType.FLOAT32, null, 1000, 0, null);
    }

    public SparkOptions features(List<String> f) {
        return new SparkOptions(label, f, partitions, dtype, checkpointDir, checkpointEvery, averageEvery, hook);
    }

    public SparkOptions dtype(DType d) {
        return new SparkOptions(label, features, partitions, d, checkpointDir, checkpointEvery, averageEvery, hook);
    }

    public SparkOptions checkpoints(String dir, int every) {
        return new SparkOptions(label, features, partitions, dtype, dir, every, averageEvery, hook);
    }

    public SparkOptions localSgd(int k) {
        return new SparkOptions(label, features, partitions, dtype, checkpointDir, checkpointEvery, k, hook);
    }

    public SparkOptions hook(StepHook h) {
        return new SparkOptions(label, features, partitions, dtype, checkpointDir, checkpointEvery, averageEvery, h);
    }

    /**
     * Code run in every task in the middle of each step, after its gradient and before the exchange:
     * (rank, global step from 0, stage attempt from 0). Must be serializable. For fault drills and tests.
     */
    @FunctionalInterface
    public interface StepHook extends Serializable {
        void midStep(int rank, long step, int stageAttempt);
    }
}
