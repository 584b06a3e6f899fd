package dev.nabla.train;

import dev.nabla.io.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The differences between two runs' settings, in words a user can act on: a setting that holds JSON (a
 * spec section) is compared key by key, so a changed learning rate reads
 * {@code $.optimizer.lr: 0.05 in the checkpoint, 0.01 now}, not as two whole sections.
 */
final class SettingsDiff {
    /** Values longer than this are cut, so that one message stays readable. */
    private static final int SHOWN = 60;

    private SettingsDiff() {}

    /** One line per difference, the checkpoint's run's settings first ({@code theirs}), keys in {@code skip} left out. */
    static List<String> changes(Map<String, String> theirs, Map<String, String> mine, Set<String> skip) {
        Set<String> keys = new LinkedHashSet<>(theirs.keySet());
        keys.addAll(mine.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (!skip.contains(k)) {
                compare(k, parse(theirs.get(k)), parse(mine.get(k)), out);
            }
        }
        return out;
    }

    /** "epochs: 5 in the checkpoint, 30 now", for a single setting. */
    static String change(String key, Object theirs, Object mine) {
        return key + ": " + shown(theirs) + " in the checkpoint, " + shown(mine) + " now";
    }

    @SuppressWarnings("unchecked")
    private static void compare(String path, Object a, Object b, List<String> out) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            Set<String> keys = new LinkedHashSet<>((Set<String>) ma.keySet());
            keys.addAll((Set<String>) mb.keySet());
            for (String k : keys) {
                compare(path + "." + k, ma.get(k), mb.get(k), out);
            }
        } else if (a instanceof List<?> la && b instanceof List<?> lb && la.size() == lb.size()) {
            for (int i = 0; i < la.size(); i++) {
                compare(path + "[" + i + "]", la.get(i), lb.get(i), out);
            }
        } else if (a == null ? b != null : !a.equals(b)) {
            out.add(change(path, a, b));
        }
    }

    /** JSON objects and arrays as maps and lists; anything else stays the text it is. */
    private static Object parse(String value) {
        if (value != null && (value.startsWith("{") || value.startsWith("["))) {
            try {
                return Json.parse(value);
            } catch (Json.JsonException e) {
                return value;
            }
        }
        return value;
    }

    private static String shown(Object v) {
        if (v == null) {
            return "(not set)";
        }
        String s = v instanceof String text ? text : Json.write(v);
        return s.length() <= SHOWN ? s : s.substring(0, SHOWN - 3) + "...";
    }
}
