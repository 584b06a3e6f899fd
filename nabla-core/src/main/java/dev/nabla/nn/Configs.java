package dev.nabla.nn;

import java.util.LinkedHashMap;
import java.util.Map;

/** Activations and initialisers as config maps ({@code {"name": "leaky_relu", "slope": 0.01}}). */
public final class Configs {
    private Configs() {}

    /** The activation's name and parameters. */
    public static Map<String, Object> of(Activation a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        switch (a) {
            case Activation.LeakyReLU l -> m.put("slope", l.slope());
            case Activation.Swish s -> m.put("beta", s.beta());
            case Activation.ELU e -> m.put("alpha", e.alpha());
            case Activation.GELU g -> m.put("approximate", g.approximate());
            case Activation.Softmax s -> m.put("axis", s.axis());
            case Activation.LogSoftmax s -> m.put("axis", s.axis());
            case Activation.Identity i -> { }
            case Activation.Step s -> { }
            case Activation.Sign s -> { }
            case Activation.Sigmoid s -> { }
            case Activation.Tanh t -> { }
            case Activation.ReLU r -> { }
        }
        return m;
    }

    /** The initialiser's name and parameters. */
    public static Map<String, Object> of(Init init) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", init.name());
        switch (init) {
            case Init.Constant c -> m.put("value", c.value());
            case Init.Uniform u -> { m.put("a", u.a()); m.put("b", u.b()); }
            case Init.Normal n -> { m.put("mean", n.mean()); m.put("std", n.std()); }
            case Init.GlorotUniform g -> m.put("gain", g.gain());
            case Init.GlorotNormal g -> m.put("gain", g.gain());
            case Init.HeUniform h -> { m.put("mode", h.mode().name().toLowerCase()); m.put("gain", h.gain()); }
            case Init.HeNormal h -> { m.put("mode", h.mode().name().toLowerCase()); m.put("gain", h.gain()); }
            case Init.Orthogonal o -> m.put("gain", o.gain());
        }
        return m;
    }
}
