package dev.nabla.nn;

import dev.nabla.tensor.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link Graph}'s config, both ways. Reading accepts what a JSON reader produces: numbers of any
 * {@link Number} type (integral values only, for shapes), lists, and maps with string keys.
 */
final class GraphConfig {
    private GraphConfig() {}

    static Map<String, Object> toConfig(Graph g, Map<String, Object> base) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        g.inputShapes().forEach((name, s) -> inputs.put(name, s == null ? null : dims(s)));
        base.put("inputs", inputs);
        List<Object> nodes = new ArrayList<>();
        for (GraphNode n : g.nodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            m.put("inputs", new ArrayList<>(n.inputs()));
            m.put("layer", n.layer().config());
            nodes.add(m);
        }
        base.put("nodes", nodes);
        base.put("outputs", new ArrayList<>(g.outputNames()));
        return base;
    }

    private static List<Integer> dims(Shape s) {
        List<Integer> out = new ArrayList<>();
        for (int d : s.dims()) {
            out.add(d);
        }
        return out;
    }

    static Graph fromConfig(Map<String, Object> config, Function<Map<String, Object>, Layer> layerFactory) {
        Objects.requireNonNull(layerFactory, "layerFactory");
        Object type = config.get("type");
        if (type != null && !"Graph".equals(type)) {
            throw error("expected type 'Graph', got '" + type + "'");
        }
        checkKeys(config, "the graph config", "type", "name", "inputs", "nodes", "outputs");
        GraphBuilder b = Graph.builder();
        for (Map.Entry<String, Object> e : map(config.get("inputs"), "'inputs'").entrySet()) {
            if (e.getValue() == null) {
                b.input(e.getKey());
            } else {
                b.input(e.getKey(), shape(e.getValue(), "the shape of input '" + e.getKey() + "'"));
            }
        }
        List<?> nodes = list(config.get("nodes"), "'nodes'");
        for (int i = 0; i < nodes.size(); i++) {
            Map<String, Object> node = map(nodes.get(i), "node " + i);
            String name = string(node.get("name"), "the name of node " + i);
            checkKeys(node, "node '" + name + "'", "name", "inputs", "layer");
            List<String> inputs = strings(node.get("inputs"), "the inputs of node '" + name + "'");
            Map<String, Object> layerConfig = map(node.get("layer"), "the layer of node '" + name + "'");
            Layer layer = layerFactory.apply(layerConfig);
            if (layer == null) {
                throw error("the layer factory returned null for node '" + name + "' (config " + layerConfig + ")");
            }
            b.node(name, layer, inputs);
        }
        b.output(strings(config.get("outputs"), "'outputs'").toArray(new String[0]));
        Graph g = b.build();
        if (config.get("name") instanceof String n) {
            g.named(n);
        }
        return g;
    }

    /** Strict, as every layer factory: a misspelt key must not load as a default. */
    private static void checkKeys(Map<String, Object> m, String what, String... known) {
        List<String> allowed = List.of(known);
        for (String key : m.keySet()) {
            if (!allowed.contains(key)) {
                throw error(what + " has an unknown key '" + key + "' (known: " + String.join(", ", allowed) + ")");
            }
        }
    }

    private static IllegalArgumentException error(String message) {
        return new IllegalArgumentException("Graph.fromConfig: " + message);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object v, String what) {
        if (!(v instanceof Map<?, ?> m)) {
            throw error(what + " must be an object, got " + v);
        }
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                throw error(what + " has a key that is not a string: " + k);
            }
        }
        return (Map<String, Object>) m;
    }

    private static List<?> list(Object v, String what) {
        if (!(v instanceof List<?> l)) {
            throw error(what + " must be a list, got " + v);
        }
        return l;
    }

    private static String string(Object v, String what) {
        if (!(v instanceof String s)) {
            throw error(what + " must be a string, got " + v);
        }
        return s;
    }

    private static List<String> strings(Object v, String what) {
        List<String> out = new ArrayList<>();
        for (Object o : list(v, what)) {
            out.add(string(o, "each of " + what));
        }
        return out;
    }

    private static Shape shape(Object v, String what) {
        List<?> l = list(v, what);
        int[] dims = new int[l.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Merge.intValue(l.get(i), "Graph.fromConfig: each size in " + what + " " + l);
        }
        return Shape.of(dims);
    }
}
