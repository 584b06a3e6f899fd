package dev.nabla.onnx;

import dev.nabla.io.AtomicFiles;
import dev.nabla.nn.Graph;
import dev.nabla.nn.Layer;
import dev.nabla.onnx.proto.GraphProto;
import dev.nabla.onnx.proto.ModelProto;
import dev.nabla.onnx.proto.OperatorSetIdProto;
import dev.nabla.onnx.proto.StringStringEntryProto;
import dev.nabla.onnx.proto.TensorShapeProto;
import dev.nabla.onnx.proto.TypeProto;
import dev.nabla.onnx.proto.ValueInfoProto;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A built Nabla model as an ONNX model (opset {@value #OPSET}, IR version {@value #IR_VERSION}), for ONNX
 * Runtime and every other ONNX tool. The batch axis is dynamic ({@code N}); inputs and outputs keep the
 * model's names ({@code input}/{@code output} for a single-input model that has none, a {@link Graph}'s
 * own names otherwise); initializers are named by the state dict ({@code layers.0.weight}). The graph is
 * the model in inference form: BatchNorm with running statistics, Dropout as Identity.
 *
 * <p>Transforms fitted on the training data (standardisation, min-max, ...) are <b>not</b> folded into
 * the graph: they are exported beside it, as the model file's metadata entries ({@code nabla.transforms},
 * JSON) copied into the ONNX model's {@code metadata_props}; apply them to inputs before running it.
 *
 * <pre>{@code
 * OnnxExport.write(model, Path.of("model.onnx"));
 * }</pre>
 */
public final class OnnxExport {
    /** The operator set the graphs use: ONNX 1.12's, supported by ONNX Runtime 1.12 and later. */
    public static final int OPSET = 17;
    /** The IR version that goes with opset 17. */
    public static final int IR_VERSION = 8;
    /** What can be exported, as error messages list it. */
    static final String LAYERS = "Dense, ActivationLayer, Dropout, Flatten, Reshape, Conv1D, Conv2D, MaxPool2D, AvgPool2D, "
            + "GlobalAvgPool2D, BatchNorm1d, BatchNorm2d, LayerNorm, GaussianHead, MixtureDensityHead, Sequential, Graph";
    static final String ACTIVATIONS = "linear, step, sign, sigmoid, tanh, relu, leaky_relu, swish, elu, gelu, softplus, "
            + "softmax, log_softmax";

    private OnnxExport() {}

    /** Writes {@code model} (built) to {@code file} atomically, with no extra metadata. */
    public static void write(Layer model, Path file) throws IOException {
        write(model, file, Map.of());
    }

    /** Writes {@code model} to {@code file} atomically, {@code metadata} in the model's {@code metadata_props}. */
    public static void write(Layer model, Path file, Map<String, String> metadata) throws IOException {
        ModelProto proto = toProto(model, metadata);
        AtomicFiles.write(file, proto::writeTo);
    }

    /** The ONNX model of a built {@code model}; {@code metadata} goes into {@code metadata_props}. */
    public static ModelProto toProto(Layer model, Map<String, String> metadata) {
        if (!model.isBuilt()) {
            throw new IllegalArgumentException("ONNX export: the model is not built, so its input shape is unknown (build "
                    + "it, or run one forward pass, before exporting)");
        }
        DType dtype = model.parameters().isEmpty() ? DType.FLOAT32 : model.parameters().get(0).value().dtype();
        int elemType = OnnxTensors.elemType(dtype);
        GraphProto.Builder graph = GraphProto.newBuilder().setName(model.name() == null ? "nabla" : model.name());
        OnnxGraphWriter w = new OnnxGraphWriter(graph, elemType);
        LayerEmitter emitter = new LayerEmitter(w);
        Map<String, Shape> inputs = new LinkedHashMap<>();
        Map<String, Shape> outputs = new LinkedHashMap<>();
        if (model instanceof Graph g) {
            inputs.putAll(g.inputShapes());
            outputs.putAll(g.outputShapes());
            Map<String, String> values = new LinkedHashMap<>();
            inputs.keySet().forEach(n -> values.put(n, w.fresh(n)));
            emitter.graph(g, "", values, null);
        } else {
            inputs.put("input", model.inputShape());
            outputs.put("output", model.outputShape());
            emitter.emit(model, "", w.fresh("input"), w.fresh("output"));
        }
        inputs.forEach((n, s) -> graph.addInput(valueInfo(n, s, elemType)));
        outputs.forEach((n, s) -> graph.addOutput(valueInfo(n, s, elemType)));
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("nabla")
                .setProducerVersion(version()).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /** A tensor value of per-sample {@code shape} behind a dynamic batch axis {@code N}. */
    private static ValueInfoProto valueInfo(String name, Shape shape, int elemType) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (int d : shape.dims()) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(s)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private static String version() {
        String v = OnnxExport.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The layer types export understands, for documentation and messages. */
    public static List<String> layerTypes() {
        return List.of(LAYERS.split(", "));
    }
}
