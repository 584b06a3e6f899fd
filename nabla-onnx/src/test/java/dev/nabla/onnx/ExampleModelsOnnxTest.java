package dev.nabla.onnx;

import static dev.nabla.onnx.Models.maxDiff;
import static dev.nabla.onnx.Models.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.Json;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Graph;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Merge;
import dev.nabla.onnx.proto.ModelProto;
import dev.nabla.spec.ModelSpec;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The examples' models (examples/*.json: the MLP, the CNN, the CNN with BatchNorm, the uncertainty heads) and a
 * Graph with a skip connection, exported and run in ONNX Runtime: within 1e-5 of Nabla on random inputs, relative to
 * the outputs' largest magnitude where that is above 1; and imported back where their operators allow. Relative:
 * Nabla's F(4×4, 3×3) Winograd convolutions (the CNN's 32- and 64-channel layers, batches of two or more) round to
 * about 2·10⁻⁵ of a layer's outputs' size where ONNX Runtime's direct sums round to a few 10⁻⁶, and through four
 * layers the CNN's logits (up to 4.8 here) differed by 1.1·10⁻⁵, 2.4·10⁻⁶ of their size.
 */
class ExampleModelsOnnxTest {
    @SuppressWarnings("unchecked")
    private static Layer example(String file, int... input) throws Exception {
        Map<String, Object> spec = (Map<String, Object>) Json.parse(Files.readString(Path.of("..", "examples", file)));
        Map<String, Object> model = new HashMap<>((Map<String, Object>) spec.get("model"));
        model.remove("input");
        return new ModelSpec(model, null).create(Shape.of(input), 5);
    }

    private static void matches(Layer model, Tensor x, boolean reimport) throws Exception {
        OnnxExportTest.warmBatchNorm(model, java.util.Arrays.copyOfRange(x.shape().dims(), 1, x.rank()));
        model.eval();
        ModelProto proto = OnnxExport.toProto(model, Map.of());
        Tensor expected = model.forward(x);
        double diff = maxDiff(expected, Ort.run(proto, x));
        double scale = Math.max(1, maxAbs(expected));
        assertTrue(diff <= 1e-5 * scale, model + ": ONNX Runtime differs from Nabla by " + diff + " (outputs up to " + scale + ")");
        if (reimport) {
            Graph back = OnnxImport.fromProto(proto, "round trip").model();
            back.eval();
            assertTrue(maxDiff(expected, back.forward(x)) <= 1e-6, "the re-imported model differs");
        }
    }

    /** The largest magnitude in t. */
    private static double maxAbs(Tensor t) {
        double m = 0;
        for (double v : t.toDoubleArray()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"fashion-mnist.json, 1:28:28, true", "fashion-mnist-cnn.json, 1:28:28, true",
        "fashion-mnist-cnn-bn.json, 1:28:28, true", "digits.json, 64, true", "heteroscedastic.json, 1, false",
        "mdn-inverse.json, 1, false"})
    void exampleRunsInOnnxRuntime(String file, String shape, boolean reimport) throws Exception {
        int[] input = java.util.Arrays.stream(shape.split(":")).mapToInt(Integer::parseInt).toArray();
        int[] batch = new int[input.length + 1];
        batch[0] = 4;
        System.arraycopy(input, 0, batch, 1, input.length);
        matches(example(file, input), randn(3, batch), reimport);
    }

    @Test
    void graphWithSkipConnectionKeepsItsNames() throws Exception {
        Graph g = Graph.builder().input("x", 6)
                .node("h1", new Dense(8, Activation.relu()), "x")
                .node("h2", new Dense(8, Activation.tanh()), "h1")
                .node("sum", Merge.add(), "h1", "h2")
                .node("both", Merge.concat(), "sum", "h1")
                .node("out", new Dense(3), "both")
                .output("out").build(9);
        ModelProto proto = OnnxExport.toProto(g, Map.of());
        assertEquals("x", proto.getGraph().getInput(0).getName());
        assertEquals("out", proto.getGraph().getOutput(0).getName());
        assertEquals("N", proto.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
        matches(g, randn(4, 7, 6), true);
        Graph back = OnnxImport.fromProto(proto, "round trip").model();
        assertEquals(java.util.List.of("h1", "h2", "sum", "both", "out"), back.nodes().stream().map(n -> n.name()).toList());
        assertEquals(g.stateDict().keySet(), back.stateDict().keySet());
    }

    @Test
    void twoInputsTwoOutputs() throws Exception {
        Graph g = Graph.builder().input("a", 3).input("b", 3)
                .node("sum", Merge.add(), "a", "b")
                .node("p", new Dense(2), "sum").node("q", new Dense(4, Activation.sigmoid()), "sum")
                .output("p", "q").build(2);
        g.eval();
        Map<String, Tensor> in = Map.of("a", randn(1, 5, 3), "b", randn(2, 5, 3));
        Map<String, Tensor> ort = Ort.run(OnnxExport.toProto(g, Map.of()), in);
        Map<String, Tensor> mine = g.forward(in);
        assertTrue(maxDiff(mine.get("p"), ort.get("p")) <= 1e-5 && maxDiff(mine.get("q"), ort.get("q")) <= 1e-5);
    }

    @Test
    void averageAndMultiplyMergesRoundTrip() throws Exception {
        Graph g = Graph.builder().input("x", 5)
                .node("a", new Dense(4, Activation.swish()), "x").node("b", new Dense(4, Activation.elu()), "x")
                .node("mean", Merge.average(), "a", "b").node("prod", Merge.multiply(), "a", "b", "mean")
                .node("out", new Dense(2, Activation.softmax()), "prod").output("out").build(4);
        matches(g, randn(6, 3, 5), true);
    }

    /** Operators PyTorch writes at later opsets or for other modules: Softplus, and Gelu (opset 20) both ways. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"Softplus, none", "Gelu, none", "Gelu, tanh"})
    void singleOperatorFiles(String op, String approximate) throws Exception {
        var node = HostileOnnx.node(op, "f", "y", "x").toBuilder();
        if (op.equals("Gelu")) {
            node.addAttribute(dev.nabla.onnx.proto.AttributeProto.newBuilder().setName("approximate")
                    .setType(dev.nabla.onnx.proto.AttributeProto.AttributeType.STRING)
                    .setS(com.google.protobuf.ByteString.copyFromUtf8(approximate)));
        }
        ModelProto m = HostileOnnx.model(dev.nabla.onnx.proto.GraphProto.newBuilder().addInput(HostileOnnx.value("x", 7))
                .addNode(node).addOutput(HostileOnnx.value("y", 7))).toBuilder()
                .setOpsetImport(0, dev.nabla.onnx.proto.OperatorSetIdProto.newBuilder().setVersion(20)).build();
        Graph g = OnnxImport.fromProto(m, op).model();
        Tensor x = randn(8, 4, 7).mul(3);
        Tensor expected = switch (op) {
            case "Softplus" -> Activation.softplus().apply(x);
            default -> new Activation.GELU(approximate.equals("tanh")).apply(x);
        };
        assertTrue(maxDiff(expected, g.forward(x)) <= 1e-6);
        assertTrue(maxDiff(expected, Ort.run(m, x)) <= 1e-5, op + ": ONNX Runtime's own " + op + " differs");
    }
}
