package dev.nabla.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.function.LongPredicate;

/**
 * One JSON object of a spec together with its path, so every getter can say where a bad value is:
 * {@code $.model.layers[2].units: must be an integer > 0, got -3}. Getters state the requirement once
 * ("an integer > 0"), which serves both as the check's description and as the error text; optional
 * getters take the default of the record they feed (e.g. {@code Adam.Config.DEFAULT.lr()}), so defaults
 * are never written here.
 */
final class SpecObject {
    private final Map<String, Object> map;
    private final String path;

    SpecObject(Map<String, Object> map, String path) {
        this.map = map;
        this.path = path;
    }

    /** The root of a parsed document, which must be an object. */
    @SuppressWarnings("unchecked")
    static SpecObject root(Object parsed) {
        if (!(parsed instanceof Map<?, ?>)) {
            throw new SpecException("$", "a spec is a JSON object, got " + shown(parsed));
        }
        return new SpecObject((Map<String, Object>) parsed, "$");
    }

    String path() {
        return path;
    }

    /** The path of a key of this object. */
    String pathOf(String key) {
        return path + "." + key;
    }

    Map<String, Object> map() {
        return map;
    }

    boolean has(String key) {
        return map.containsKey(key);
    }

    /** An error at this object's key. */
    SpecException error(String key, String problem) {
        return new SpecException(pathOf(key), problem);
    }

    /** Refuses keys outside {@code allowed}, listing the allowed ones. */
    SpecObject allowOnly(String... allowed) {
        List<String> known = List.of(allowed);
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                throw error(key, "unknown key; allowed: " + String.join(", ", known));
            }
        }
        return this;
    }

    /** The raw value under a required key. */
    Object required(String key) {
        Object v = map.get(key);
        if (v == null) {
            throw error(key, map.containsKey(key) ? "must not be null" : "required key is missing");
        }
        return v;
    }

    String string(String key) {
        Object v = required(key);
        if (v instanceof String s) {
            return s;
        }
        throw error(key, "must be a string, got " + shown(v));
    }

    String string(String key, String defaultValue) {
        return has(key) ? string(key) : defaultValue;
    }

    /** A string from a closed set: {@code unknown <what> 'x'; allowed: a, b, c}. */
    String choice(String key, String what, List<String> allowed) {
        String s = string(key);
        if (!allowed.contains(s)) {
            throw error(key, "unknown " + what + " '" + s + "'; allowed: " + String.join(", ", allowed));
        }
        return s;
    }

    String choice(String key, String what, List<String> allowed, String defaultValue) {
        return has(key) ? choice(key, what, allowed) : defaultValue;
    }

    /** A whole number satisfying {@code ok}, described by {@code requirement} ("an integer > 0"). */
    long integer(String key, LongPredicate ok, String requirement) {
        return integerValue(required(key), pathOf(key), ok, requirement);
    }

    long integer(String key, long defaultValue, LongPredicate ok, String requirement) {
        return has(key) ? integer(key, ok, requirement) : defaultValue;
    }

    /** An int-sized whole number satisfying {@code ok}. */
    int intValue(String key, int defaultValue, LongPredicate ok, String requirement) {
        return (int) integer(key, defaultValue, v -> v <= Integer.MAX_VALUE && v >= Integer.MIN_VALUE && ok.test(v),
                requirement);
    }

    int intValue(String key, LongPredicate ok, String requirement) {
        return (int) integer(key, v -> v <= Integer.MAX_VALUE && v >= Integer.MIN_VALUE && ok.test(v), requirement);
    }

    static long integerValue(Object v, String where, LongPredicate ok, String requirement) {
        boolean whole = v instanceof Long || v instanceof Integer
                || v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p53;
        if (whole && ok.test(((Number) v).longValue())) {
            return ((Number) v).longValue();
        }
        throw new SpecException(where, "must be " + requirement + ", got " + shown(v));
    }

    /** A finite number satisfying {@code ok}, described by {@code requirement} ("a number > 0"). */
    double number(String key, DoublePredicate ok, String requirement) {
        return numberValue(required(key), pathOf(key), ok, requirement);
    }

    double number(String key, double defaultValue, DoublePredicate ok, String requirement) {
        return has(key) ? number(key, ok, requirement) : defaultValue;
    }

    static double numberValue(Object v, String where, DoublePredicate ok, String requirement) {
        if (v instanceof Number n && Double.isFinite(n.doubleValue()) && ok.test(n.doubleValue())) {
            return n.doubleValue();
        }
        throw new SpecException(where, "must be " + requirement + ", got " + shown(v));
    }

    boolean bool(String key, boolean defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        Object v = required(key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw error(key, "must be true or false, got " + shown(v));
    }

    /** A nested object. */
    @SuppressWarnings("unchecked")
    SpecObject object(String key) {
        Object v = required(key);
        if (v instanceof Map<?, ?>) {
            return new SpecObject((Map<String, Object>) v, pathOf(key));
        }
        throw error(key, "must be an object, got " + shown(v));
    }

    /** A JSON array. */
    List<?> list(String key) {
        Object v = required(key);
        if (v instanceof List<?> l) {
            return l;
        }
        throw error(key, "must be an array, got " + shown(v));
    }

    /** An array of objects, each with its own path ({@code $.callbacks[1]}); empty when the key is absent. */
    @SuppressWarnings("unchecked")
    List<SpecObject> objects(String key) {
        if (!has(key)) {
            return List.of();
        }
        List<?> items = list(key);
        List<SpecObject> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String where = pathOf(key) + "[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?> m)) {
                throw new SpecException(where, "must be an object, got " + shown(items.get(i)));
            }
            out.add(new SpecObject((Map<String, Object>) m, where));
        }
        return out;
    }

    /** An array of strings; empty when the key is absent. */
    List<String> strings(String key) {
        if (!has(key)) {
            return List.of();
        }
        List<?> items = list(key);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String s)) {
                throw new SpecException(pathOf(key) + "[" + i + "]", "must be a string, got " + shown(items.get(i)));
            }
            out.add(s);
        }
        return out;
    }

    /** How a value is shown in errors: strings quoted and labelled, containers by kind. */
    static String shown(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "the string \"" + s + "\"";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            default -> v.toString();
        };
    }
}
