package dev.nabla.spec;

import java.util.List;
import java.util.Map;

/**
 * Test helper: a small valid spec, and edits of it by path ({@code "optimizer.name"},
 * {@code "model.layers[1].units"}), so each error case states only what it changes.
 */
final class SpecEdits {
    /** Removes the key instead of setting it. */
    static final Object REMOVE = new Object();

    /** Valid and fast: XOR's truth table, one hidden layer. */
    static final String MINIMAL = """
            {
              "seed": 0,
              "data": {"source": "synthetic", "name": "truth_table", "function": "xor"},
              "model": {"type": "Sequential", "layers": [
                {"type": "Dense", "units": 8, "activation": "tanh"},
                {"type": "Dense", "units": 2}
              ]},
              "loss": {"name": "cross_entropy"},
              "optimizer": {"name": "adam", "lr": 0.05},
              "training": {"epochs": 200, "batch_size": 4},
              "metrics": ["accuracy"]
            }
            """;

    private SpecEdits() {}

    /** MINIMAL with one value set (or removed) at a dotted path; missing objects on the way are created. */
    static String with(String path, Object value) {
        return with(MINIMAL, path, value);
    }

    @SuppressWarnings("unchecked")
    static String with(String json, String path, Object value) {
        Object root = SpecJson.parse(json);
        String[] parts = path.split("\\.");
        Object node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = step(node, parts[i], true);
        }
        String last = parts[parts.length - 1];
        int bracket = last.indexOf('[');
        if (bracket >= 0) {
            List<Object> list = (List<Object>) step(node, last.substring(0, bracket), false);
            int index = Integer.parseInt(last.substring(bracket + 1, last.length() - 1));
            if (value == REMOVE) {
                list.remove(index);
            } else {
                list.set(index, value);
            }
        } else if (value == REMOVE) {
            ((Map<String, Object>) node).remove(last);
        } else {
            ((Map<String, Object>) node).put(last, value);
        }
        return SpecJson.write(root);
    }

    @SuppressWarnings("unchecked")
    private static Object step(Object node, String part, boolean create) {
        int bracket = part.indexOf('[');
        String key = bracket < 0 ? part : part.substring(0, bracket);
        Map<String, Object> map = (Map<String, Object>) node;
        Object next = create && !map.containsKey(key) ? new java.util.LinkedHashMap<String, Object>() : map.get(key);
        map.putIfAbsent(key, next);
        if (bracket >= 0) {
            next = ((List<Object>) next).get(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
        }
        return next;
    }
}
