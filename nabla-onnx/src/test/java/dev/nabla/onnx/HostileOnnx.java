package dev.nabla.onnx;

import com.google.protobuf.ByteString;
import dev.nabla.onnx.proto.AttributeProto;
import dev.nabla.onnx.proto.GraphProto;
import dev.nabla.onnx.proto.ModelProto;
import dev.nabla.onnx.proto.NodeProto;
import dev.nabla.onnx.proto.OperatorSetIdProto;
import dev.nabla.onnx.proto.TensorProto;
import dev.nabla.onnx.proto.TensorShapeProto;
import dev.nabla.onnx.proto.TypeProto;
import dev.nabla.onnx.proto.ValueInfoProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Hostile ONNX files for the fuzz corpus and the tests: each is a small valid-looking model with one lie in it.
 * {@code main(dir)} writes them as the committed corpus files ({@code review-*.onnx}).
 */
final class HostileOnnx {
    private HostileOnnx() {}

    static ValueInfoProto value(String name, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }

    static NodeProto node(String op, String name, String out, String... in) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addOutput(out).addAllInput(Arrays.asList(in)).build();
    }

    static ModelProto model(GraphProto.Builder g) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("hostile").setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).build();
    }

    /** x [N, 4] → Gemm with a weight that declares [3, 4] and holds 10 bytes. */
    static ModelProto shortTensor() {
        TensorProto w = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(3).addDims(4)
                .setRawData(ByteString.copyFrom(new byte[10])).build();
        return model(GraphProto.newBuilder().addInput(value("x", 4)).addInitializer(w)
                .addNode(node("Gemm", "fc", "y", "x", "w").toBuilder().addAttribute(AttributeProto.newBuilder().setName("transB")
                        .setType(AttributeProto.AttributeType.INT).setI(1))).addOutput(value("y", 3)));
    }

    /** A weight of 2^20 × 2^20 = 2^40 elements, with no data at all. */
    static ModelProto hugeTensor() {
        TensorProto w = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(1L << 20).addDims(1L << 20).build();
        return model(GraphProto.newBuilder().addInput(value("x", 1L << 20)).addInitializer(w)
                .addNode(node("MatMul", "fc", "y", "x", "w")).addOutput(value("y", 1L << 20)));
    }

    /** a = Relu(b), b = Relu(a), y = Add(x, a): a cycle. */
    static ModelProto cycle() {
        return model(GraphProto.newBuilder().addInput(value("x", 4))
                .addNode(node("Relu", "first", "a", "b")).addNode(node("Relu", "second", "b", "a"))
                .addNode(node("Add", "sum", "y", "x", "a")).addOutput(value("y", 4)));
    }

    /** A chain of {@code depth} Relu nodes. */
    static ModelProto deep(int depth) {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(value("x", 4));
        String prev = "x";
        for (int i = 0; i < depth; i++) {
            String out = i == depth - 1 ? "y" : "r" + i;
            g.addNode(node("Relu", "n" + i, out, prev));
            prev = out;
        }
        return model(g.addOutput(value("y", 4)));
    }

    /** Writes the corpus files into {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Files.write(dir.resolve("review-tensor-shorter-than-declared.onnx"), shortTensor().toByteArray());
        Files.write(dir.resolve("review-initializer-2pow40-elements.onnx"), hugeTensor().toByteArray());
        Files.write(dir.resolve("review-cycle.onnx"), cycle().toByteArray());
        Files.write(dir.resolve("review-10000-deep.onnx"), deep(10_000).toByteArray());
        byte[] mlp = Files.readAllBytes(Path.of("src/test/resources/onnx/mlp.onnx"));
        Files.write(dir.resolve("seed-pytorch-mlp.onnx"), mlp);
        Files.write(dir.resolve("review-truncated-mlp.onnx"), Arrays.copyOf(mlp, mlp.length / 2));
    }
}
