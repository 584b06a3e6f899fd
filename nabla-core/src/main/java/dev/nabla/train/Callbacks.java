package dev.nabla.train;

import dev.nabla.config.Registry;

/** The built-in callbacks under their spec names, the one list of them ({@link CallbackConfig#REGISTRY}). */
final class Callbacks {
    private Callbacks() {}

    static Registry<CallbackConfig> builtIns() {
        Registry<CallbackConfig> r = new Registry<>(CallbackConfig.class, "callback", "name");
        r.register("early_stopping", EarlyStopping.Config.class, EarlyStopping.Config::read);
        r.register("reduce_lr_on_plateau", ReduceLROnPlateau.Config.class, ReduceLROnPlateau.Config::read);
        r.register("ema", ModelEma.Config.class, ModelEma.Config::read);
        r.register("gradient_flow", GradientFlow.Config.class, GradientFlow.Config::read);
        return r;
    }
}
