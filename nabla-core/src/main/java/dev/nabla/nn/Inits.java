package dev.nabla.nn;

import dev.nabla.config.ConfigReader;
import dev.nabla.config.Registry;

/**
 * The built-in initialisers under their config names, the one list of them ({@link Init#REGISTRY}).
 * A missing gain or mode takes the default of the matching factory method ({@code Init.heNormal()}).
 */
final class Inits {
    private Inits() {}

    static Registry<Init> builtIns() {
        Registry<Init> r = new Registry<>(Init.class, "initialiser", "name");
        r.register("zeros", Init.Zeros.class, Inits::zeros);
        r.register("constant", Init.Constant.class, c -> c.allowOnly("value").build(() -> new Init.Constant(c.number("value"))));
        r.register("uniform", Init.Uniform.class, c -> c.allowOnly("a", "b")
                .build(() -> new Init.Uniform(c.number("a"), c.number("b"))));
        r.register("normal", Init.Normal.class, c -> c.allowOnly("mean", "std")
                .build(() -> new Init.Normal(c.number("mean"), c.number("std"))));
        r.register("glorot_uniform", Init.GlorotUniform.class, c -> new Init.GlorotUniform(gain(c, Init.glorotUniform().gain())));
        r.register("glorot_normal", Init.GlorotNormal.class, c -> new Init.GlorotNormal(gain(c, Init.glorotNormal().gain())));
        r.register("he_uniform", Init.HeUniform.class, c -> c.allowOnly("mode", "gain").build(() ->
                new Init.HeUniform(c.enumValue("mode", Init.FanMode.class, Init.heUniform().mode()), c.number("gain", Init.heUniform().gain()))));
        r.register("he_normal", Init.HeNormal.class, c -> c.allowOnly("mode", "gain").build(() ->
                new Init.HeNormal(c.enumValue("mode", Init.FanMode.class, Init.heNormal().mode()), c.number("gain", Init.heNormal().gain()))));
        r.register("orthogonal", Init.Orthogonal.class, c -> new Init.Orthogonal(gain(c, Init.orthogonal().gain())));
        return r;
    }

    /** Zeros has no setting; a {@code "value": 0} is accepted, as earlier model files wrote it. */
    private static Init zeros(ConfigReader c) {
        c.allowOnly("value");
        if (c.has("value") && c.number("value") != 0) {
            throw c.error("value", "must be 0 for zeros (use 'constant'), got " + c.number("value"));
        }
        return Init.zeros();
    }

    private static double gain(ConfigReader c, double defaultGain) {
        return c.allowOnly("gain").number("gain", defaultGain);
    }
}
