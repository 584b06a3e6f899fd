package dev.nabla.train;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when the monitored quantity has not improved for
 * {@code patience} epochs, then waits {@code cooldown} epochs before watching again; never goes below
 * {@code minLr} (Keras' ReduceLROnPlateau).
 */
public final class ReduceLROnPlateau extends MonitorCallback {
    /**
     * The settings, with Keras' defaults in {@link #DEFAULT}: val_loss, factor 0.1, patience 10, min lr 0,
     * cooldown 0, min delta 1e-4, auto.
     */
    public record Config(String monitor, double factor, int patience, double minLr, int cooldown, double minDelta,
                         Mode mode) implements CallbackConfig {
        public static final Config DEFAULT = new Config("val_loss", 0.1, 10, 0, 0, 1e-4, Mode.AUTO);

        public Config {
            checkMonitor("ReduceLROnPlateau", monitor, minDelta, mode);
            Check.that(factor > 0 && factor < 1, "ReduceLROnPlateau", "factor", "in (0, 1)", factor);
            Check.nonNegative("ReduceLROnPlateau", "patience", patience);
            Check.nonNegative("ReduceLROnPlateau", "min_lr", minLr);
            Check.nonNegative("ReduceLROnPlateau", "cooldown", cooldown);
        }

        static Config read(ConfigReader c) {
            Config d = DEFAULT;
            c.allowOnly("monitor", "factor", "patience", "min_lr", "cooldown", "min_delta", "mode");
            return c.build(() -> new Config(c.string("monitor", d.monitor()), c.number("factor", d.factor()),
                    c.intValue("patience", d.patience()), c.number("min_lr", d.minLr()), c.intValue("cooldown", d.cooldown()),
                    c.number("min_delta", d.minDelta()), c.enumValue("mode", Mode.class, d.mode())));
        }

        @Override
        public ReduceLROnPlateau create() {
            return new ReduceLROnPlateau(this);
        }
    }

    private final Config config;
    private final double factor;
    private final int patience;
    private final double minLr;
    private final int cooldown;
    private double best;
    private int wait;
    private int cooldownLeft;

    public ReduceLROnPlateau(String monitor, double factor, int patience, double minLr, int cooldown,
                             double minDelta, Mode mode) {
        this(new Config(monitor, factor, patience, minLr, cooldown, minDelta, mode));
    }

    public ReduceLROnPlateau(Config c) {
        super(c.monitor(), c.mode(), c.minDelta());
        this.config = c;
        this.factor = c.factor();
        this.patience = c.patience();
        this.minLr = c.minLr();
        this.cooldown = c.cooldown();
    }

    /** The settings it was made with. */
    public Config config() {
        return config;
    }

    /** Keras' defaults ({@link Config#DEFAULT}). */
    public static ReduceLROnPlateau defaults() {
        return new ReduceLROnPlateau(Config.DEFAULT);
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        best = worst();
        wait = 0;
        cooldownLeft = 0;
    }

    @Override
    public CallbackState state() {
        return CallbackState.of(Map.of("best_bits", Double.doubleToRawLongBits(best), "wait", wait, "cooldown_left", cooldownLeft));
    }

    @Override
    public void restore(CallbackState s) {
        best = Double.longBitsToDouble((long) s.number("best_bits"));
        wait = (int) s.number("wait");
        cooldownLeft = (int) s.number("cooldown_left");
    }

    @Override
    public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> logs) {
        double current = monitored(logs);
        if (cooldownLeft > 0) {
            cooldownLeft--;
            wait = 0;
        }
        if (improved(current, best)) {
            best = current;
            wait = 0;
            return;
        }
        if (cooldownLeft > 0) {
            return;
        }
        wait++;
        if (wait >= patience) {
            double lr = context.optimizer().learningRate();
            double reduced = Math.max(lr * factor, minLr);
            if (reduced < lr) {
                context.optimizer().setLearningRate(reduced);
            }
            cooldownLeft = cooldown;
            wait = 0;
        }
    }
}
