package dev.nabla.onnx;

import dev.nabla.onnx.proto.AttributeProto;
import dev.nabla.onnx.proto.GraphProto;
import dev.nabla.onnx.proto.NodeProto;
import dev.nabla.onnx.proto.TensorProto;
import dev.nabla.tensor.Tensor;
import java.util.HashSet;
import java.util.Set;

/**
 * The ONNX graph being written: nodes in evaluation order and initializers, with fresh value names under
 * the layer's path ({@code layers.0/Gemm}), so a reader of the file sees where each node came from.
 */
final class OnnxGraphWriter {
    private final GraphProto.Builder graph;
    private final int elemType;
    private final Set<String> taken = new HashSet<>();
    /** Constants by name and value: each written once, however many nodes read it. */
    private final java.util.Map<String, String> constants = new java.util.HashMap<>();

    OnnxGraphWriter(GraphProto.Builder graph, int elemType) {
        this.graph = graph;
        this.elemType = elemType;
    }

    /** The model's element type (float or double), for constants. */
    int elemType() {
        return elemType;
    }

    /** {@code base} if unused, else {@code base_2}, {@code base_3}, ...; the name is then taken. */
    String fresh(String base) {
        String name = base;
        for (int i = 2; !taken.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    /** Adds {@code t} as an initializer named {@code name} (a parameter's state-dict name); returns the name. */
    String initializer(String name, Tensor t) {
        String n = fresh(name);
        graph.addInitializer(OnnxTensors.write(n, t));
        return n;
    }

    /** An int64 vector constant. */
    String longs(String base, long... values) {
        return constants.computeIfAbsent(base + "=" + java.util.Arrays.toString(values), k -> {
            String n = fresh(base);
            graph.addInitializer(OnnxTensors.longs(n, values));
            return n;
        });
    }

    /** A scalar constant of the model's element type. */
    String scalar(String base, double value) {
        return constants.computeIfAbsent(base + "=" + value, k -> {
            String n = fresh(base);
            graph.addInitializer(OnnxTensors.scalar(n, elemType, value));
            return n;
        });
    }

    /**
     * Adds a node of {@code op} at {@code path} reading {@code inputs}; returns its one output's name, which
     * is {@code output} when given (a graph node's or output's own name), else fresh under the path.
     */
    String node(String path, String op, String output, String[] inputs, AttributeProto... attributes) {
        String nodeName = fresh(path + "/" + op);
        String out = output != null ? output : fresh(nodeName + "_output");
        if (output != null) {
            taken.add(output);
        }
        NodeProto.Builder n = NodeProto.newBuilder().setName(nodeName).setOpType(op).addOutput(out);
        for (String in : inputs) {
            n.addInput(in);
        }
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return out;
    }

    String node(String path, String op, String... inputs) {
        return node(path, op, null, inputs);
    }

    static AttributeProto ints(String name, int... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (int v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    static AttributeProto intValue(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto floatValue(String name, double value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF((float) value).build();
    }

    static AttributeProto tensorValue(String name, TensorProto value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(value).build();
    }
}
