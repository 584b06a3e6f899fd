package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every wiring and calling mistake fails where it is made, naming the node and the shapes. */
class GraphErrorsTest {
    private static String message(Class<? extends Throwable> type, Executable e) {
        return assertThrows(type, e).getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "expected '" + p + "' in: " + message);
        }
    }

    private static GraphBuilder mlp() {
        return Graph.builder().input("x", 784).node("h1", new Dense(16), "x");
    }

    @Test
    void duplicateNames() {
        assertEquals("Graph: node name 'h1' is already used by a node",
                message(IllegalArgumentException.class, () -> mlp().node("h1", new Dense(4), "x")));
        assertEquals("Graph: node name 'x' is already used by an input",
                message(IllegalArgumentException.class, () -> mlp().node("x", new Dense(4), "h1")));
        assertEquals("Graph: input name 'h1' is already used by a node",
                message(IllegalArgumentException.class, () -> mlp().input("h1", 3)));
    }

    @Test
    void invalidNames() {
        assertContains(message(IllegalArgumentException.class, () -> mlp().node("a.b", new Dense(4), "h1")),
                "without '.'", "'a.b'");
        assertContains(message(IllegalArgumentException.class, () -> Graph.builder().input("", 3)), "non-empty");
    }

    @Test
    void unknownInputNamesTheNodeAndTheName() {
        assertEquals("Graph: node 'h2' reads 'h9', which is not declared before it (declared so far: [x, h1])",
                message(IllegalArgumentException.class, () -> mlp().node("h2", new Dense(4), "h9")));
        // a later node cannot be read either: this is what keeps the graph acyclic
        assertContains(message(IllegalArgumentException.class, () -> mlp().node("h2", new Dense(4), "h3")), "'h3'");
        assertEquals("Graph: node 'h2' cannot read itself (a graph has no cycles)",
                message(IllegalArgumentException.class, () -> mlp().node("h2", new Dense(4), "h2")));
    }

    @Test
    void arityOfMergesAndOtherLayers() {
        assertContains(message(IllegalArgumentException.class, () -> mlp().node("s", Merge.add(), "h1")),
                "node 's'", "Add", "at least 2 inputs, got 1");
        assertContains(message(IllegalArgumentException.class, () -> mlp().node("d", new Dense(2), "x", "h1")),
                "node 'd'", "2 inputs [x, h1]", "Dense takes one", "Merge");
        assertContains(message(IllegalArgumentException.class, () -> mlp().node("d", new Dense(2))), "0 inputs");
        Graph twoHeads = Graph.builder().input("x", 2).node("a", new Dense(2), "x").output("a", "x").build();
        assertContains(message(IllegalArgumentException.class, () -> mlp().node("g", twoHeads, "h1")),
                "node 'g'", "outputs [a, x]", "exactly one input and one output");
    }

    @Test
    void aLayerObjectServesOneNode() {
        Dense shared = new Dense(16);
        assertContains(message(IllegalArgumentException.class,
                () -> Graph.builder().input("x", 16).node("a", shared, "x").node("b", shared, "a")),
                "node 'b'", "node 'a'", "shared weights");
    }

    @Test
    void outputsAreRequiredDeclaredAndDistinct() {
        assertContains(message(IllegalStateException.class, () -> mlp().build(0)), "at least one output");
        assertContains(message(IllegalArgumentException.class, () -> mlp().output("zz")), "'zz'", "[x, h1]");
        assertContains(message(IllegalArgumentException.class, () -> mlp().output("h1", "h1")), "'h1' is listed twice");
    }

    @Test
    void nodesAndInputsThatReachNoOutputAreRefused() {
        assertEquals("Graph: node 'dead' does not lead to any output (outputs: [h1]); remove it or list it as an output",
                message(IllegalArgumentException.class,
                        () -> mlp().node("dead", new Dense(3), "x").output("h1").build(0)));
        assertEquals("Graph: input 'y' does not lead to any output (outputs: [h1])",
                message(IllegalArgumentException.class, () -> mlp().input("y", 2).output("h1").build(0)));
    }

    @Test
    void aBuilderBuildsOnce() {
        GraphBuilder b = mlp().output("h1");
        b.build();
        assertContains(message(IllegalStateException.class, b::build), "already built");
    }

    @Test
    void addWithMismatchedShapesNamesTheNodeAndBothShapes() {
        GraphBuilder b = Graph.builder().input("x", 784)
                .node("h1", new Dense(256), "x")
                .node("h2", new Dense(128), "h1")
                .node("sum", Merge.add(), "h1", "h2")
                .output("sum");
        assertEquals("Graph: cannot build node 'sum' from h1 [*, 256], h2 [*, 128]: "
                        + "Add 'sum': inputs must all have the same shape, got [*, 256] (input 0) and [*, 128] (input 1)",
                message(IllegalArgumentException.class, () -> b.build(0)));
    }

    @Test
    void concatenateNeedsTheOtherAxesToMatch() {
        GraphBuilder b = Graph.builder().input("a", 2, 3).input("b", 4, 5)
                .node("cat", Merge.concat(), "a", "b").output("cat");
        assertContains(message(IllegalArgumentException.class, () -> b.build(0)),
                "node 'cat'", "Concatenate 'cat'", "every axis but axis -1", "[*, 2, 3]", "[*, 4, 5]");
        GraphBuilder far = Graph.builder().input("a", 3).input("b", 3)
                .node("cat", Merge.concat(2), "a", "b").output("cat");
        assertContains(message(IllegalArgumentException.class, () -> far.build(0)), "axis 2 is out of range", "[*, 3]");
        assertContains(message(IllegalArgumentException.class, () -> Merge.concat(0)), "batch axis");
    }

    @Test
    void buildErrorsInsideANodeNameTheNode() {
        GraphBuilder b = Graph.builder().input("img", 3, 4).node("h", new Dense(2), "img").output("h");
        assertContains(message(IllegalArgumentException.class, () -> b.build(0)),
                "cannot build node 'h' from img [*, 3, 4]", "Dense 'h'", "Flatten");
        Graph inferred = Graph.builder().input("x").node("h", new Dense(2), "x").output("h").build();
        assertContains(message(IllegalArgumentException.class, () -> inferred.build(0)), "input 'x' has no declared shape");
        Graph declared = mlp().output("h1").build();
        assertContains(message(IllegalArgumentException.class,
                () -> declared.build(0, DType.FLOAT32, Map.of("x", Shape.of(10)))), "declared as [*, 784]", "[*, 10]");
    }

    @Test
    void forwardNamesMissingAndUnexpectedInputs() {
        Graph g = Graph.builder().input("a", 2).input("b", 2)
                .node("s", Merge.add(), "a", "b").output("s").build(0);
        Map<String, Tensor> in = new HashMap<>();
        in.put("a", Tensor.ones(1, 2));
        in.put("c", Tensor.ones(1, 2));
        assertEquals("Graph.forward: missing inputs [b]; unexpected inputs [c] (the graph's inputs are [a, b])",
                message(IllegalArgumentException.class, () -> g.forward(in)));
        assertContains(message(IllegalArgumentException.class, () -> g.forward(Tensor.ones(1, 2))),
                "forward(Tensor) needs one input and one output", "[a, b]", "forward(Map)");
        assertContains(message(IllegalArgumentException.class,
                () -> g.forward(Map.of("a", Tensor.ones(3, 2), "b", Tensor.ones(4, 2)))),
                "batch size", "'a' [3, 2]", "'b' [4, 2]");
    }

    @Test
    void forwardChecksInputShapes() {
        Graph g = mlp().output("h1").build(0);
        assertEquals("Graph: input 'x' expected [*, 784], got [32, 10]",
                message(IllegalArgumentException.class, () -> g.forward(Tensor.ones(32, 10))));
        assertEquals("Graph: input 'x' expected [*, 784], got [32, 10]",
                message(IllegalArgumentException.class, () -> g.forward(Map.of("x", Tensor.ones(32, 10)))));
        assertEquals("Graph: input 'x' expected [*, 784], got [784]",
                message(IllegalArgumentException.class, () -> g.forward(Tensor.ones(784))));
        // a layer inside a node names the node when it checks its own input
        Layer h1 = g.node("h1").layer();
        assertEquals("Dense 'h1': expected input [*, 784], got [32, 10]",
                message(IllegalArgumentException.class, () -> h1.forward(Tensor.ones(32, 10))));
    }

    @Test
    void aMergeOutsideAGraphSaysHowToUseIt() {
        assertContains(message(IllegalArgumentException.class, () -> Sequential.of(new Dense(2), Merge.add()).build(0, 3)),
                "Add", "several inputs", "Graph node");
    }
}
