package dev.nabla.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.nabla.nn.Graph;
import dev.nabla.onnx.proto.GraphProto;
import dev.nabla.onnx.proto.ModelProto;
import dev.nabla.onnx.proto.NodeProto;
import dev.nabla.onnx.proto.OperatorSetIdProto;
import dev.nabla.onnx.proto.StringStringEntryProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model as a Nabla {@link Graph} that predicts as the file does and trains further: each
 * supported operator becomes a layer ({@code Gemm} and {@code MatMul}+{@code Add} a Dense, {@code Conv} a
 * Conv2D or Conv1D, PyTorch's erf graph of GELU an activation, ...) and the initializers become its
 * parameters and buffers. What the file's exporter named values is kept, made valid as node names
 * ({@code /fc1/Gemm_output_0} becomes {@code _fc1_Gemm_output_0}).
 *
 * <p>Everything is checked before a model is returned (nothing is half-imported): a damaged or truncated
 * file, a tensor that declares more data than it holds, a cycle, an unknown value, or an operator outside
 * {@link #SUPPORTED} is an {@link OnnxFormatException} naming the node, its op type and what is supported.
 * Work is linear in the file's size and iterative, so a 10,000-node chain imports, and sizes are checked
 * before any allocation.
 *
 * <pre>{@code
 * Graph model = OnnxImport.read(Path.of("model.onnx"));
 * model.eval();
 * Tensor y = model.forward(x);
 * }</pre>
 */
public final class OnnxImport {
    /** The operators read (opsets 13 to 23 of the default domain). */
    public static final List<String> SUPPORTED = List.of("Gemm", "MatMul", "Add", "Sum", "Mean", "Mul", "Concat", "Conv",
            "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Elu", "Gelu", "Softplus", "Sign", "Softmax", "LogSoftmax",
            "MaxPool", "AveragePool", "GlobalAveragePool", "BatchNormalization", "LayerNormalization", "Flatten", "Reshape",
            "Identity", "Dropout", "Constant", "Pad (adding nothing)", "Div+Erf+Add+Mul+Mul (GELU as PyTorch writes it)");
    static final int MIN_OPSET = 13;
    static final int MAX_OPSET = 23;
    /** The largest file read: protobuf's own limit for one message. */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE;

    /** An imported model and the file's metadata ({@code metadata_props}, e.g. Nabla's fitted transforms). */
    public record Imported(Graph model, Map<String, String> metadata) {}

    private OnnxImport() {}

    /** The model in {@code file}, built, with the file's weights, in training mode. */
    public static Graph read(Path file) throws IOException {
        return readWithMetadata(file).model();
    }

    /** The model in {@code file} with the file's metadata. */
    public static Imported readWithMetadata(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new OnnxFormatException(file + ": " + size + " bytes, more than the " + MAX_FILE_BYTES + " an ONNX "
                    + "file can hold without external data");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return fromProto(parse(in, file.toString()), file.toString());
        }
    }

    /** Parses a serialized model; a damaged or truncated one is an {@link OnnxFormatException}. */
    static ModelProto parse(InputStream in, String where) throws OnnxFormatException, IOException {
        CodedInputStream coded = CodedInputStream.newInstance(in);
        coded.setSizeLimit(Integer.MAX_VALUE);
        try {
            ModelProto m = ModelProto.parseFrom(coded);
            coded.checkLastTagWas(0);
            return m;
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxFormatException(where + ": not an ONNX model, or a damaged or truncated one (" + e.getMessage() + ")", e);
        }
    }

    /** The model a parsed file describes, checked throughout. */
    public static Imported fromProto(ModelProto m, String where) throws OnnxFormatException {
        if (!m.hasGraph() || m.getIrVersion() <= 0) {
            throw new OnnxFormatException(where + ": not an ONNX model (no graph or IR version); is the file truncated?");
        }
        checkOpset(m, where);
        GraphProto g = m.getGraph();
        if (g.getOutputCount() == 0) {
            throw new OnnxFormatException(where + ": the graph has no outputs; is the file truncated?");
        }
        List<NodeProto> order = order(g, where);
        Graph model = new GraphTranslator(g, where).translate(order);
        Map<String, String> meta = new LinkedHashMap<>();
        for (StringStringEntryProto e : m.getMetadataPropsList()) {
            meta.put(e.getKey(), e.getValue());
        }
        return new Imported(model, meta);
    }

    private static void checkOpset(ModelProto m, String where) throws OnnxFormatException {
        boolean found = false;
        for (OperatorSetIdProto o : m.getOpsetImportList()) {
            boolean standard = o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx");
            found |= standard;
            if (standard && (o.getVersion() < MIN_OPSET || o.getVersion() > MAX_OPSET)) {
                throw new OnnxFormatException(where + ": uses opset " + o.getVersion() + "; opsets " + MIN_OPSET + " to "
                        + MAX_OPSET + " are read (re-export with opset_version=17)");
            }
        }
        if (!found) {
            throw new OnnxFormatException(where + ": names no opset of the standard operators (opset_import); is the file "
                    + "truncated?");
        }
    }

    /**
     * The nodes that lead to an output, in an order where each comes after what it reads (Kahn's algorithm,
     * iterative). A value nothing gives, or a cycle, is an error naming the nodes.
     */
    static List<NodeProto> order(GraphProto g, String where) throws OnnxFormatException {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            for (String out : g.getNode(i).getOutputList()) {
                if (!out.isEmpty() && producer.put(out, i) != null) {
                    throw new OnnxFormatException(where + ": value '" + out + "' is given by two nodes ('"
                            + g.getNode(producer.get(out)).getName() + "' and '" + g.getNode(i).getName() + "')");
                }
            }
        }
        Set<String> given = new HashSet<>();
        g.getInitializerList().forEach(t -> given.add(t.getName()));
        g.getInputList().forEach(v -> given.add(v.getName()));
        boolean[] live = liveNodes(g, producer, where);
        int[] waiting = new int[g.getNodeCount()];
        Map<Integer, List<Integer>> readers = new HashMap<>();
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        int liveCount = 0;
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (!live[i]) {
                continue;
            }
            liveCount++;
            NodeProto n = g.getNode(i);
            for (String in : n.getInputList()) {
                Integer p = in.isEmpty() ? null : producer.get(in);
                if (p != null) {
                    waiting[i]++;
                    readers.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
                } else if (!in.isEmpty() && !given.contains(in)) {
                    throw new OnnxFormatException(where + ": node '" + n.getName() + "' (" + n.getOpType() + ") reads '" + in
                            + "', which no node, input or initializer gives; is the file truncated?");
                }
            }
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        List<NodeProto> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            int i = ready.poll();
            out.add(g.getNode(i));
            for (int r : readers.getOrDefault(i, List.of())) {
                if (--waiting[r] == 0) {
                    ready.add(r);
                }
            }
        }
        if (out.size() < liveCount) {
            List<String> cycle = onCycles(g, waiting, readers);
            throw new OnnxFormatException(where + ": the graph has a cycle: nodes " + cycle.subList(0, Math.min(5, cycle.size()))
                    + (cycle.size() > 5 ? " and " + (cycle.size() - 5) + " more" : "") + " read each other's outputs; an ONNX "
                    + "graph must be acyclic");
        }
        return out;
    }

    /**
     * The nodes left waiting that lie on a cycle: those downstream of one are peeled off from the end (a waiting
     * node no other waiting node reads is not on a cycle), iteratively.
     */
    private static List<String> onCycles(GraphProto g, int[] waiting, Map<Integer, List<Integer>> readers) {
        int[] stuckReaders = new int[waiting.length];
        ArrayDeque<Integer> peel = new ArrayDeque<>();
        for (int i = 0; i < waiting.length; i++) {
            if (waiting[i] > 0) {
                for (int r : readers.getOrDefault(i, List.of())) {
                    stuckReaders[i] += waiting[r] > 0 ? 1 : 0;
                }
            }
        }
        boolean[] gone = new boolean[waiting.length];
        for (int i = 0; i < waiting.length; i++) {
            if (waiting[i] > 0 && stuckReaders[i] == 0) {
                peel.add(i);
            }
        }
        Map<Integer, List<Integer>> producers = new HashMap<>();
        readers.forEach((p, rs) -> rs.forEach(r -> producers.computeIfAbsent(r, k -> new ArrayList<>()).add(p)));
        while (!peel.isEmpty()) {
            int i = peel.poll();
            gone[i] = true;
            for (int p : producers.getOrDefault(i, List.of())) {
                if (waiting[p] > 0 && !gone[p] && --stuckReaders[p] == 0) {
                    peel.add(p);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < waiting.length; i++) {
            if (waiting[i] > 0 && !gone[i]) {
                out.add(g.getNode(i).getName() + " (" + g.getNode(i).getOpType() + ")");
            }
        }
        return out;
    }

    /** The nodes some output depends on (walked back from the outputs with a stack, not recursion). */
    private static boolean[] liveNodes(GraphProto g, Map<String, Integer> producer, String where) throws OnnxFormatException {
        boolean[] live = new boolean[g.getNodeCount()];
        ArrayDeque<String> todo = new ArrayDeque<>();
        Set<String> inputs = new HashSet<>();
        g.getInputList().forEach(v -> inputs.add(v.getName()));
        for (var o : g.getOutputList()) {
            if (!producer.containsKey(o.getName()) && !inputs.contains(o.getName())) {
                throw new OnnxFormatException(where + ": output '" + o.getName() + "' is given by no node; is the file truncated?");
            }
            todo.push(o.getName());
        }
        while (!todo.isEmpty()) {
            Integer p = producer.get(todo.pop());
            if (p != null && !live[p]) {
                live[p] = true;
                g.getNode(p).getInputList().forEach(todo::push);
            }
        }
        return live;
    }
}
