package dev.nabla.nn;

import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * A network wired as a directed acyclic graph of named nodes, with one or more named inputs and
 * outputs: Keras' functional API, for skip connections and several heads. Sizes are written once, on
 * the inputs (per sample, without the batch axis); every node's shape is inferred at build.
 *
 * <pre>{@code
 * Graph g = Graph.builder()
 *         .input("x", 784)
 *         .node("h1", new Dense(256, relu()), "x")
 *         .node("h2", new Dense(256, relu()), "h1")
 *         .node("sum", Merge.add(), "h1", "h2")       // skip connection
 *         .node("out", new Dense(10), "sum")
 *         .output("out")
 *         .build(42);
 * Tensor logits = g.forward(x);                      // one input and one output
 * Map<String, Tensor> ys = g.forward(Map.of("x", x)); // in general, by name
 * }</pre>
 *
 * <p><b>Wiring rules</b> (checked by {@link GraphBuilder}, each error naming the node): unique names
 * without '.'; a node reads only names declared before it, so there are no cycles and the declaration
 * order is the evaluation order, fixed once; {@link Merge} nodes read two or more names, other layers
 * one; every node and input must lead to an output.
 *
 * <p><b>Parameters</b> are named by node: the layers are children of a holder registered as
 * {@code "nodes"}, each under its node's name, so Dense node {@code h1} has {@code nodes.h1.weight} and
 * {@code nodes.h1.bias}, and a {@link Sequential} node {@code block} has {@code nodes.block.layers.0.weight}.
 * A layer without a name takes its node's, so its errors name the node ({@code Dense 'h1': ...}).
 *
 * <p><b>Building</b> draws parameters from one generator, node by node in declaration order, so a
 * chain-shaped graph gets exactly the parameters of the {@link Sequential} with the same layers and seed.
 *
 * <p><b>Config</b>: {@code {"type": "Graph", "inputs": {"x": [784]}, "nodes": [{"name": "h1",
 * "inputs": ["x"], "layer": {...}}, ...], "outputs": ["out"]}}, an input shape {@code null} when it is
 * left to inference ({@link Layers#write}, {@link Layers#read}).
 */
public final class Graph extends Layer {
    private final Map<String, Shape> declaredInputs;
    private final List<String> inputNames;
    private final List<GraphNode> nodes;
    private final List<String> outputNames;
    /** For each node, the values nothing reads after it (dropped during forward, for the GC). */
    private final Map<String, List<String>> freeAfter = new HashMap<>();
    /** The per-sample shape of every input and node, once built. */
    private final Map<String, Shape> shapes = new LinkedHashMap<>();
    private Map<String, Shape> pending;
    private long seed;

    Graph(Map<String, Shape> inputs, List<GraphNode> nodeList, List<String> outputs) {
        this.declaredInputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        this.inputNames = List.copyOf(inputs.keySet());
        this.nodes = List.copyOf(nodeList);
        this.outputNames = List.copyOf(outputs);
        NodeDict dict = registerModule("nodes", new NodeDict());
        Map<String, String> lastReader = new HashMap<>();
        for (GraphNode n : nodes) {
            if (n.layer().name() == null) {
                n.layer().named(n.name());
            }
            dict.add(n.name(), n.layer());
            n.inputs().forEach(in -> lastReader.put(in, n.name()));
        }
        lastReader.forEach((value, reader) -> {
            if (!outputNames.contains(value)) {
                freeAfter.computeIfAbsent(reader, k -> new ArrayList<>()).add(value);
            }
        });
    }

    /** Starts declaring a graph. */
    public static GraphBuilder builder() {
        return new GraphBuilder();
    }

    /** The unbuilt graph {@link #configEntries()} describes (its inputs, nodes and outputs). */
    static Graph read(ConfigReader c) {
        return GraphConfig.read(c);
    }

    /** Builds in float32 with parameters drawn from {@code seed}; returns this. */
    public Graph build(long seed) {
        return build(seed, DType.FLOAT32);
    }

    /** Builds with parameters of {@code dtype} drawn from {@code seed}; returns this. */
    public Graph build(long seed, DType dtype) {
        return build(seed, dtype, Map.of());
    }

    /**
     * Builds with parameters of {@code dtype} drawn from {@code seed}, taking the per-sample shapes of
     * inputs declared without one from {@code inputShapes} (a shape given for a declared input must
     * equal it). Building again with the same shapes is a no-op; returns this.
     */
    public Graph build(long seed, DType dtype, Map<String, Shape> inputShapes) {
        Map<String, Shape> given = resolveInputs(inputShapes);
        if (isBuilt()) {
            if (!given.equals(inputShapes())) {
                throw new IllegalStateException(label() + ": already built for inputs " + inputShapes() + ", asked for " + given);
            }
            return this;
        }
        pending = given;
        try {
            build(given.get(inputNames.get(0)), new Generator(seed), dtype);
        } finally {
            pending = null;
        }
        this.seed = seed;
        return this;
    }

    private Map<String, Shape> resolveInputs(Map<String, Shape> given) {
        TreeSet<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(inputNames);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(label() + ": no inputs named " + unknown + " (inputs: " + inputNames + ")");
        }
        Map<String, Shape> out = new LinkedHashMap<>();
        for (String name : inputNames) {
            Shape declared = declaredInputs.get(name);
            Shape asked = given.get(name);
            if (declared != null && asked != null && !declared.equals(asked)) {
                throw new IllegalArgumentException(label() + ": input '" + name + "' is declared as " + Merge.batched(declared)
                        + ", asked to build for " + Merge.batched(asked));
            }
            if (declared == null && asked == null) {
                throw new IllegalArgumentException(label() + ": input '" + name + "' has no declared shape; give it to "
                        + "build(seed, dtype, shapes), or let a parent layer or the first forward infer it");
            }
            out.put(name, asked != null ? asked : declared);
        }
        return out;
    }

    @Override
    protected Shape doBuild(Shape input, Generator g, DType dtype) {
        Map<String, Shape> in = pending;
        if (in == null) {
            if (inputNames.size() != 1) {
                throw new IllegalArgumentException(label() + ": has inputs " + inputNames
                        + "; build it with build(seed, dtype, shapes) or call forward(Map)");
            }
            in = resolveInputs(Map.of(inputNames.get(0), input));
        }
        shapes.clear();
        shapes.putAll(in);
        for (GraphNode n : nodes) {
            shapes.put(n.name(), buildNode(n, g, dtype));
        }
        return shapes.get(outputNames.get(0));
    }

    private Shape buildNode(GraphNode n, Generator g, DType dtype) {
        List<Shape> in = n.inputs().stream().map(shapes::get).toList();
        try {
            return n.layer() instanceof Merge m ? m.build(in, dtype) : n.layer().build(in.get(0), g, dtype);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(buildContext(n, in) + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(buildContext(n, in) + e.getMessage(), e);
        }
    }

    private String buildContext(GraphNode n, List<Shape> in) {
        StringJoiner j = new StringJoiner(", ");
        for (int i = 0; i < in.size(); i++) {
            j.add(n.inputs().get(i) + " " + Merge.batched(in.get(i)));
        }
        return label() + ": cannot build node '" + n.name() + "' from " + j + ": ";
    }

    /**
     * Computes every output from the inputs given by name (each [batch, ...]); returns the outputs by
     * name, in the order of the outputs. Builds on first use (seed 0) from the inputs' shapes.
     */
    public Map<String, Tensor> forward(Map<String, Tensor> inputs) {
        checkNames(inputs);
        if (!isBuilt()) {
            Map<String, Shape> s = new LinkedHashMap<>();
            for (String name : inputNames) {
                Tensor t = inputs.get(name);
                if (t.rank() < 1) {
                    throw new IllegalArgumentException(label() + ": input '" + name + "' must be a batch, got a scalar");
                }
                s.put(name, Shape.of(Arrays.copyOfRange(t.shape().dims(), 1, t.rank())));
            }
            Tensor first = inputs.get(inputNames.get(0));
            build(0, first.dtype().isFloating() ? first.dtype() : DType.FLOAT32, s);
        }
        checkShapes(inputs);
        return evaluate(inputs);
    }

    private void checkNames(Map<String, Tensor> inputs) {
        List<String> missing = inputNames.stream().filter(n -> inputs.get(n) == null).toList();
        TreeSet<String> unexpected = new TreeSet<>(inputs.keySet());
        unexpected.removeAll(inputNames);
        if (missing.isEmpty() && unexpected.isEmpty()) {
            return;
        }
        StringJoiner problems = new StringJoiner("; ");
        if (!missing.isEmpty()) {
            problems.add("missing inputs " + missing);
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected inputs " + unexpected);
        }
        throw new IllegalArgumentException(label() + ".forward: " + problems + " (the graph's inputs are " + inputNames + ")");
    }

    private void checkShapes(Map<String, Tensor> inputs) {
        String firstName = inputNames.get(0);
        Tensor first = inputs.get(firstName);
        for (String name : inputNames) {
            Tensor t = inputs.get(name);
            Shape want = shapes.get(name);
            boolean ok = t.rank() == want.rank() + 1;
            for (int d = 0; ok && d < want.rank(); d++) {
                ok = t.dim(d + 1) == want.dim(d);
            }
            if (!ok) {
                throw new IllegalArgumentException(label() + ": input '" + name + "' expected " + Merge.batched(want)
                        + ", got " + t.shape());
            }
            if (t.dim(0) != first.dim(0)) {
                throw new IllegalArgumentException(label() + ": inputs must share the batch size, got '" + firstName + "' "
                        + first.shape() + " and '" + name + "' " + t.shape());
            }
        }
    }

    private Map<String, Tensor> evaluate(Map<String, Tensor> inputs) {
        Map<String, Tensor> values = new HashMap<>(inputs);
        for (GraphNode n : nodes) {
            values.put(n.name(), apply(n, values));
            for (String done : freeAfter.getOrDefault(n.name(), List.of())) {
                values.remove(done);
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String o : outputNames) {
            out.put(o, values.get(o));
        }
        return out;
    }

    private static Tensor apply(GraphNode n, Map<String, Tensor> values) {
        if (n.layer() instanceof Merge m) {
            List<Tensor> args = new ArrayList<>();
            n.inputs().forEach(in -> args.add(values.get(in)));
            return m.forward(args);
        }
        return n.layer().forward(values.get(n.inputs().get(0)));
    }

    /** With exactly one input and one output, {@code forward(x)} is {@code forward(Map.of(input, x))}'s output. */
    @Override
    protected void checkInput(Tensor x) {
        if (inputNames.size() != 1 || outputNames.size() != 1) {
            throw new IllegalArgumentException(label() + ": forward(Tensor) needs one input and one output, this graph has "
                    + "inputs " + inputNames + " and outputs " + outputNames + "; call forward(Map)");
        }
        checkShapes(Map.of(inputNames.get(0), x));
    }

    @Override
    protected Tensor call(Tensor x) {
        return evaluate(Map.of(inputNames.get(0), x)).get(outputNames.get(0));
    }

    @Override
    public Graph named(String layerName) {
        super.named(layerName);
        return this;
    }

    public List<String> inputNames() { return inputNames; }
    public List<String> outputNames() { return outputNames; }
    /** The nodes in declaration (= evaluation) order. */
    public List<GraphNode> nodes() { return nodes; }
    /** The seed the parameters were drawn from (0 when built by a parent or a first forward). */
    public long seed() { return seed; }

    /** The node called {@code name}. */
    public GraphNode node(String name) {
        for (GraphNode n : nodes) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException(label() + ": no node named '" + name + "' (nodes: "
                + nodes.stream().map(GraphNode::name).toList() + ")");
    }

    /** The per-sample shape of an input or node, or null before build (or for an input left to inference). */
    public Shape shapeOf(String name) {
        if (!declaredInputs.containsKey(name)) {
            node(name);
        }
        return isBuilt() ? shapes.get(name) : declaredInputs.get(name);
    }

    /** Per-sample input shapes by name (a null value: not yet inferred). */
    public Map<String, Shape> inputShapes() {
        Map<String, Shape> m = new LinkedHashMap<>();
        inputNames.forEach(n -> m.put(n, shapeOf(n)));
        return m;
    }

    /** Per-sample output shapes by name (null values before build). */
    public Map<String, Shape> outputShapes() {
        Map<String, Shape> m = new LinkedHashMap<>();
        outputNames.forEach(n -> m.put(n, shapeOf(n)));
        return m;
    }

    /**
     * Described by its wiring: {@code {"inputs": {"x": [784]}, "nodes": [{"name": "h1", "inputs": ["x"],
     * "layer": {...}}, ...], "outputs": ["out"]}} after its name; an input shape is null when left to inference.
     */
    @Override
    public Map<String, Object> configEntries() {
        return GraphConfig.entries(this, nameEntry());
    }

    @Override
    protected String describe() {
        return "Graph(inputs=" + inputNames + ", outputs=" + outputNames + ", nodes=" + nodes.size() + ")";
    }

    private String shapeText(String name) {
        Shape s = shapeOf(name);
        return s == null ? "?" : Merge.batched(s);
    }

    /** The wiring, one node per line: {@code sum = Add()(h1, h2)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Graph(\n");
        inputNames.forEach(n -> sb.append("  input ").append(n).append(' ').append(shapeText(n)).append('\n'));
        for (GraphNode n : nodes) {
            String layer = n.layer().toString().replace("\n", "\n  ");
            sb.append("  ").append(n.name()).append(" = ").append(layer)
                    .append('(').append(String.join(", ", n.inputs())).append(")\n");
        }
        return sb.append("  outputs ").append(String.join(", ", outputNames)).append("\n)").toString();
    }

    /** A table of inputs and nodes with what they read, their output shapes and parameter counts. */
    public String summary() {
        String row = "%-16s %-44s %-24s %-16s %12s%n";
        StringBuilder sb = new StringBuilder(String.format(row, "node", "layer", "reads", "output", "params"));
        inputNames.forEach(n -> sb.append(String.format(row, n, "Input", "", shapeText(n), "0")));
        for (GraphNode n : nodes) {
            sb.append(String.format(row, n.name(), n.layer().describe(), String.join(", ", n.inputs()),
                    shapeText(n.name()), String.format("%,d", n.layer().parameterCount())));
        }
        sb.append(String.format("outputs: %s%n", String.join(", ", outputNames)));
        sb.append(String.format("total parameters: %,d%n", parameterCount()));
        return sb.toString();
    }

    /** The holder registered as "nodes": each node's layer under the node's name. */
    private static final class NodeDict extends Module {
        void add(String name, Layer layer) {
            registerModule(name, layer);
        }

        @Override
        public Tensor forward(Tensor input) {
            throw new UnsupportedOperationException("the node holder of a graph has no forward of its own");
        }
    }
}
