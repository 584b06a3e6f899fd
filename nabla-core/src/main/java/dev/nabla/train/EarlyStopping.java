package dev.nabla.train;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.Tensor;
import java.util.Map;

/**
 * Stops training when the monitored quantity has not improved for {@code patience} epochs (Keras'
 * EarlyStopping). With {@code restoreBestWeights}, the model ends with the weights of its best epoch.
 */
public final class EarlyStopping extends MonitorCallback {
    /** The settings, with Keras' defaults in {@link #DEFAULT}: val_loss, min delta 0, patience 0, auto, no restoring. */
    public record Config(String monitor, double minDelta, int patience, Mode mode, boolean restoreBestWeights)
            implements CallbackConfig {
        public static final Config DEFAULT = new Config("val_loss", 0, 0, Mode.AUTO, false);

        public Config {
            checkMonitor("EarlyStopping", monitor, minDelta, mode);
            Check.nonNegative("EarlyStopping", "patience", patience);
        }

        static Config read(ConfigReader c) {
            Config d = DEFAULT;
            c.allowOnly("monitor", "min_delta", "patience", "mode", "restore_best_weights");
            return c.build(() -> new Config(c.string("monitor", d.monitor()), c.number("min_delta", d.minDelta()),
                    c.intValue("patience", d.patience()), c.enumValue("mode", Mode.class, d.mode()),
                    c.bool("restore_best_weights", d.restoreBestWeights())));
        }

        @Override
        public EarlyStopping create() {
            return new EarlyStopping(this);
        }
    }

    private final Config config;
    private final int patience;
    private final boolean restoreBestWeights;
    private double best;
    private int wait;
    private int bestEpoch = -1;
    private int stoppedEpoch = -1;
    private Map<String, Tensor> bestWeights;

    public EarlyStopping(String monitor, double minDelta, int patience, Mode mode, boolean restoreBestWeights) {
        this(new Config(monitor, minDelta, patience, mode, restoreBestWeights));
    }

    public EarlyStopping(Config c) {
        super(c.monitor(), c.mode(), c.minDelta());
        this.config = c;
        this.patience = c.patience();
        this.restoreBestWeights = c.restoreBestWeights();
    }

    /** The settings it was made with. */
    public Config config() {
        return config;
    }

    /** Monitors val_loss with the given patience, restoring the best weights. */
    public static EarlyStopping onValidationLoss(int patience) {
        return new EarlyStopping("val_loss", 0, patience, Mode.MIN, true);
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        best = worst();
        wait = 0;
        bestEpoch = -1;
        stoppedEpoch = -1;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> logs) {
        double current = monitored(logs);
        if (improved(current, best)) {
            best = current;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = context.model().stateDict();
            }
            return;
        }
        wait++;
        if (wait >= patience) {
            stoppedEpoch = epoch;
            context.requestStop();
        }
    }

    @Override
    public void onTrainEnd(TrainingContext context) {
        if (restoreBestWeights && bestWeights != null) {
            context.model().loadStateDict(bestWeights);
        }
    }

    @Override
    public CallbackState state() {
        // best is kept as its bits: it may be +-infinity, which JSON cannot hold
        Map<String, Object> v = Map.of("best_bits", Double.doubleToRawLongBits(best), "wait", wait,
                "best_epoch", bestEpoch, "stopped_epoch", stoppedEpoch);
        return new CallbackState(v, bestWeights == null ? Map.of() : bestWeights);
    }

    @Override
    public void restore(CallbackState s) {
        best = Double.longBitsToDouble((long) s.number("best_bits"));
        wait = (int) s.number("wait");
        bestEpoch = (int) s.number("best_epoch");
        stoppedEpoch = (int) s.number("stopped_epoch");
        bestWeights = s.tensors().isEmpty() ? null : new java.util.LinkedHashMap<>(s.tensors());
    }

    /** The epoch (0-based) with the best value, or -1. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The epoch (0-based) at which training was stopped, or -1 if it ran to the end. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    public double best() {
        return best;
    }
}
