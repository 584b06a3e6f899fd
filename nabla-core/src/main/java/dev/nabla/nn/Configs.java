package dev.nabla.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Activations and initialisers as config maps ({@code {"name": "leaky_relu", "slope": 0.01}}) and back,
 * for architecture files; plus the typed getters that layer factories use to read config maps.
 *
 * <p>Reading is strict: an unknown name lists the valid ones, an unknown key is refused (a typo must not
 * silently fall back to a default), and a number read as an int must be a whole number. Numbers may be
 * any {@link Number}: a parsed JSON file gives {@code Long}s and {@code Double}s, {@code config()} gives
 * {@code Integer}s. A missing optional parameter takes the default of the matching factory method
 * ({@code Activation.leakyRelu()}), so defaults live in one place.
 */
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

    /** The activation names {@link #activation} knows. */
    public static final List<String> ACTIVATION_NAMES = List.of("linear", "step", "sign", "sigmoid", "tanh", "relu",
            "leaky_relu", "swish", "elu", "gelu", "softmax", "log_softmax");

    /** The initialiser names {@link #init} knows. */
    public static final List<String> INIT_NAMES = List.of("zeros", "constant", "uniform", "normal", "glorot_uniform",
            "glorot_normal", "he_uniform", "he_normal", "orthogonal");

    /** The activation a config map describes: the inverse of {@link #of(Activation)}. */
    public static Activation activation(Map<String, ?> config) {
        String name = stringValue(config, "name", "activation");
        String owner = "activation '" + name + "'";
        return switch (name) {
            case "linear" -> plain(config, owner, Activation.identity());
            case "step" -> plain(config, owner, Activation.step());
            case "sign" -> plain(config, owner, Activation.sign());
            case "sigmoid" -> plain(config, owner, Activation.sigmoid());
            case "tanh" -> plain(config, owner, Activation.tanh());
            case "relu" -> plain(config, owner, Activation.relu());
            case "leaky_relu" -> optionalKey(config, owner, "slope")
                    ? Activation.leakyRelu(doubleValue(config, "slope", owner)) : Activation.leakyRelu();
            case "swish" -> optionalKey(config, owner, "beta") ? Activation.swish(doubleValue(config, "beta", owner)) : Activation.swish();
            case "elu" -> optionalKey(config, owner, "alpha") ? Activation.elu(doubleValue(config, "alpha", owner)) : Activation.elu();
            case "gelu" -> optionalKey(config, owner, "approximate")
                    ? new Activation.GELU(booleanValue(config, "approximate", owner)) : Activation.gelu();
            case "softmax" -> optionalKey(config, owner, "axis")
                    ? new Activation.Softmax(intValue(config, "axis", owner)) : Activation.softmax();
            case "log_softmax" -> optionalKey(config, owner, "axis")
                    ? new Activation.LogSoftmax(intValue(config, "axis", owner)) : Activation.logSoftmax();
            default -> throw new IllegalArgumentException("unknown activation '" + name + "' (known: "
                    + String.join(", ", ACTIVATION_NAMES) + ")");
        };
    }

    /** The initialiser a config map describes: the inverse of {@link #of(Init)}. */
    public static Init init(Map<String, ?> config) {
        String name = stringValue(config, "name", "initialiser");
        String owner = "initialiser '" + name + "'";
        return switch (name) {
            case "zeros" -> {
                checkKeys(config, owner, "name", "value");
                double value = config.containsKey("value") ? doubleValue(config, "value", owner) : 0;
                if (value != 0) {
                    throw new IllegalArgumentException(owner + ": value must be 0, got " + value + " (use 'constant')");
                }
                // of(Init) writes Constant(0) as {"name": "zeros", "value": 0.0}; keep a -0.0 as it was
                yield Init.constant(value);
            }
            case "constant" -> {
                requireKeys(config, owner, "value");
                yield Init.constant(doubleValue(config, "value", owner));
            }
            case "uniform" -> {
                requireKeys(config, owner, "a", "b");
                yield Init.uniform(doubleValue(config, "a", owner), doubleValue(config, "b", owner));
            }
            case "normal" -> {
                requireKeys(config, owner, "mean", "std");
                yield Init.normal(doubleValue(config, "mean", owner), doubleValue(config, "std", owner));
            }
            case "glorot_uniform" -> optionalKey(config, owner, "gain")
                    ? new Init.GlorotUniform(doubleValue(config, "gain", owner)) : Init.glorotUniform();
            case "glorot_normal" -> optionalKey(config, owner, "gain")
                    ? new Init.GlorotNormal(doubleValue(config, "gain", owner)) : Init.glorotNormal();
            case "he_uniform" -> heUniform(config, owner);
            case "he_normal" -> heNormal(config, owner);
            case "orthogonal" -> optionalKey(config, owner, "gain")
                    ? new Init.Orthogonal(doubleValue(config, "gain", owner)) : Init.orthogonal();
            default -> throw new IllegalArgumentException("unknown initialiser '" + name + "' (known: "
                    + String.join(", ", INIT_NAMES) + ")");
        };
    }

    private static Init heUniform(Map<String, ?> config, String owner) {
        checkKeys(config, owner, "name", "mode", "gain");
        Init.HeUniform d = (Init.HeUniform) Init.heUniform();
        return new Init.HeUniform(config.containsKey("mode") ? fanMode(config, owner) : d.mode(),
                config.containsKey("gain") ? doubleValue(config, "gain", owner) : d.gain());
    }

    private static Init heNormal(Map<String, ?> config, String owner) {
        checkKeys(config, owner, "name", "mode", "gain");
        Init.HeNormal d = (Init.HeNormal) Init.heNormal();
        return new Init.HeNormal(config.containsKey("mode") ? fanMode(config, owner) : d.mode(),
                config.containsKey("gain") ? doubleValue(config, "gain", owner) : d.gain());
    }

    private static Init.FanMode fanMode(Map<String, ?> config, String owner) {
        String mode = stringValue(config, "mode", owner);
        return switch (mode) {
            case "fan_in" -> Init.FanMode.FAN_IN;
            case "fan_out" -> Init.FanMode.FAN_OUT;
            default -> throw new IllegalArgumentException(owner + ": mode must be fan_in or fan_out, got '" + mode + "'");
        };
    }

    /** A parameterless function: any key besides the name is a mistake. */
    private static <T> T plain(Map<String, ?> config, String owner, T value) {
        checkKeys(config, owner, "name");
        return value;
    }

    /** Checks the keys are {@code name} and an optional {@code key}; says whether {@code key} is given. */
    private static boolean optionalKey(Map<String, ?> config, String owner, String key) {
        checkKeys(config, owner, "name", key);
        return config.containsKey(key);
    }

    /** Checks the keys are {@code name} and the given ones, which are all required. */
    private static void requireKeys(Map<String, ?> config, String owner, String... required) {
        String[] allowed = Arrays.copyOf(required, required.length + 1);
        allowed[required.length] = "name";
        checkKeys(config, owner, allowed);
        for (String key : required) {
            require(config, key, owner);
        }
    }

    // ---------------------------------------------------------------- typed getters for config maps

    /** Refuses keys outside {@code allowed}, listing the allowed ones. */
    public static void checkKeys(Map<String, ?> config, String owner, String... allowed) {
        List<String> known = List.of(allowed);
        for (String key : config.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(owner + ": unknown key '" + key + "' (known: " + String.join(", ", known) + ")");
            }
        }
    }

    /** The value under {@code key}; missing (or null) is an error naming the owner. */
    public static Object require(Map<String, ?> config, String key, String owner) {
        Object v = config.get(key);
        if (v == null) {
            throw new IllegalArgumentException(owner + ": missing '" + key + "'");
        }
        return v;
    }

    /** An int; refuses fractions and values outside int's range (JSON numbers arrive as Long or Double). */
    public static int intValue(Map<String, ?> config, String key, String owner) {
        Object v = require(config, key, owner);
        boolean whole = v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || (v instanceof Double || v instanceof Float) && ((Number) v).doubleValue() == Math.rint(((Number) v).doubleValue());
        if (whole) {
            double d = ((Number) v).doubleValue();
            if (d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(owner + ": '" + key + "' must fit in an int, got " + v);
            }
            return (int) d;
        }
        throw new IllegalArgumentException(owner + ": '" + key + "' must be an integer, got " + shown(v));
    }

    /** A double (any number). */
    public static double doubleValue(Map<String, ?> config, String key, String owner) {
        Object v = require(config, key, owner);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(owner + ": '" + key + "' must be a number, got " + shown(v));
    }

    /** A boolean (not the strings "true" or "false"). */
    public static boolean booleanValue(Map<String, ?> config, String key, String owner) {
        Object v = require(config, key, owner);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(owner + ": '" + key + "' must be true or false, got " + shown(v));
    }

    /** A string. */
    public static String stringValue(Map<String, ?> config, String key, String owner) {
        Object v = require(config, key, owner);
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(owner + ": '" + key + "' must be a string, got " + shown(v));
    }

    /** A nested config map (a JSON object). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> mapValue(Map<String, ?> config, String key, String owner) {
        Object v = require(config, key, owner);
        if (v instanceof Map<?, ?> m && m.keySet().stream().allMatch(k -> k instanceof String)) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException(owner + ": '" + key + "' must be an object, got " + shown(v));
    }

    /** A list (a JSON array). */
    public static List<?> listValue(Map<String, ?> config, String key, String owner) {
        Object v = require(config, key, owner);
        if (v instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException(owner + ": '" + key + "' must be an array, got " + shown(v));
    }

    private static String shown(Object v) {
        return v instanceof String s ? "the string \"" + s + "\"" : v instanceof Map<?, ?> ? "an object"
                : v instanceof List<?> ? "an array" : String.valueOf(v);
    }
}
