package dev.nabla.train;

import dev.nabla.autograd.NoGrad;
import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of the model's weights (Polyak averaging), kept beside the fit and
 * given to the model when it ends: PyTorch's {@code AveragedModel} with {@code get_ema_multi_avg_fn(decay)}
 * and {@code use_buffers=True}, Keras' {@code use_ema=True} with its {@code SwapEMAWeights} callback.
 *
 * <p>After every update the average moves towards the weights: {@code avg ← avg + (1 − decay)·(w − avg)},
 * torch's {@code lerp} (its branch for a weight under ½); the first update copies them. Batch norm's
 * running statistics are averaged with the parameters, so the averaged weights are scored with statistics
 * of the same blend; integer buffers ({@code num_batches_tracked}) are copied. Each epoch's validation
 * scores the averaged weights (the live ones are put back after it), and the fit ends with them in the
 * model, so the test score and the saved model are the average's; the training logs are the live
 * model's. The average is in every checkpoint: a resumed fit ends with the same bits.
 *
 * <p>Given together with {@code early_stopping}'s {@code restore_best_weights}, the one later in the list
 * decides the final weights.
 */
public final class ModelEma implements Callback {
    /** The settings: the decay per update, PyTorch's default 0.999 (an average over about 1,000 updates). */
    public record Config(double decay) implements CallbackConfig {
        public static final Config DEFAULT = new Config(0.999);

        public Config {
            Check.decayRate("ModelEma", "decay", decay);
        }

        static Config read(ConfigReader c) {
            c.allowOnly("decay");
            return c.build(() -> new Config(c.number("decay", DEFAULT.decay())));
        }

        @Override
        public ModelEma create() {
            return new ModelEma(this);
        }
    }

    private final Config config;
    /** Null until the first update. */
    private Map<String, Tensor> average;
    /** The live weights while validation runs on the average. */
    private Map<String, Tensor> live;
    private long updates;

    public ModelEma(Config config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    public ModelEma(double decay) {
        this(new Config(decay));
    }

    public Config config() {
        return config;
    }

    /** How many updates the average has seen. */
    public long updates() {
        return updates;
    }

    /** A copy of the averaged state ({@link Module#stateDict()}'s names), or null before the first update. */
    public Map<String, Tensor> average() {
        if (average == null) {
            return null;
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        average.forEach((n, t) -> out.put(n, t.copy()));
        return out;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        average = null;
        live = null;
        updates = 0;
    }

    @Override
    public void onBatchEnd(TrainingContext context, int batch, Map<String, Double> logs) {
        Module model = context.model();
        if (average == null) {
            average = model.stateDict();
        } else {
            double weight = 1 - config.decay();
            Map<String, Tensor> current = new LinkedHashMap<>();
            model.namedParameters().forEach((n, p) -> current.put(n, p.value()));
            current.putAll(model.namedBuffers());
            try (NoGrad ignored = NoGrad.enter()) {
                current.forEach((n, w) -> {
                    Tensor avg = average.get(n);
                    if (w.dtype().isFloating()) {
                        avg.addInPlace(w.sub(avg), weight);
                    } else {
                        avg.copyFrom(w);
                    }
                });
            }
        }
        updates++;
    }

    @Override
    public void onValidationBegin(TrainingContext context) {
        if (average != null) {
            live = context.model().stateDict();
            context.model().loadStateDict(average);
        }
    }

    @Override
    public void onValidationEnd(TrainingContext context) {
        if (live != null) {
            context.model().loadStateDict(live);
            live = null;
        }
    }

    @Override
    public void onTrainEnd(TrainingContext context) {
        if (average != null) {
            context.model().loadStateDict(average);
        }
    }

    @Override
    public CallbackState state() {
        return new CallbackState(Map.of("updates", updates), average == null ? Map.of() : average);
    }

    @Override
    public void restore(CallbackState s) {
        updates = (long) s.number("updates");
        average = null;
        if (!s.tensors().isEmpty()) {
            average = new LinkedHashMap<>();
            s.tensors().forEach((n, t) -> average.put(n, t.copy())); // updated in place: never the checkpoint's own arrays
        }
    }
}
