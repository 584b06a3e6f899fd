package dev.nabla.train;

import dev.nabla.config.Check;
import java.util.Map;

/**
 * The shared part of callbacks that watch one logged quantity: its name, whether lower or higher is
 * better, and how much change counts as an improvement (Keras' monitor / mode / min_delta).
 */
public abstract class MonitorCallback implements Callback {
    /** Which direction is better; AUTO picks MAX for accuracies, MIN otherwise. */
    public enum Mode { MIN, MAX, AUTO }

    private final String monitor;
    private final boolean maximize;
    private final double minDelta;

    protected MonitorCallback(String monitor, Mode mode, double minDelta) {
        checkMonitor(getClass().getSimpleName(), monitor, minDelta, mode);
        this.monitor = monitor;
        this.maximize = mode == Mode.MAX || (mode == Mode.AUTO && monitor.contains("acc"));
        this.minDelta = minDelta;
    }

    /** The settings every monitoring callback checks, for their config records. */
    protected static void checkMonitor(String owner, String monitor, double minDelta, Mode mode) {
        Check.that(monitor != null && !monitor.isBlank(), owner, "monitor",
                "a logged quantity (loss, val_loss, accuracy, ...)", monitor == null ? null : "'" + monitor + "'");
        Check.nonNegative(owner, "min_delta", minDelta);
        Check.notNull(owner, "mode", mode);
    }

    public final String monitor() {
        return monitor;
    }

    /** The monitored value in these logs, or an error listing the names that were logged. */
    protected final double monitored(Map<String, Double> logs) {
        Double v = logs.get(monitor);
        if (v == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": monitor '" + monitor
                    + "' is not logged; available: " + logs.keySet()
                    + (monitor.startsWith("val_") ? " (val_ quantities need validation data or validationSplit)" : ""));
        }
        return v;
    }

    /** True if {@code current} beats {@code best} by more than minDelta in the better direction. */
    protected final boolean improved(double current, double best) {
        if (Double.isNaN(current)) {
            return false;
        }
        return maximize ? current - minDelta > best : current + minDelta < best;
    }

    /** The starting "best": the worst possible value. */
    protected final double worst() {
        return maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
}
