package dev.nabla.data;

import dev.nabla.nn.Configs;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A transform with its statistics learnt from training data (see {@link Transform}): applied to any
 * features of the shape it was fitted on, and described completely by {@link #config()}, so a model file
 * can carry it and {@link #fromConfig} rebuild it bit for bit. Applying records no autograd history: it
 * is preprocessing, done once per data set, not part of the network.
 *
 * <p>The family is sealed so that {@link #fromConfig} knows every kind it may meet in a file.
 */
public sealed interface FittedTransform
        permits Standardize.Fitted, MinMax.Fitted, Quantile.Fitted, Rescale, FittedTransform.Chain {

    /** The kinds {@link #fromConfig} reads. */
    List<String> KINDS = List.of("standardize", "min_max", "quantile", "rescale", "chain");

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
     * maps. {@code new Gson().toJson(config())} writes it; {@link #fromConfig} reads it back.
     */
    Map<String, Object> config();

    /**
     * The transform a {@link #config()} map describes, e.g. after a JSON round trip. Numbers may be any
     * {@link Number} (Gson gives Double or Long). An unknown kind or key is refused with the valid ones, so a
     * typo or a file from a newer version is not half-understood.
     */
    static FittedTransform fromConfig(Map<String, ?> config) {
        Objects.requireNonNull(config, "config");
        String kind = Configs.stringValue(config, "kind", "transform config");
        return switch (kind) {
            case "standardize" -> Standardize.Fitted.fromConfig(config);
            case "min_max" -> MinMax.Fitted.fromConfig(config);
            case "quantile" -> Quantile.Fitted.fromConfig(config);
            case "rescale" -> Rescale.fromConfig(config);
            case "chain" -> Chain.fromConfig(config);
            default -> throw new IllegalArgumentException("transform config: unknown kind '" + kind + "' (known: "
                    + String.join(", ", KINDS) + ")");
        };
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

        @Override
        public Map<String, Object> config() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", "chain");
            m.put("steps", steps.stream().map(FittedTransform::config).toList());
            return m;
        }

        static Chain fromConfig(Map<String, ?> config) {
            String owner = "transform 'chain'";
            Configs.checkKeys(config, owner, "kind", "steps");
            List<?> raw = Configs.listValue(config, "steps", owner);
            List<FittedTransform> steps = new ArrayList<>(raw.size());
            for (int i = 0; i < raw.size(); i++) {
                if (!(raw.get(i) instanceof Map<?, ?> m) || !m.keySet().stream().allMatch(k -> k instanceof String)) {
                    throw new IllegalArgumentException(owner + ": step " + i + " must be a config object, got " + raw.get(i));
                }
                @SuppressWarnings("unchecked")
                Map<String, ?> step = (Map<String, ?>) m;
                steps.add(FittedTransform.fromConfig(step));
            }
            return new Chain(steps);
        }
    }
}
