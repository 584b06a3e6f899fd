package dev.nabla.spark;

import dev.nabla.data.FittedTransform;
import dev.nabla.io.Json;
import dev.nabla.io.ModelFile;
import dev.nabla.nn.Layer;
import dev.nabla.spec.ExperimentSpec;
import dev.nabla.spec.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished Spark run: the trained model (on the driver, in the spec's architecture), the mean training
 * loss of each epoch, where the time went, and the spec's transforms as fitted on the data (null: none),
 * which the model's inputs must go through.
 */
public record SparkResult(Layer model, List<Double> history, Stats stats, FittedTransform transform,
                          ExperimentSpec spec, List<String> features, boolean classification) {

    /**
     * Writes the model file as {@code nabla train} does (core's format and metadata: the fitted transforms,
     * the feature names, the spec and seed), so {@code nabla predict} and {@code nabla eval} read it.
     */
    public void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        List<Object> transforms = transform == null ? List.of() : List.of(transform.config());
        List<String> classes = null;
        if (classification) {
            classes = java.util.stream.IntStream.range(0, model.outputShape().dim(0)).mapToObj(String::valueOf).toList();
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(TrainedModel.TRANSFORMS_KEY, Json.write(transforms));
        meta.put(TrainedModel.CLASSES_KEY, Json.write(classes));
        meta.put(TrainedModel.FEATURES_KEY, Json.write(features));
        meta.put(TrainedModel.SPEC_KEY, spec.text());
        meta.put(TrainedModel.SPEC_DIR_KEY, spec.baseDir().toAbsolutePath().toString());
        meta.put(TrainedModel.SEED_KEY, Long.toString(spec.seed()));
        ModelFile.save(file, model, meta);
    }

    /** The history as CSV: epoch, loss. */
    public String historyCsv() {
        StringBuilder sb = new StringBuilder("epoch,loss\n");
        for (int i = 0; i < history.size(); i++) {
            sb.append(i + 1).append(',').append(history.get(i)).append('\n');
        }
        return sb.toString();
    }

    /**
     * @param partitions tasks (replicas) that trained
     * @param samples training samples in the data
     * @param steps optimizer steps taken by the last attempt of task 0
     * @param seconds wall time of the barrier stage (all attempts), as the driver saw it
     * @param samplesPerSecond samples trained on per second of the training job (the steps this attempt ran)
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
