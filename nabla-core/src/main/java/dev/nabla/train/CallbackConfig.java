package dev.nabla.train;

import dev.nabla.config.Registry;

/**
 * A callback's settings as a value: what a spec holds for it. Callbacks keep state during a fit, so a
 * config makes a fresh one for every run ({@link #create()}).
 */
public interface CallbackConfig {
    /** The callbacks a spec can name ({@code {"name": "early_stopping", "patience": 3}}). */
    Registry<CallbackConfig> REGISTRY = Callbacks.builtIns();

    /** A fresh callback for one run. */
    Callback create();

    /** The logged quantity it watches ({@code val_loss}, {@code accuracy}, ...), or null if it watches none. */
    default String monitor() {
        return null;
    }
}
