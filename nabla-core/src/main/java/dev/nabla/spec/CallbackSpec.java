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

    /** Keras' EarlyStopping; missing keys take {@link EarlyStopping.Config#DEFAULT}. */
    record EarlyStop(String monitor, double minDelta, int patience, Mode mode, boolean restoreBestWeights)
            implements CallbackSpec {
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

    /** Keras' ReduceLROnPlateau; missing keys take {@link ReduceLROnPlateau.Config#DEFAULT}. */
    record ReduceLrOnPlateau(String monitor, double factor, int patience, double minLr, int cooldown, double minDelta,
                             Mode mode) implements CallbackSpec {
        public ReduceLrOnPlateau {
            Objects.requireNonNull(mode, "mode");
            new ReduceLROnPlateau(monitor, factor, patience, minLr, cooldown, minDelta, mode); // its own checks
        }

        public Callback create() {
            return new ReduceLROnPlateau(monitor, factor, patience, minLr, cooldown, minDelta, mode);
        }
    }
}
