package dev.nabla.train;

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
                         Mode mode) {
        public static final Config DEFAULT = new Config("val_loss", 0.1, 10, 0, 0, 1e-4, Mode.AUTO);
    }

    private final double factor;
    private final int patience;
    private final double minLr;
    private final int cooldown;
    private double best;
    private int wait;
    private int cooldownLeft;

    public ReduceLROnPlateau(String monitor, double factor, int patience, double minLr, int cooldown,
                             double minDelta, Mode mode) {
        super(monitor, mode, minDelta);
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in (0, 1), got " + factor);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau: patience must be >= 0, got " + patience);
        }
        if (!(minLr >= 0)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: minLr must be >= 0, got " + minLr);
        }
        if (cooldown < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau: cooldown must be >= 0, got " + cooldown);
        }
        this.factor = factor;
        this.patience = patience;
        this.minLr = minLr;
        this.cooldown = cooldown;
    }

    public ReduceLROnPlateau(Config c) {
        this(c.monitor(), c.factor(), c.patience(), c.minLr(), c.cooldown(), c.minDelta(), c.mode());
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
