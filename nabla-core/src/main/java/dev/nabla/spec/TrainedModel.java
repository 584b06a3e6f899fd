package dev.nabla.spec;

import dev.nabla.autograd.NoGrad;
import dev.nabla.data.FittedTransform;
import dev.nabla.io.ModelFile;
import dev.nabla.io.ModelFileException;
import dev.nabla.loss.BinaryCrossEntropyWithLogits;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.StepArena;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.TestTimeAugmentation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained model with what it needs to take raw inputs: the fitted transforms and the class names, as
 * {@link ExperimentResult#save} stores them beside the weights. {@code nabla eval} and {@code nabla
 * predict} load one and feed it the data as read from disk, so preprocessing can never differ between
 * training and use: both go through {@link #features}.
 *
 * <pre>{@code
 * TrainedModel m = TrainedModel.load(Path.of("runs/digits/model.safetensors"));
 * int[] classes = m.predictClasses(rawFeatures);     // transforms applied inside
 * String first = m.classNames().get(classes[0]);
 * }</pre>
 *
 * @param model the network, in eval mode
 * @param transforms applied to raw features in order (empty for a plain model file)
 * @param classNames the label of each class index (empty for regression or when unnamed)
 * @param spec the experiment spec it was trained from, or null for a plain model file
 * @param seed the experiment's seed (the build seed for a plain model file, else 0)
 * @param featureNames the name of each input feature, in input order, as the training data named them (a CSV
 *     header, a bundled set's names); empty when unnamed, for a plain model file, or one saved before names were
 */
public record TrainedModel(Layer model, List<FittedTransform> transforms, List<String> classNames, ExperimentSpec spec,
                           long seed, List<String> featureNames) {
    /** Metadata key: the fitted transforms, a JSON array of their {@code config()} maps. */
    public static final String TRANSFORMS_KEY = "nabla.transforms";
    /** Metadata key: the class names, a JSON array of strings. */
    public static final String CLASSES_KEY = "nabla.classes";
    /** Metadata key: the experiment spec's text. */
    public static final String SPEC_KEY = "nabla.spec";
    /** Metadata key: the directory the spec's relative data paths resolve against. */
    public static final String SPEC_DIR_KEY = "nabla.spec_dir";
    /** Metadata key: the experiment's seed, in decimal. */
    public static final String SEED_KEY = "nabla.seed";
    /** Metadata key: the feature names, a JSON array of strings (what a CSV given to the model is matched by). */
    public static final String FEATURES_KEY = "nabla.features";

    /** Rows per forward pass in {@link #predict}, at most: bounds memory, and results do not depend on it. */
    private static final int PREDICT_BATCH = 1024;
    /**
     * Input values per forward pass in {@link #predict}, at most: 167 Fashion-MNIST images, whose
     * intermediate tensors in the batch-norm CNN (about 0.9 MB an image) stay within what a step arena
     * keeps for the next batch; 1,024 images made 900 MB a batch, which no arena kept.
     */
    private static final int PREDICT_VALUES = 1 << 17;

    public TrainedModel {
        Objects.requireNonNull(model, "model");
        transforms = List.copyOf(transforms);
        classNames = List.copyOf(classNames);
        featureNames = List.copyOf(featureNames);
    }

    /**
     * Loads a model file. A file written by {@link ExperimentResult#save} brings its transforms, class
     * names and spec; any other Nabla model file loads with none (inputs are then used as given).
     */
    public static TrainedModel load(Path file) throws IOException {
        Layer model = ModelFile.load(file);
        model.eval();
        Map<String, String> meta = ModelFile.readMetadata(file);
        try {
            List<FittedTransform> transforms = new ArrayList<>();
            if (meta.containsKey(TRANSFORMS_KEY)) {
                for (Object config : (List<?>) SpecJson.parse(meta.get(TRANSFORMS_KEY))) {
                    @SuppressWarnings("unchecked")
                    Map<String, ?> map = (Map<String, ?>) config;
                    transforms.add(FittedTransform.fromConfig(map));
                }
            }
            List<String> classes = strings(meta.get(CLASSES_KEY));
            List<String> features = strings(meta.get(FEATURES_KEY));
            ExperimentSpec spec = meta.containsKey(SPEC_KEY) ? ExperimentSpec.parse(meta.get(SPEC_KEY),
                    Path.of(meta.getOrDefault(SPEC_DIR_KEY, ".")), "model") : null;
            String seed = meta.getOrDefault(SEED_KEY, meta.getOrDefault("seed", "0"));
            return new TrainedModel(model, transforms, classes, spec, Long.parseLong(seed), features);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new ModelFileException(file, "the experiment metadata (" + TRANSFORMS_KEY + ", " + CLASSES_KEY + ", "
                    + FEATURES_KEY + ", " + SPEC_KEY + ", " + SEED_KEY + ") is damaged: " + e.getMessage(), e);
        }
    }

    /** A JSON array of strings from the metadata; empty when the key is absent. */
    private static List<String> strings(String json) {
        List<String> out = new ArrayList<>();
        if (json != null) {
            for (Object name : (List<?>) SpecJson.parse(json)) {
                out.add((String) java.util.Objects.requireNonNull(name, "a name is null"));
            }
        }
        return out;
    }

    /**
     * How many features one sample has, as the input takes them ({@code [F]}): from the names when there
     * are some, else from the network's input shape; -1 for an input that is not a row of features (an image).
     */
    public int featureCount() {
        if (!featureNames.isEmpty()) {
            return featureNames.size();
        }
        return model.inputShape().rank() == 1 ? model.inputShape().dim(0) : -1;
    }

    /**
     * Raw features as the network sees them: the transforms applied in order, in the model's dtype, each
     * sample viewed in the model's input shape when it holds as many values (CSV rows for an image model).
     */
    public Tensor features(Tensor rawFeatures) {
        Tensor x = preprocess(transforms, rawFeatures, dtype(model));
        Shape input = model.inputShape();
        if (input != null && x.rank() >= 1 && x.size() == x.dim(0) * (long) input.size()
                && !Shape.of(java.util.Arrays.copyOfRange(x.shape().dims(), 1, x.rank())).equals(input)) {
            return PreparedData.view(x, input);
        }
        return x;
    }

    /**
     * The model's outputs for raw features {@code [N, ...]}, in eval mode and without recording; for a spec
     * with {@code "tta"} views, the log of the mean class probability over each image and its views
     * ({@link #testTime()}).
     */
    public Tensor predict(Tensor rawFeatures) {
        return predict(rawFeatures, testTime());
    }

    /** The test-time augmentation the spec names ({@code "tta"} in its data section); none for a plain model file. */
    public TestTimeAugmentation testTime() {
        return spec == null ? TestTimeAugmentation.NONE : spec.data().tta();
    }

    /**
     * The test-time views a model file's metadata names (its spec's {@code "tta"}), read without loading the
     * weights: none without a spec, or with one that no longer parses (for {@code nabla info} and
     * {@code export}, which describe a file rather than predict with it).
     */
    public static TestTimeAugmentation testTime(Map<String, String> metadata) {
        String text = metadata.get(SPEC_KEY);
        if (text == null) {
            return TestTimeAugmentation.NONE;
        }
        try {
            return ExperimentSpec.parse(text, Path.of(metadata.getOrDefault(SPEC_DIR_KEY, ".")), "model").data().tta();
        } catch (RuntimeException e) {
            return TestTimeAugmentation.NONE;
        }
    }

    /** As {@link #predict(Tensor)}, with the test-time augmentation {@code tta} instead of the spec's. */
    public Tensor predict(Tensor rawFeatures, TestTimeAugmentation tta) {
        Objects.requireNonNull(tta, "tta");
        Tensor x = features(rawFeatures);
        boolean wasTraining = model.isTraining();
        model.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            int n = x.dim(0);
            int perSample = Math.max(1, x.size() / Math.max(1, n));
            // each view is a forward pass whose intermediates the batch's scope holds: the bound is for them all
            int rows = Math.max(1, Math.min(PREDICT_BATCH, PREDICT_VALUES / perSample / (tta.views().size() + 1)));
            Tensor[] parts = new Tensor[Math.max(1, (n + rows - 1) / rows)];
            // as Predictor: from the second batch on, the forward's intermediate tensors take the arrays of
            // the batch before (fresh, the batch-norm CNN's went to the old generation, and predicting its
            // test set for the confusion matrix spent 10 s in the collector); the outputs are kept
            StepArena arena = new StepArena();
            for (int i = 0; i < parts.length; i++) {
                Tensor xb = x.slice(0, i * rows, Math.min(n, (i + 1) * rows));
                try (StepArena.Scope batch = i == 0 ? null : arena.open()) {
                    parts[i] = tta.apply(model::forward, xb);
                    arena.keep(parts[i]);
                }
            }
            return parts.length == 1 ? parts[0] : Tensor.concat(0, parts);
        } finally {
            if (wasTraining) {
                model.train();
            }
        }
    }

    /**
     * The predicted class of each sample: the argmax of {@code [N, C]} scores, or for one output column the
     * outputs above the decision threshold (0 for a model trained with {@code bce_with_logits}, whose
     * outputs are logits; 0.5 otherwise, for probabilities).
     */
    public int[] predictClasses(Tensor rawFeatures) {
        return classesOf(predict(rawFeatures));
    }

    /** The classes that {@link #predict}'s outputs stand for (see {@link #predictClasses}). */
    public int[] classesOf(Tensor out) {
        if (out.rank() == 2 && out.dim(1) >= 2) {
            return out.argmax(1).toIntArray();
        }
        if (out.rank() == 1 || out.rank() == 2 && out.dim(1) == 1) {
            double threshold = spec != null && spec.loss() instanceof BinaryCrossEntropyWithLogits ? 0 : 0.5;
            double[] v = out.toDoubleArray();
            int[] classes = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                classes[i] = v[i] > threshold ? 1 : 0;
            }
            return classes;
        }
        throw new IllegalStateException("predictClasses: expected scores [N, C] or one column [N, 1], the model gives "
                + out.shape());
    }

    /** True for a model trained as a classifier: named classes, or a classification loss in its spec. */
    public boolean isClassifier() {
        return !classNames.isEmpty() || spec != null && (spec.loss() instanceof dev.nabla.loss.CrossEntropy
                || spec.loss() instanceof dev.nabla.loss.NLL || spec.loss() instanceof dev.nabla.loss.BinaryCrossEntropy
                || spec.loss() instanceof BinaryCrossEntropyWithLogits);
    }

    /** The transforms, then the dtype the network computes in. */
    static Tensor preprocess(List<FittedTransform> transforms, Tensor raw, DType dtype) {
        Tensor x = raw;
        for (FittedTransform t : transforms) {
            x = t.apply(x);
        }
        return x.dtype() == dtype ? x : x.to(dtype);
    }

    private static DType dtype(Layer model) {
        List<Parameter> params = model.parameters();
        return params.isEmpty() ? DType.FLOAT32 : params.getFirst().value().dtype();
    }
}
