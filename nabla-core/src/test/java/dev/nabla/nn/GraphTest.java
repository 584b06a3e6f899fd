package dev.nabla.nn;

import static dev.nabla.nn.Activation.relu;
import static dev.nabla.nn.Activation.tanh;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.Linear;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Graph: wiring, equivalence with hand-written expressions and with Sequential, shapes, names. */
class GraphTest {
    static Tensor randn(long seed, int... dims) {
        return Tensor.normal(new Generator(seed), DType.FLOAT64, 0, 1, dims);
    }

    static Dense dense(int units, Activation a) {
        // non-zero biases, so a bias wired to the wrong place shows
        return new Dense(units, a).biasInit(Init.uniform(-0.5, 0.5));
    }

    static Graph skipGraph(long seed) {
        return Graph.builder().input("x", 6)
                .node("h1", dense(8, relu()), "x")
                .node("h2", dense(8, tanh()), "h1")
                .node("sum", Merge.add(), "h1", "h2")
                .node("out", dense(3, Activation.identity()), "sum")
                .output("out")
                .build(seed, DType.FLOAT64);
    }

    static Dense denseAt(Graph g, String node) {
        return (Dense) g.node(node).layer();
    }

    static Tensor linear(Tensor x, Dense d) {
        return Linear.apply(x, d.weight().value(), d.bias().value());
    }

    @Test
    void skipConnectionComputesExactlyTheHandWiredExpression() {
        Graph g = skipGraph(11);
        Tensor x = randn(1, 5, 6);
        Tensor h1 = linear(x, denseAt(g, "h1")).relu();
        Tensor h2 = linear(h1, denseAt(g, "h2")).tanh();
        Tensor expected = linear(h1.add(h2), denseAt(g, "out"));
        assertArrayEquals(expected.toDoubleArray(), g.forward(x).toDoubleArray(), 0.0);
        assertArrayEquals(expected.toDoubleArray(), g.forward(Map.of("x", x)).get("out").toDoubleArray(), 0.0);

        // the same with plain matmul + add instead of the fused op: equal to rounding
        Dense d1 = denseAt(g, "h1"), d2 = denseAt(g, "h2"), d3 = denseAt(g, "out");
        Tensor m1 = x.matmul(d1.weight().value().t()).add(d1.bias().value()).relu();
        Tensor m2 = m1.matmul(d2.weight().value().t()).add(d2.bias().value()).tanh();
        Tensor m3 = m1.add(m2).matmul(d3.weight().value().t()).add(d3.bias().value());
        assertTrue(m3.allClose(g.forward(x), 1e-12, 1e-12));
    }

    @Test
    void chainGraphDrawsTheSameParametersAsSequentialAndComputesTheSame() {
        Sequential seq = Sequential.of(new Dense(12, relu()), new Dropout(0.3), new Dense(4)).build(5, 7);
        Graph g = Graph.builder().input("x", 7)
                .node("a", new Dense(12, relu()), "x")
                .node("drop", new Dropout(0.3), "a")
                .node("b", new Dense(4), "drop")
                .output("b").build(5);
        List<Tensor> s = new ArrayList<>(seq.stateDict().values());
        List<Tensor> t = new ArrayList<>(g.stateDict().values());
        assertEquals(List.of("nodes.a.weight", "nodes.a.bias", "nodes.b.weight", "nodes.b.bias"),
                List.copyOf(g.stateDict().keySet()));
        assertEquals(s.size(), t.size());
        for (int i = 0; i < s.size(); i++) {
            assertArrayEquals(s.get(i).toFloatArray(), t.get(i).toFloatArray(), 0f);
        }
        Tensor x = Tensor.randn(new Generator(9), 10, 7);
        // in training mode too: the dropout generators were seeded alike
        assertArrayEquals(seq.forward(x).toFloatArray(), g.forward(x).toFloatArray(), 0f);
        seq.eval();
        g.eval();
        assertArrayEquals(seq.forward(x).toFloatArray(), g.forward(x).toFloatArray(), 0f);
    }

    static Graph twoByTwo() {
        return Graph.builder().input("a", 3).input("b", 5)
                .node("ha", dense(4, tanh()), "a")
                .node("hb", dense(4, Activation.sigmoid()), "b")
                .node("cat", Merge.concat(), "ha", "hb")
                .node("head1", dense(2, Activation.identity()), "cat")
                .node("prod", Merge.multiply(), "ha", "hb")
                .output("head1", "prod")
                .build(3, DType.FLOAT64);
    }

    @Test
    void twoInputsTwoOutputs() {
        Graph g = twoByTwo();
        Tensor a = randn(1, 6, 3), b = randn(2, 6, 5);
        Map<String, Tensor> out = g.forward(Map.of("b", b, "a", a));
        assertEquals(List.of("head1", "prod"), List.copyOf(out.keySet()));
        Tensor ha = linear(a, denseAt(g, "ha")).tanh();
        Tensor hb = linear(b, denseAt(g, "hb")).sigmoid();
        Tensor head1 = linear(Tensor.concat(1, ha, hb), denseAt(g, "head1"));
        assertArrayEquals(head1.toDoubleArray(), out.get("head1").toDoubleArray(), 0.0);
        assertArrayEquals(ha.mul(hb).toDoubleArray(), out.get("prod").toDoubleArray(), 0.0);
        assertEquals(Shape.of(6, 2), out.get("head1").shape());
        assertEquals(Shape.of(6, 4), out.get("prod").shape());
    }

