package dev.nabla.spec;

import dev.nabla.train.Callback;
import dev.nabla.train.EarlyStopping;
import dev.nabla.train.MonitorCallback.Mode;
import dev.nabla.train.ReduceLROnPlateau;
import java.util.List;
import java.util.Objects;

/**
 * An entry of the {@code "callbacks"} list. Callbacks keep state during a fit, so a spec holds their
 * settings and {@link #create()} makes a fresh one for every run.
 *
 * <pre>{@code {"name": "early_stopping", "monitor": "val_loss", "patience": 3, "restore_best_weights": true}
 * {"name": "reduce_lr_on_plateau", "monitor": "val_loss", "factor": 0.5, "patience": 2}}</pre>
 */
public sealed interface CallbackSpec {
    /** The names the spec accepts. */
    List<String> NAMES = List.of("early_stopping", "reduce_lr_on_plateau");

    /** The logged quantity it watches ({@code val_loss}, {@code accuracy}, ...). */
    String monitor();

    /** A fresh callback for one run. */
    Callback create();

    /**
     * Keras' EarlyStopping; its defaults are Keras': val_loss, min_delta 0, patience 0, mode auto, no
     * restoring.
     */
    record EarlyStop(String monitor, double minDelta, int patience, Mode mode, boolean restoreBestWeights)
            implements CallbackSpec {
        public static final EarlyStop DEFAULT = new EarlyStop("val_loss", 0, 0, Mode.AUTO, false);

        public EarlyStop {
            Objects.requireNonNull(mode, "mode");
            create(monitor, minDelta, patience, mode, restoreBestWeights); // the callback's own checks
        }

        public Callback create() {
            return create(monitor, minDelta, patience, mode, restoreBestWeights);
        }

        private static Callback create(String monitor, double minDelta, int patience, Mode mode, boolean restore) {
            return new EarlyStopping(monitor, minDelta, patience, mode, restore);
        }
    }

    /**
     * Keras' ReduceLROnPlateau; {@link #DEFAULT} holds Keras' defaults (those of
     * {@code ReduceLROnPlateau.defaults()}: val_loss, factor 0.1, patience 10, min_lr 0, cooldown 0,
     * min_delta 1e-4, mode auto).
     */
    record ReduceLrOnPlateau(String monitor, double factor, int patience, double minLr, int cooldown, double minDelta,
                             Mode mode) implements CallbackSpec {
        public static final ReduceLrOnPlateau DEFAULT = new ReduceLrOnPlateau("val_loss", 0.1, 10, 0, 0, 1e-4, Mode.AUTO);

        public ReduceLrOnPlateau {
            Objects.requireNonNull(mode, "mode");
            new ReduceLROnPlateau(monitor, factor, patience, minLr, cooldown, minDelta, mode); // its own checks
        }

        public Callback create() {
            return new ReduceLROnPlateau(monitor, factor, patience, minLr, cooldown, minDelta, mode);
        }
    }
}
