package dev.nabla.nn;

import dev.nabla.config.ConfigReader;
import dev.nabla.config.Registry;

/**
 * The built-in activations under their config names, the one list of them ({@link Activation#REGISTRY}).
 * A missing setting takes the default of the matching factory method ({@code Activation.leakyRelu()}).
 */
final class Activations {
    private Activations() {}

    static Registry<Activation> builtIns() {
        Registry<Activation> r = new Registry<>(Activation.class, "activation", "name");
        r.register("linear", Activation.Identity.class, c -> plain(c, Activation.identity()));
        r.register("step", Activation.Step.class, c -> plain(c, Activation.step()));
        r.register("sign", Activation.Sign.class, c -> plain(c, Activation.sign()));
        r.register("sigmoid", Activation.Sigmoid.class, c -> plain(c, Activation.sigmoid()));
        r.register("tanh", Activation.Tanh.class, c -> plain(c, Activation.tanh()));
        r.register("relu", Activation.ReLU.class, c -> plain(c, Activation.relu()));
        r.register("leaky_relu", Activation.LeakyReLU.class, c -> c.allowOnly("slope")
                .build(() -> new Activation.LeakyReLU(c.number("slope", Activation.leakyRelu().slope()))));
        r.register("swish", Activation.Swish.class, c -> c.allowOnly("beta")
                .build(() -> new Activation.Swish(c.number("beta", Activation.swish().beta()))));
        r.register("elu", Activation.ELU.class, c -> c.allowOnly("alpha")
                .build(() -> new Activation.ELU(c.number("alpha", Activation.elu().alpha()))));
        r.register("gelu", Activation.GELU.class, c -> c.allowOnly("approximate")
                .build(() -> new Activation.GELU(c.bool("approximate", Activation.gelu().approximate()))));
        r.register("softplus", Activation.Softplus.class, c -> c.allowOnly("beta", "threshold").build(() -> new Activation.Softplus(
                c.number("beta", Activation.softplus().beta()), c.number("threshold", Activation.softplus().threshold()))));
        r.register("softmax", Activation.Softmax.class, c -> c.allowOnly("axis")
                .build(() -> new Activation.Softmax(c.intValue("axis", Activation.softmax().axis()))));
        r.register("log_softmax", Activation.LogSoftmax.class, c -> c.allowOnly("axis")
                .build(() -> new Activation.LogSoftmax(c.intValue("axis", Activation.logSoftmax().axis()))));
        return r;
    }

    /** A function without settings: any key is a mistake. */
    private static Activation plain(ConfigReader c, Activation a) {
        c.allowOnly();
        return a;
    }
}