    @Test
    void shapesAreInferredDownTheGraph() {
        Graph g = Graph.builder().input("img", 2, 3).input("v", 4)
                .node("flat", new Flatten(), "img")
                .node("h", new Dense(4), "flat")
                .node("avg", Merge.average(), "h", "v")
                .node("cat", Merge.concat(), "flat", "avg", "v")
                .node("cat1", Merge.concat(1), "img", "img")
                .output("cat", "cat1").build(1);
        assertEquals(Shape.of(6), g.shapeOf("flat"));
        assertEquals(Shape.of(4), g.shapeOf("avg"));
        assertEquals(Shape.of(14), g.shapeOf("cat"));
        assertEquals(Shape.of(4, 3), g.shapeOf("cat1"));
        assertEquals(Map.of("cat", Shape.of(14), "cat1", Shape.of(4, 3)), g.outputShapes());
        assertEquals(Shape.of(14), g.outputShape(), "Layer's outputShape is the first output's");
        Map<String, Tensor> out = g.forward(Map.of("img", Tensor.ones(5, 2, 3), "v", Tensor.ones(5, 4)));
        assertEquals(Shape.of(5, 14), out.get("cat").shape());
        assertEquals(Shape.of(5, 4, 3), out.get("cat1").shape());
    }

    static Graph residualBlock() {
        return Graph.builder().input("x")                      // size inferred from the layer before
                .node("fc", new Dense(16, relu()), "x")
                .node("res", Merge.add(), "x", "fc")
                .output("res").build();
    }

    @Test
    void nestsInSequentialWithItsInputSizeInferred() {
        Graph block = residualBlock();
        assertNull(block.shapeOf("x"));
        Sequential model = Sequential.of(new Dense(16), block, new Dense(3)).build(2, 5);
        assertEquals(Shape.of(16), block.shapeOf("x"));
        assertEquals(Shape.of(3, 3), model.forward(Tensor.ones(3, 5)).shape());
        assertTrue(model.namedParameters().containsKey("layers.1.nodes.fc.weight"));
        assertTrue(model.summary().contains("Graph(inputs=[x], outputs=[res], nodes=2)"));
    }

    @Test
    void nestsInAnotherGraphAndHoldsASequential() {
        Graph outer = Graph.builder().input("x", 5)
                .node("stem", Sequential.of(new Dense(16, relu()), new Dense(16)), "x")
                .node("block", residualBlock(), "stem")
                .node("out", new Dense(2), "block")
                .output("out").build(4);
        assertEquals(List.of("nodes.stem.layers.0.weight", "nodes.stem.layers.0.bias", "nodes.stem.layers.1.weight",
                        "nodes.stem.layers.1.bias", "nodes.block.nodes.fc.weight", "nodes.block.nodes.fc.bias",
                        "nodes.out.weight", "nodes.out.bias"),
                List.copyOf(outer.namedParameters().keySet()));
        assertEquals(Shape.of(7, 2), outer.forward(Tensor.ones(7, 5)).shape());
    }

    @Test
    void nodesNameTheirLayersUnlessNamedAlready() {
        Dense named = (Dense) new Dense(3).named("fc1");
        Graph g = Graph.builder().input("x", 2)
                .node("h", new Dense(3), "x")
                .node("k", named, "h")
                .output("k").build(0);
        assertEquals("h", g.node("h").layer().name());
        assertEquals("fc1", g.node("k").layer().name());
    }

    @Test
    void trainAndEvalReachEveryNode() {
        Graph g = Graph.builder().input("x", 4)
                .node("d", new Dropout(0.5), "x")
                .node("h", new Dense(4), "d")
                .output("h").build(1);
        g.eval();
        assertFalse(g.node("d").layer().isTraining());
        Tensor x = Tensor.ones(8, 4);
        assertArrayEquals(g.forward(x).toFloatArray(), g.forward(x).toFloatArray(), 0f);
        g.train();
        assertTrue(g.node("d").layer().isTraining());
    }

    @Test
    void firstForwardBuildsWithSeedZero() {
        Graph lazy = Graph.builder().input("x").node("h", new Dense(3), "x").output("h").build();
        Graph eager = Graph.builder().input("x", 4).node("h", new Dense(3), "x").output("h").build(0);
        Tensor x = Tensor.randn(new Generator(1), 2, 4);
        Tensor y = lazy.forward(Map.of("x", x)).get("h");
        assertTrue(lazy.isBuilt());
        assertArrayEquals(eager.forward(x).toFloatArray(), y.toFloatArray(), 0f);
    }

    @Test
    void anInputCanBeAnOutput() {
        Graph g = Graph.builder().input("x", 2).node("h", new Dense(3), "x").output("h", "x").build(0);
        Tensor x = Tensor.ones(1, 2);
        assertSame(x, g.forward(Map.of("x", x)).get("x"));
    }

    @Test
    void toStringShowsTheWiringAndSummaryTheShapes() {
        Graph g = Graph.builder().input("x", 784)
                .node("h1", new Dense(256, relu()), "x")
                .node("h2", new Dense(256, relu()), "h1")
                .node("sum", Merge.add(), "h1", "h2")
                .node("out", new Dense(10), "sum")
                .output("out").build(0);
        String s = g.toString();
        assertTrue(s.contains("input x [*, 784]"), s);
        assertTrue(s.contains("h1 = Dense(784 -> 256, bias=true, activation=relu)(x)"), s);
        assertTrue(s.contains("sum = Add()(h1, h2)"), s);
        assertTrue(s.contains("outputs out"), s);
        String summary = g.summary();
        assertTrue(summary.contains("[*, 256]"), summary);
        assertTrue(summary.contains("h1, h2"), summary);
        assertTrue(summary.contains("total parameters: 269,322"), summary);
        assertEquals(784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10, g.parameterCount());
    }
}
