package dev.nabla.nn;

import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link Graph}'s config, both ways: its inputs, its nodes with their layers, its outputs. */
final class GraphConfig {
    private GraphConfig() {}

    static Map<String, Object> entries(Graph g, Map<String, Object> base) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        g.inputShapes().forEach((name, s) -> inputs.put(name, s == null ? null : dims(s)));
        base.put("inputs", inputs);
        List<Object> nodes = new ArrayList<>();
        for (GraphNode n : g.nodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            m.put("inputs", new ArrayList<>(n.inputs()));
            m.put("layer", Layers.write(n.layer()));
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

    /** Wiring mistakes are reported at the node or key that makes them, with GraphBuilder's message. */
    static Graph read(ConfigReader c) {
        c.allowOnly("inputs", "nodes", "outputs");
        c.list("nodes"); // required, even if empty
        GraphBuilder b = Graph.builder();
        ConfigReader inputs = c.object("inputs");
        for (String name : inputs.map().keySet()) {
            Shape shape = inputs.map().get(name) == null ? null : shape(inputs, name);
            inputs.build(() -> shape == null ? b.input(name) : b.input(name, shape));
        }
        for (ConfigReader node : c.objects("nodes")) {
            node.allowOnly("name", "inputs", "layer");
            String name = node.string("name");
            List<String> from = node.strings("inputs");
            Layer layer = Layers.read(node.object("layer"));
            node.build(() -> b.node(name, layer, from));
        }
        List<String> outputs = c.strings("outputs");
        c.build(() -> b.output(outputs.toArray(new String[0])));
        return c.build(b::build);
    }

    private static Shape shape(ConfigReader inputs, String name) {
        int[] dims = inputs.ints(name);
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] <= 0) {
                throw new dev.nabla.config.ConfigException(inputs.pathOf(name) + "[" + i + "]", "must be a size > 0, got " + dims[i]);
            }
        }
        return Shape.of(dims);
    }
}
