package dev.nabla.optim;

import dev.nabla.config.ConfigReader;
import dev.nabla.config.Registry;

/**
 * The built-in optimizers under their spec names, the one list of them ({@link OptimizerConfig#REGISTRY}).
 * A missing key takes the optimizer's {@code Config.DEFAULT} value; ranges are the config records' to check.
 */
final class Optimizers {
    private Optimizers() {}

    static Registry<OptimizerConfig> builtIns() {
        Registry<OptimizerConfig> r = new Registry<>(OptimizerConfig.class, "optimizer", "name");
        r.register("sgd", SGD.Config.class, SGD.Config::read);
        r.register("adagrad", AdaGrad.Config.class, AdaGrad.Config::read);
        r.register("rmsprop", RMSprop.Config.class, RMSprop.Config::read);
        r.register("adam", Adam.Config.class, c -> Adam.Config.read(c, Adam.Config.DEFAULT));
        r.register("adamw", Adam.Config.class, c -> Adam.Config.read(c, AdamW.DEFAULT));
        return r;
    }

    /** The learning rate, the one key every optimizer has. */
    static double lr(ConfigReader c, double defaultValue) {
        return c.number("lr", defaultValue);
    }
}
