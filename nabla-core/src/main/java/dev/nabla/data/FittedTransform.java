package dev.nabla.data;

import dev.nabla.config.Registry;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A transform with its statistics learnt from training data (see {@link Transform}): applied to any
 * features of the shape it was fitted on, and described completely by {@link #config()}, so a model file
 * can carry it and {@link #fromConfig} rebuild it bit for bit. Applying records no autograd history: it
 * is preprocessing, done once per data set, not part of the network.
 *
 * <p>The built-ins are records whose components are their fitted state; a registered record of one's own
 * ({@link #REGISTRY}) is saved with a model and read back like them.
 */
public interface FittedTransform {
    /** The fitted transforms a model file can hold, by {@code "kind"}. */
    Registry<FittedTransform> REGISTRY = Transforms.fitted();

    /**
     * The transformed features: same shape; float64 input stays float64, anything else (float32, or int32
     * pixels) comes out float32. Refuses features whose per-sample shape differs from the fitted one.
     */
    Tensor apply(Tensor features);

    /** The data set with its features transformed; targets and names unchanged. */
    default Dataset apply(Dataset data) {
        return new Dataset(apply(data.features()), data.targets(), data.featureNames(), data.classNames());
    }

    /**
     * {@code kind}, the settings and the fitted state, as JSON-friendly values: strings, numbers, lists and
     * maps (one entry per record component). {@code new Gson().toJson(config())} writes it;
     * {@link #fromConfig} reads it back.
     */
    default Map<String, Object> config() {
        return REGISTRY.write(this);
    }

    /**
     * The transform a {@link #config()} map describes, e.g. after a JSON round trip. Numbers may be any
     * {@link Number} (Gson gives Double or Long). An unknown kind or key is refused with the valid ones, so a
     * typo or a file from a newer version is not half-understood.
     */
    static FittedTransform fromConfig(Map<String, ?> config) {
        return REGISTRY.read(Objects.requireNonNull(config, "config"), "transform");
    }

    /** The steps applied in order (a single step is returned as is). */
    static FittedTransform chain(FittedTransform... steps) {
        return chain(List.of(steps));
    }

    /** The steps applied in order (a single step is returned as is). */
    static FittedTransform chain(List<FittedTransform> steps) {
        return steps.size() == 1 ? steps.getFirst() : new Chain(steps);
    }

    /** Fitted steps applied one after the other; its config lists theirs under {@code steps}. */
    record Chain(List<FittedTransform> steps) implements FittedTransform {
        public Chain {
            steps = List.copyOf(steps);
            if (steps.isEmpty()) {
                throw new IllegalArgumentException("FittedTransform.Chain: needs at least one step");
            }
        }

        @Override
        public Tensor apply(Tensor features) {
            Tensor x = features;
            for (FittedTransform step : steps) {
                x = step.apply(x);
            }
            return x;
        }
    }
}
