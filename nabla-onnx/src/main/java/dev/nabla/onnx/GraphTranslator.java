package dev.nabla.onnx;

import dev.nabla.nn.Activation;
import dev.nabla.nn.ActivationLayer;
import dev.nabla.nn.Graph;
import dev.nabla.nn.GraphBuilder;
import dev.nabla.nn.Layer;
import dev.nabla.onnx.proto.GraphProto;
import dev.nabla.onnx.proto.NodeProto;
import dev.nabla.onnx.proto.TensorProto;
import dev.nabla.onnx.proto.TensorShapeProto;
import dev.nabla.onnx.proto.ValueInfoProto;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bookkeeping of one import: what each ONNX value is (a graph input or node of the Nabla graph being
 * assembled, with its per-sample shape, or a constant), the nodes so far, and their weights by state-dict
 * name. {@link OpTranslator} turns each operator into layers through {@link #add}; {@link #translate}
 * assembles, builds and loads the graph at the end, so a failure leaves nothing behind.
 */
final class GraphTranslator {
    /** An ONNX value: a Nabla input or node name with its per-sample shape, or a constant tensor. */
    record Value(String node, Shape shape, TensorProto constant) {
        boolean isConstant() {
            return constant != null;
        }
    }

    /** A node of the graph being assembled, and the ONNX node it came from (for messages). */
    record Pending(String name, Layer layer, List<String> inputs, Shape shape) {}

    private final GraphProto graph;
    final String where;
    final DType dtype;
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, Integer> readers = new HashMap<>();
    private final Set<String> outputs = new HashSet<>();
    private final Set<String> names = new HashSet<>();
    private final Map<String, Shape> inputs = new LinkedHashMap<>();
    final List<Pending> nodes = new ArrayList<>();
    final Map<String, Tensor> state = new HashMap<>();
    private final Generator generator = new Generator(0);

    GraphTranslator(GraphProto graph, String where) throws OnnxFormatException {
        this.graph = graph;
        this.where = where;
        graph.getInitializerList().forEach(t -> values.put(t.getName(), new Value(null, null, t)));
        DType type = null;
        for (ValueInfoProto v : graph.getInputList()) {
            if (values.containsKey(v.getName())) {
                continue; // older exporters list the initializers among the inputs too
            }
            DType t = elemType(v);
            type = type == null ? t : type;
            Shape s = perSample(v);
            String name = unique(v.getName());
            inputs.put(name, s);
            values.put(v.getName(), new Value(name, s, null));
        }
        if (inputs.isEmpty()) {
            throw new OnnxFormatException(where + ": the graph has no inputs besides its initializers; nothing to feed");
        }
        this.dtype = type;
        graph.getOutputList().forEach(o -> outputs.add(o.getName()));
    }

    private DType elemType(ValueInfoProto v) throws OnnxFormatException {
        int t = v.getType().getTensorType().getElemType();
        if (t == TensorProto.DataType.FLOAT_VALUE) {
            return DType.FLOAT32;
        } else if (t == TensorProto.DataType.DOUBLE_VALUE) {
            return DType.FLOAT64;
        }
        throw new OnnxFormatException(where + ": input '" + v.getName() + "' has element type " + OnnxTensors.typeName(t)
                + "; float and double inputs are read");
    }

    /** The input's shape without its first (batch) axis; every other axis must have a fixed size. */
    private Shape perSample(ValueInfoProto v) throws OnnxFormatException {
        List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
        if (dims.isEmpty()) {
            throw new OnnxFormatException(where + ": input '" + v.getName() + "' has no shape; Nabla needs [batch, ...] with "
                    + "fixed sizes after the batch axis");
        }
        int[] out = new int[dims.size() - 1];
        for (int i = 1; i < dims.size(); i++) {
            long d = dims.get(i).getDimValue();
            if (!dims.get(i).hasDimValue() || d <= 0 || d > Integer.MAX_VALUE) {
                throw new OnnxFormatException(where + ": input '" + v.getName() + "' has no fixed size at axis " + i + " ("
                        + (dims.get(i).hasDimParam() ? dims.get(i).getDimParam() : d) + "); only the batch axis may vary");
            }
            out[i - 1] = (int) d;
        }
        return Shape.of(out);
    }

    Graph translate(List<NodeProto> order) throws OnnxFormatException {
        for (NodeProto n : order) {
            n.getInputList().forEach(in -> readers.merge(in, 1, Integer::sum));
        }
        outputs.forEach(o -> readers.merge(o, 1, Integer::sum));
        OpTranslator ops = new OpTranslator(this, order);
        for (NodeProto n : order) {
            try {
                ops.translate(n);
            } catch (IllegalArgumentException | IllegalStateException e) {
                // a layer's settings record refused what the node's attributes say (a zero stride, a negative slope)
                throw new OnnxFormatException(where + ": node '" + n.getName() + "' (" + n.getOpType() + "): " + e.getMessage(), e);
            }
        }
        return assemble();
    }

    private Graph assemble() throws OnnxFormatException {
        GraphBuilder b = Graph.builder();
        inputs.forEach(b::input);
        List<String> outs = new ArrayList<>();
        for (ValueInfoProto o : graph.getOutputList()) {
            Value v = values.get(o.getName());
            if (v == null || v.isConstant() || inputs.containsKey(v.node())) {
                throw new OnnxFormatException(where + ": output '" + o.getName() + "' is not computed from the inputs (a "
                        + "constant or an input passed through); Nabla's graph outputs are layers' outputs");
            }
            outs.add(v.node());
        }
        try {
            for (Pending p : nodes) {
                b.node(p.name(), p.layer(), p.inputs());
            }
            b.output(outs.toArray(String[]::new));
            Graph g = b.build().build(0, dtype, inputs);
            g.loadStateDict(state, true);
            return g;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new OnnxFormatException(where + ": the imported graph does not assemble: " + e.getMessage(), e);
        }
    }

    /** What the ONNX value {@code name} is; it exists (the order was checked). */
    Value value(String name) {
        return values.get(name);
    }

    /** How many nodes (and outputs) read {@code name}. */
    int readers(String name) {
        return readers.getOrDefault(name, 0);
    }

    boolean isOutput(String name) {
        return outputs.contains(name);
    }

    /** Records that the ONNX value {@code name} is {@code v}: an alias (Identity) or a constant. */
    void define(String name, Value v) {
        values.put(name, v);
    }

    /**
     * Adds a node holding {@code layer} that reads the Nabla values {@code from} and stands for the ONNX value
     * {@code output}; the layer is built now for its input shape, so later operators see their shapes. Its
     * weights ({@code weights}, by parameter name) are loaded when the graph is assembled.
     */
    Value add(NodeProto source, String output, Layer layer, List<Value> from, Map<String, Tensor> weights)
            throws OnnxFormatException {
        String name = unique(output);
        Shape shape;
        try {
            shape = from.size() == 1 ? layer.build(from.get(0).shape(), generator, dtype) : MergeShapes.of(layer, from);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new OnnxFormatException(where + ": node '" + source.getName() + "' (" + source.getOpType() + "): " + e.getMessage(), e);
        }
        nodes.add(new Pending(name, layer, from.stream().map(Value::node).toList(), shape));
        weights.forEach((k, t) -> state.put("nodes." + name + "." + k, t));
        Value v = new Value(name, shape, null);
        values.put(output, v);
        return v;
    }

    /**
     * Takes back a node added earlier (to add one that replaces it): returns its weights by parameter name and
     * the value it read.
     */
    Map<String, Tensor> remove(Pending p) {
        nodes.remove(p);
        Map<String, Tensor> weights = new HashMap<>();
        String prefix = "nodes." + p.name() + ".";
        state.keySet().removeIf(k -> {
            if (k.startsWith(prefix)) {
                weights.put(k.substring(prefix.length()), state.get(k));
                return true;
            }
            return false;
        });
        return weights;
    }

    /** The value {@code p} reads (its first input), with its shape. */
    Value inputOf(Pending p) {
        return new Value(p.inputs().get(0), p.layer().inputShape(), null);
    }

    /** An identity layer for an Identity or Dropout whose output the graph returns under its own name. */
    Value identity(NodeProto source, String output, Value in) throws OnnxFormatException {
        return add(source, output, new ActivationLayer(Activation.identity()), List.of(in), Map.of());
    }

    /** A constant's values as a tensor of the model's dtype. */
    Tensor tensor(TensorProto t) throws OnnxFormatException {
        return OnnxTensors.read(t, dtype, where);
    }

    /** A valid, unused node name from an ONNX value name: characters other than letters, digits, '_' and '-' become '_'. */
    private String unique(String raw) {
        String base = raw.replaceAll("[^A-Za-z0-9_\\-]", "_");
        base = base.isEmpty() ? "value" : base;
        String name = base;
        for (int i = 2; !names.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }
}
