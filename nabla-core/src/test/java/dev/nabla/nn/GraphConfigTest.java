package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Graph config: its shape, and rebuilding a graph from it through the layer registry (as a model file loader does). */
class GraphConfigTest {
    /** What a model file loader does: the architecture read back through the layer registry. */
    static Graph read(Map<String, Object> config) {
        return (Graph) Layers.read(config, "architecture");
    }

    /** What a JSON reader gives back: Long for integers, lists and maps of its own. */
    static Object asParsedJson(Object v) {
        if (v instanceof Integer i) {
            return (long) i;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(o -> out.add(asParsedJson(o)));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, o) -> out.put((String) k, asParsedJson(o)));
            return out;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> roundTrip(Map<String, Object> config) {
        return (Map<String, Object>) asParsedJson(config);
    }

    static Graph model() {
        return Graph.builder().input("x", 6).input("y", 2)
                .node("h1", new Dense(14, Activation.relu()), "x")
                .node("h2", new Dense(14, Activation.tanh()), "h1")
                .node("sum", Merge.add(), "h1", "h2")
                .node("cat", Merge.concat(), "sum", "y")               // 14 + 2 = the block's 16
                .node("block", GraphTest.residualBlock(), "cat")
                .node("out", Sequential.of(new Dense(4, Activation.relu()), new Dense(3)), "block")
                .output("out", "sum")
                .build(21);
    }

    @Test
    void configListsInputsNodesAndOutputs() {
        Map<String, Object> c = Graph.builder().input("x", 784)
                .node("h1", new Dense(256, Activation.relu()), "x")
                .node("out", new Dense(10), "h1")
                .output("out").build().configEntries();
        assertEquals("Graph", Layers.write(Graph.builder().input("x", 1).node("o", new Dense(1), "x").output("o").build()).get("type"));
        assertEquals(Map.of("x", List.of(784)), c.get("inputs"));
        assertEquals(List.of("out"), c.get("outputs"));
        List<?> nodes = (List<?>) c.get("nodes");
        assertEquals(2, nodes.size());
        Map<?, ?> h1 = (Map<?, ?>) nodes.get(0);
        assertEquals("h1", h1.get("name"));
        assertEquals(List.of("x"), h1.get("inputs"));
        assertEquals("Dense", ((Map<?, ?>) h1.get("layer")).get("type"));
        assertEquals(256, ((Map<?, ?>) h1.get("layer")).get("units"));
        assertEquals("h1", ((Map<?, ?>) h1.get("layer")).get("name"));
    }

    @Test
    void anInputLeftToInferenceIsNullUntilBuilt() {
        Graph block = GraphTest.residualBlock();
        Map<?, ?> inputs = (Map<?, ?>) block.configEntries().get("inputs");
        assertTrue(inputs.containsKey("x"));
        assertEquals(null, inputs.get("x"));
        Sequential.of(new Dense(16), block).build(0, 3);
        assertEquals(Map.of("x", List.of(16)), block.configEntries().get("inputs"));
    }

    @Test
    void fromConfigRebuildsTheSameGraph() {
        Graph g = model();
        Graph copy = read(roundTrip(Layers.write(g)));
        assertFalse(copy.isBuilt());
        copy.build(21);
        assertEquals(Layers.write(g), Layers.write(copy));
        assertEquals(g.toString(), copy.toString());
        assertEquals(List.copyOf(g.stateDict().keySet()), List.copyOf(copy.stateDict().keySet()));
        // same seed, same draw order: same parameters, same outputs
        Map<String, Tensor> in = Map.of("x", Tensor.randn(new Generator(1), 3, 6), "y", Tensor.randn(new Generator(2), 3, 2));
        Map<String, Tensor> a = g.forward(in), b = copy.forward(in);
        for (String o : List.of("out", "sum")) {
            assertArrayEquals(a.get(o).toFloatArray(), b.get(o).toFloatArray(), 0f, o);
        }
    }

    @Test
    void mergeConfigsRoundTrip() {
        for (Merge m : List.of(Merge.add(), Merge.multiply(), Merge.average(), Merge.concat(), Merge.concat(2))) {
            m.named("m");
            Layer back = Layers.read(roundTrip(Layers.write(m)), "merge");
            assertEquals(m.getClass(), back.getClass());
            assertEquals(Layers.write(m), Layers.write(back));
        }
        assertEquals(Map.of("type", "Concatenate", "axis", 2), Layers.write(Merge.concat(2)));
        assertTrue(Layers.types().containsAll(List.of("Add", "Average", "Concatenate", "Multiply")), Layers.types().toString());
    }

    @Test
    void fromConfigErrorsSayWhatIsWrong() {
        assertTrue(message(Map.of("type", "Graph", "inputs", Map.of("x", List.of(3)),
                        "nodes", List.of(Map.of("name", "a", "inputs", List.of("b"), "layer", Map.of("type", "Add"))),
                        "outputs", List.of("a")))
                .contains("architecture.nodes[0]: Graph: node 'a' reads 'b', which is not declared before it"));
        assertTrue(message(Map.of("type", "Graph", "inputs", Map.of("x", List.of(3.5)), "nodes", List.of(), "outputs", List.of()))
                .contains("architecture.inputs.x[0]: must be an integer, got 3.5"));
        assertTrue(message(Map.of("type", "Graph", "inputs", Map.of("x", List.of(3)), "outputs", List.of("x")))
                .contains("architecture.nodes: required key is missing"));
        assertTrue(message(Map.of("type", "Graph", "inputs", Map.of(), "nodes", List.of(), "outputs", List.of(), "extra", 1))
                .contains("architecture.extra: unknown key; allowed: type, name, inputs, nodes, outputs"));
        assertTrue(message(Map.of("type", "Subtract")).contains("unknown layer type 'Subtract'; allowed: Dense,"));
        assertTrue(message(Map.of("type", "Add", "axis", 1)).contains("architecture.axis: unknown key; allowed: type, name"));
    }

    private static String message(Map<String, Object> config) {
        return assertThrows(IllegalArgumentException.class, () -> Layers.read(config, "architecture")).getMessage();
    }
}
