package dev.nabla.spec;

import dev.nabla.data.FittedTransform;
import dev.nabla.io.ModelFile;
import dev.nabla.nn.Layer;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a run produced: the trained model (in eval mode), its history, the transforms fitted on the
 * training part, the data splits as read, and the test metrics.
 *
 * @param testMetrics loss and metrics on the test part ({@code loss}, {@code accuracy}, ...) in that order,
 *     empty when the data has no test part
 * @param classNames the label of each class index (empty for regression or unnamed classes)
 * @param stopped whether training ended early on a stop request (Ctrl-C), not by finishing or early stopping
 */
public record ExperimentResult(ExperimentSpec spec, Layer model, History history, List<FittedTransform> transforms,
                               DataSplits splits, Map<String, Double> testMetrics, List<String> classNames, long seed,
                               boolean stopped) {
    public ExperimentResult {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(splits, "splits");
        transforms = List.copyOf(transforms);
        // in the order given (loss, then the spec's metrics): Map.copyOf would shuffle it from run to run
        testMetrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(testMetrics));
        classNames = List.copyOf(classNames);
    }

    /** The model with its transforms and class names, as {@link TrainedModel#load} will give it back. */
    public TrainedModel trained() {
        return new TrainedModel(model, transforms, classNames, spec, seed, splits.train().featureNames());
    }

    /** The model's outputs for raw features (transforms applied first). */
    public Tensor predict(Tensor rawFeatures) {
        return trained().predict(rawFeatures);
    }

    /**
     * Writes the model file (atomically; missing parent directories are created), its metadata holding
     * the fitted transforms ({@value TrainedModel#TRANSFORMS_KEY}), the class names
     * ({@value TrainedModel#CLASSES_KEY}), the feature names ({@value TrainedModel#FEATURES_KEY}), the spec's
     * text and directory ({@value TrainedModel#SPEC_KEY}, {@value TrainedModel#SPEC_DIR_KEY}) and the seed
     * ({@value TrainedModel#SEED_KEY}).
     */
    public void save(Path modelFile) throws IOException {
        Path parent = modelFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(TrainedModel.TRANSFORMS_KEY, SpecJson.write(transforms.stream().map(FittedTransform::config).toList()));
        meta.put(TrainedModel.CLASSES_KEY, SpecJson.write(classNames));
        meta.put(TrainedModel.FEATURES_KEY, SpecJson.write(splits.train().featureNames()));
        meta.put(TrainedModel.SPEC_KEY, spec.text());
        meta.put(TrainedModel.SPEC_DIR_KEY, spec.baseDir().toAbsolutePath().toString());
        meta.put(TrainedModel.SEED_KEY, Long.toString(seed));
        ModelFile.save(modelFile, model, meta);
    }
}
