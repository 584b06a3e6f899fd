package dev.nabla.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * One config object (a parsed JSON object: strings, numbers, booleans, lists and maps) with its path, so
 * every getter can say where a bad value is: {@code $.model.layers[2].units: must be an integer, got 2.5}.
 * The same reader serves model files and experiment specs, so a layer, loss or optimizer reads its
 * settings once, in its own class.
 *
 * <p>Getters check the JSON type; a setting's range is the record's to check in its constructor (see
 * {@link Check}), which {@link #build} re-locates at the key. Getters with a predicate take a
 * requirement that serves both as the check's description and as the error text ("an integer > 0"), for
 * settings that no record holds. Numbers may be any {@link Number}: JSON readers give Long or Double.
 */
public final class ConfigReader {
    private final Map<String, Object> map;
    private final String path;
    /** Keys of this object that a caller has read and taken out ({@link #without}): allowed, listed in errors. */
    private final List<String> taken;

    private ConfigReader(Map<String, Object> map, String path, List<String> taken) {
        this.map = map;
        this.path = path;
        this.taken = taken;
    }

    /** A reader over {@code map}, whose own place is {@code path} ({@code $} for a whole document). */
    @SuppressWarnings("unchecked")
    public static ConfigReader of(Map<?, ?> map, String path) {
        for (Object k : map.keySet()) {
            if (!(k instanceof String)) {
                throw new ConfigException(path, "has a key that is not a string: " + k);
            }
        }
        return new ConfigReader((Map<String, Object>) map, path, List.of());
    }

    /** The root of a parsed document, which must be an object. */
    public static ConfigReader root(Object parsed, String path) {
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new ConfigException(path, "must be a JSON object, got " + shown(parsed));
        }
        return of(m, path);
    }

    public String path() {
        return path;
    }

    /** The path of a key of this object. */
    public String pathOf(String key) {
        return path + "." + key;
    }

    /** The object itself (read-only by convention). */
    public Map<String, Object> map() {
        return map;
    }

    public boolean has(String key) {
        return map.containsKey(key);
    }

    /** An error at this object's key. */
    public ConfigException error(String key, String problem) {
        return new ConfigException(pathOf(key), problem);
    }

    /** An error at this object. */
    public ConfigException error(String problem) {
        return new ConfigException(path, problem);
    }

    /**
     * This object without the given keys, which the caller reads itself (a registry's discriminator, a
     * layer's name): same path, and errors about unknown keys still list them as allowed.
     */
    public ConfigReader without(String... keys) {
        Map<String, Object> rest = new LinkedHashMap<>(map);
        List<String> out = new ArrayList<>(taken);
        for (String k : keys) {
            rest.remove(k);
            out.add(k);
        }
        return new ConfigReader(rest, path, List.copyOf(out));
    }

    /** Refuses keys outside {@code allowed}, listing the allowed ones; returns this. */
    public ConfigReader allowOnly(String... allowed) {
        List<String> known = List.of(allowed);
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                List<String> all = new ArrayList<>(taken);
                all.addAll(known);
                throw error(key, "unknown key; allowed: " + (all.isEmpty() ? "none" : String.join(", ", all)));
            }
        }
        return this;
    }

    /**
     * Runs a record's constructor (or a builder's call) with values read here: a refusal of one of its
     * keys ({@link ConfigException#of}) is reported at that key, any other refusal (an illegal argument or
     * state) at this object.
     */
    public <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (ConfigException e) {
            throw e.under(path);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigException(path, e.getMessage(), e);
        }
    }

    /** The raw value under a required key. */
    public Object required(String key) {
        Object v = map.get(key);
        if (v == null) {
            throw error(key, map.containsKey(key) ? "must not be null" : "required key is missing");
        }
        return v;
    }

    public String string(String key) {
        Object v = required(key);
        if (v instanceof String s) {
            return s;
        }
        throw error(key, "must be a string, got " + shown(v));
    }

    public String string(String key, String defaultValue) {
        return has(key) ? string(key) : defaultValue;
    }

    /** A string from a closed set: {@code unknown <what> 'x'; allowed: a, b, c}. */
    public String choice(String key, String what, List<String> allowed) {
        String s = string(key);
        if (!allowed.contains(s)) {
            throw error(key, "unknown " + what + " '" + s + "'; allowed: " + String.join(", ", allowed));
        }
        return s;
    }

    public String choice(String key, String what, List<String> allowed, String defaultValue) {
        return has(key) ? choice(key, what, allowed) : defaultValue;
    }

    /** An enum constant by its lower-case name ({@code "fan_in"} for {@code FAN_IN}). */
    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase());
        }
        return type.getEnumConstants()[names.indexOf(choice(key, key, names))];
    }

    /** A whole number. */
    public long integer(String key) {
        return integer(key, v -> true, "an integer");
    }

    public long integer(String key, long defaultValue) {
        return has(key) ? integer(key) : defaultValue;
    }

    /** A whole number satisfying {@code ok}, described by {@code requirement} ("an integer > 0"). */
    public long integer(String key, LongPredicate ok, String requirement) {
        return integerValue(required(key), pathOf(key), ok, requirement);
    }

    public long integer(String key, long defaultValue, LongPredicate ok, String requirement) {
        return has(key) ? integer(key, ok, requirement) : defaultValue;
    }

    /** An int-sized whole number. */
    public int intValue(String key) {
        return intValue(key, v -> true, "an integer");
    }

    public int intValue(String key, int defaultValue) {
        return has(key) ? intValue(key) : defaultValue;
    }

    public int intValue(String key, LongPredicate ok, String requirement) {
        return (int) integer(key, v -> v <= Integer.MAX_VALUE && v >= Integer.MIN_VALUE && ok.test(v), requirement);
    }

    public int intValue(String key, int defaultValue, LongPredicate ok, String requirement) {
        return has(key) ? intValue(key, ok, requirement) : defaultValue;
    }

    public static long integerValue(Object v, String where, LongPredicate ok, String requirement) {
        boolean whole = v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || (v instanceof Double || v instanceof Float) && ((Number) v).doubleValue() == Math.rint(((Number) v).doubleValue())
                && Math.abs(((Number) v).doubleValue()) < 0x1p53;
        if (whole && ok.test(((Number) v).longValue())) {
            return ((Number) v).longValue();
        }
        throw new ConfigException(where, "must be " + requirement + ", got " + shown(v));
    }

    /** A finite number. */
    public double number(String key) {
        return number(key, v -> true, "a number");
    }

    public double number(String key, double defaultValue) {
        return has(key) ? number(key) : defaultValue;
    }

    /** A finite number satisfying {@code ok}, described by {@code requirement} ("a number > 0"). */
    public double number(String key, DoublePredicate ok, String requirement) {
        return numberValue(required(key), pathOf(key), ok, requirement);
    }

    public double number(String key, double defaultValue, DoublePredicate ok, String requirement) {
        return has(key) ? number(key, ok, requirement) : defaultValue;
    }

    public static double numberValue(Object v, String where, DoublePredicate ok, String requirement) {
        if (v instanceof Number n && Double.isFinite(n.doubleValue()) && ok.test(n.doubleValue())) {
            return n.doubleValue();
        }
        throw new ConfigException(where, "must be " + requirement + ", got " + shown(v));
    }

    public boolean bool(String key) {
        Object v = required(key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw error(key, "must be true or false, got " + shown(v));
    }

    public boolean bool(String key, boolean defaultValue) {
        return has(key) ? bool(key) : defaultValue;
    }

    /** A nested object. */
    public ConfigReader object(String key) {
        Object v = required(key);
        if (v instanceof Map<?, ?> m) {
            return of(m, pathOf(key));
        }
        throw error(key, "must be an object, got " + shown(v));
    }

    /** A JSON array. */
    public List<?> list(String key) {
        Object v = required(key);
        if (v instanceof List<?> l) {
            return l;
        }
        throw error(key, "must be an array, got " + shown(v));
    }

    /** An array of objects, each with its own path ({@code $.callbacks[1]}); empty when the key is absent. */
    public List<ConfigReader> objects(String key) {
        if (!has(key)) {
            return List.of();
        }
        List<?> items = list(key);
        List<ConfigReader> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(root(items.get(i), pathOf(key) + "[" + i + "]"));
        }
        return out;
    }

    /** An array of strings; empty when the key is absent. */
    public List<String> strings(String key) {
        if (!has(key)) {
            return List.of();
        }
        List<?> items = list(key);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String s)) {
                throw new ConfigException(pathOf(key) + "[" + i + "]", "must be a string, got " + shown(items.get(i)));
            }
            out.add(s);
        }
        return out;
    }

    /** An array of int-sized whole numbers. */
    public int[] ints(String key) {
        List<?> items = list(key);
        int[] out = new int[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) integerValue(items.get(i), pathOf(key) + "[" + i + "]",
                    v -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE, "an integer");
        }
        return out;
    }

    /** An array of finite numbers. */
    public double[] doubles(String key) {
        return doubles(required(key), pathOf(key));
    }

    /** A JSON array of finite numbers found at {@code where} (an element of a nested array, say). */
    public static double[] doubles(Object value, String where) {
        if (!(value instanceof List<?> items)) {
            throw new ConfigException(where, "must be an array of numbers, got " + shown(value));
        }
        double[] out = new double[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = numberValue(items.get(i), where + "[" + i + "]", v -> true, "a number");
        }
        return out;
    }

    /**
     * A value of a registered family (an activation, an initialiser, a layer...) under {@code key}: an
     * object with its name, or the name alone as shorthand ({@code "activation": "relu"}); the default when
     * the key is absent.
     */
    public <T> T read(String key, Registry<T> family, T defaultValue) {
        return has(key) ? family.read(required(key), pathOf(key)) : defaultValue;
    }

    /** A value of a registered family under a required key. */
    public <T> T read(String key, Registry<T> family) {
        return family.read(required(key), pathOf(key));
    }

    /** How a value is shown in errors: strings quoted and labelled, containers by kind. */
    public static String shown(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "the string \"" + s + "\"";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            default -> v.toString();
        };
    }
}
