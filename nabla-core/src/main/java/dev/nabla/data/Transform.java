package dev.nabla.data;

import dev.nabla.config.Registry;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An input transform before it has seen data: its kind and settings only. {@link #fit} learns the
 * statistics it needs from the <em>training</em> features and returns a {@link FittedTransform}, which is
 * then applied unchanged to training, validation, test and production inputs, and saved with the model.
 * Fitting on anything but the training set would let the test set leak into the model (its mean, its
 * range), and the reported test score would be optimistic.
 *
 * <pre>{@code
 * Splits.Split s = Splits.trainTest(Bundled.iris(), 0.2, 42, true);
 * FittedTransform scale = new Standardize().fit(s.train().features());
 * Tensor xTrain = scale.apply(s.train().features()), xTest = scale.apply(s.test().features());
 * Map<String, Object> saved = scale.config();           // JSON-friendly, kept beside the weights
 * FittedTransform again = FittedTransform.fromConfig(saved);
 * }</pre>
 *
 * <p>Open: a transform of one's own implements {@link #fit} (returning its {@link FittedTransform}), and
 * registers both forms to be named in specs and saved with models.
 *
 * <p>Statistics are per feature position: features {@code [N, ...]} are reduced over axis 0 only, so an
 * image set {@code [N, 28, 28]} gets 784 means, one per pixel.
 */
public interface Transform {
    /** The transforms a spec can name, by {@code "kind"} ({@code {"kind": "rescale", "scale": 0.0039}}). */
    Registry<Transform> REGISTRY = Transforms.settings();

    /** Learns this transform's statistics from training features {@code [N, ...]} (N >= 1, finite values). */
    FittedTransform fit(Tensor trainingFeatures);

    /** Fits on the training set's features. */
    default FittedTransform fit(Dataset training) {
        return fit(training.features());
    }

    /** Steps applied in order; each is fitted on the output of the steps before it. */
    static Transform pipeline(Transform... steps) {
        return new Pipeline(List.of(steps));
    }

    /**
     * Transforms applied one after the other, e.g. {@code Rescale(1/255)} then {@code Standardize}. Fitting
     * fits step k on the training features as steps 0..k-1 leave them, which is what applying the chain
     * later will feed it.
     */
    record Pipeline(List<Transform> steps) implements Transform {
        public Pipeline {
            steps = List.copyOf(steps);
            if (steps.isEmpty()) {
                throw new IllegalArgumentException("Transform.Pipeline: needs at least one step");
            }
        }

        @Override
        public FittedTransform fit(Tensor trainingFeatures) {
            Objects.requireNonNull(trainingFeatures, "trainingFeatures");
            List<FittedTransform> fitted = new ArrayList<>(steps.size());
            Tensor x = trainingFeatures;
            for (int i = 0; i < steps.size(); i++) {
                FittedTransform f = steps.get(i).fit(x);
                fitted.add(f);
                if (i < steps.size() - 1) {
                    x = f.apply(x);
                }
            }
            return FittedTransform.chain(fitted);
        }
    }
}
