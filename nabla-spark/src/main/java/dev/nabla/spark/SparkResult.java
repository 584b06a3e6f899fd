package dev.nabla.spark;

import dev.nabla.data.FittedTransform;
import dev.nabla.nn.Layer;
import java.util.List;

/**
 * A finished Spark run: the trained model (on the driver, in the spec's architecture), the mean training
 * loss of each epoch, where the time went, and the spec's transforms as fitted on the data (null: none),
 * which the model's inputs must go through.
 */
public record SparkResult(Layer model, List<Double> history, Stats stats, FittedTransform transform) {

    /**
     * @param partitions tasks (replicas) that trained
     * @param samples training samples in the data
     * @param steps optimizer steps taken by the last attempt of task 0
     * @param seconds wall time of the barrier stage (all attempts), as the driver saw it
     * @param samplesPerSecond samples processed per second of the training job (steps × batch / seconds)
     * @param computeSeconds task 0's time in forward, backward and the optimizer (last attempt)
     * @param allReduceSeconds task 0's time in the AllReduce (last attempt)
     * @param bytesSentPerStep what task 0 sent per AllReduce
     * @param resumedFromStep the global step the last attempt started from (0: it started from scratch)
     * @param stageAttempt the barrier stage attempt that finished (0: no retry)
     */
    public record Stats(int partitions, long samples, long steps, double seconds, double samplesPerSecond,
                        double computeSeconds, double allReduceSeconds, long bytesSentPerStep, long resumedFromStep,
                        int stageAttempt) {
    }
}
