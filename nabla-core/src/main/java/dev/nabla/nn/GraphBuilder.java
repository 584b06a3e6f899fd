package dev.nabla.nn;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Declares a {@link Graph}: inputs with their per-sample shapes, nodes in order, outputs. Every
 * mistake is reported by the call that makes it, naming the node.
 *
 * <p>Rules: names (of inputs and nodes, one namespace) are unique, non-empty and without '.'; a node
 * reads only names declared <em>before</em> it, so the graph cannot have a cycle and the declaration
 * order is an evaluation order; a {@link Merge} node reads two or more names, any other layer exactly
 * one; a layer object serves one node (no shared weights); {@link #build} needs at least one output,
 * and refuses a node or an input that does not lead to any output (its parameters would never get a
 * gradient: almost always a wiring mistake).
 */
public final class GraphBuilder {
    private final Map<String, Shape> inputs = new LinkedHashMap<>();
    private final List<GraphNode> nodes = new ArrayList<>();
    private final Set<String> declared = new LinkedHashSet<>();
    private final Map<Layer, String> layerOwners = new IdentityHashMap<>();
    private final List<String> outputs = new ArrayList<>();
    private boolean built;

    GraphBuilder() {}

    /** An input whose per-sample shape is inferred at build (from the layer before a nested graph). */
    public GraphBuilder input(String name) {
        return addInput(name, null);
    }

    /** An input with per-sample shape {@code dims} (no batch axis): {@code input("x", 784)}. */
    public GraphBuilder input(String name, int... dims) {
        return addInput(name, Shape.of(dims));
    }

    /** An input with per-sample shape {@code shape} ({@link Shape#SCALAR} for one number per sample). */
    public GraphBuilder input(String name, Shape shape) {
        return addInput(name, Objects.requireNonNull(shape, "shape"));
    }

    private GraphBuilder addInput(String name, Shape shape) {
        checkNewName("input", name);
        inputs.put(name, shape);
        declared.add(name);
        return this;
    }

    /** A node computing {@code layer} on the named inputs or earlier nodes. */
    public GraphBuilder node(String name, Layer layer, String... from) {
        return node(name, layer, Arrays.asList(from));
    }

    /** A node computing {@code layer} on the named inputs or earlier nodes. */
    public GraphBuilder node(String name, Layer layer, List<String> from) {
        checkNewName("node", name);
        Objects.requireNonNull(layer, "Graph: node '" + name + "' has a null layer");
        for (String in : from) {
            if (name.equals(in)) {
                throw new IllegalArgumentException("Graph: node '" + name + "' cannot read itself (a graph has no cycles)");
            }
            if (!declared.contains(in)) {
                throw new IllegalArgumentException("Graph: node '" + name + "' reads '" + in
                        + "', which is not declared before it (declared so far: " + declared + ")");
            }
        }
        checkArity(name, layer, from);
        String owner = layerOwners.putIfAbsent(layer, name);
        if (owner != null) {
            throw new IllegalArgumentException("Graph: node '" + name + "' reuses the layer object of node '" + owner
                    + "'; shared weights are not supported, give each node its own layer");
        }
        nodes.add(new GraphNode(name, layer, from));
        declared.add(name);
        return this;
    }

    private static void checkArity(String name, Layer layer, List<String> from) {
        String type = layer.getClass().getSimpleName();
        if (layer instanceof Merge) {
            if (from.size() < 2) {
                throw new IllegalArgumentException("Graph: node '" + name + "' merges with " + type
                        + ", which needs at least 2 inputs, got " + from.size() + " " + from);
            }
        } else if (from.size() != 1) {
            throw new IllegalArgumentException("Graph: node '" + name + "' reads " + from.size() + " inputs " + from
                    + " but " + type + " takes one; combine several first with a Merge node (Merge.add(), Merge.concat())");
        }
        if (layer instanceof Graph g && (g.inputNames().size() != 1 || g.outputNames().size() != 1)) {
            throw new IllegalArgumentException("Graph: node '" + name + "' holds a Graph with inputs " + g.inputNames()
                    + " and outputs " + g.outputNames() + "; a nested Graph needs exactly one input and one output");
        }
    }

    /** Marks declared inputs or nodes as outputs, in order (may be called again to add more). */
    public GraphBuilder output(String... names) {
        for (String o : names) {
            if (!declared.contains(o)) {
                throw new IllegalArgumentException("Graph: output '" + o + "' is not a declared input or node (declared: "
                        + declared + ")");
            }
            if (outputs.contains(o)) {
                throw new IllegalArgumentException("Graph: output '" + o + "' is listed twice");
            }
            outputs.add(o);
        }
        return this;
    }

    private void checkNewName(String kind, String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("Graph: " + kind + " names must be non-empty and without '.', got '" + name + "'");
        }
        if (declared.contains(name)) {
            throw new IllegalArgumentException("Graph: " + kind + " name '" + name + "' is already used by "
                    + (inputs.containsKey(name) ? "an input" : "a node"));
        }
    }

    /**
     * The graph, unbuilt: a parent (a {@link Sequential}, another graph) builds it, or the first
     * forward does (seed 0). Input shapes left to inference are known only then.
     */
    public Graph build() {
        if (built) {
            throw new IllegalStateException("Graph: this builder already built a graph (a layer belongs to one graph)");
        }
        if (inputs.isEmpty()) {
            throw new IllegalStateException("Graph: needs at least one input (call input(name, dims...))");
        }
        if (outputs.isEmpty()) {
            throw new IllegalStateException("Graph: needs at least one output (call output(name))");
        }
        checkEverythingLeadsToAnOutput();
        built = true;
        return new Graph(inputs, nodes, outputs);
    }

    /** The graph, built in float32 with parameters drawn from {@code seed}; every input shape must be given. */
    public Graph build(long seed) {
        return build().build(seed);
    }

    /** The graph, built with parameters of {@code dtype} drawn from {@code seed}. */
    public Graph build(long seed, DType dtype) {
        return build().build(seed, dtype);
    }

    private void checkEverythingLeadsToAnOutput() {
        Set<String> live = new HashSet<>(outputs);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (live.contains(nodes.get(i).name())) {
                live.addAll(nodes.get(i).inputs());
            }
        }
        for (GraphNode n : nodes) {
            if (!live.contains(n.name())) {
                throw new IllegalArgumentException("Graph: node '" + n.name() + "' does not lead to any output (outputs: "
                        + outputs + "); remove it or list it as an output");
            }
        }
        for (String in : inputs.keySet()) {
            if (!live.contains(in)) {
                throw new IllegalArgumentException("Graph: input '" + in + "' does not lead to any output (outputs: "
                        + outputs + ")");
            }
        }
    }
}
