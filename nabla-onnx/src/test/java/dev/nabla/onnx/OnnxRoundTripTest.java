package dev.nabla.onnx;

import static dev.nabla.onnx.Models.maxDiff;
import static dev.nabla.onnx.Models.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.Graph;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.onnx.proto.ModelProto;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Nabla → ONNX → Nabla: the imported graph computes what the original model does, for every importable layer. */
class OnnxRoundTripTest {
    /** Export cases whose ONNX form uses operators outside the import set (composites of Greater, Where, Slice, Pow). */
    private static final Set<String> NOT_IMPORTED = Set.of("Dense + step", "Dense + softplus", "gelu tanh", "swish beta",
            "softplus beta", "GaussianHead", "GaussianHead exp", "MixtureDensityHead", "MixtureDensityHead full");

    static Stream<Arguments> importable() {
        return OnnxExportTest.layers().filter(a -> !NOT_IMPORTED.contains((String) a.get()[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("importable")
    void importsWhatItExports(String name, int[] input, Supplier<Layer> layers) throws Exception {
        Sequential model = (Sequential) layers.get();
        model.build(7, input);
        OnnxExportTest.warmBatchNorm(model, input);
        model.eval();
        int[] batch = new int[input.length + 1];
        batch[0] = 4;
        System.arraycopy(input, 0, batch, 1, input.length);
        Tensor x = randn(13, batch);
        ModelProto proto = OnnxExport.toProto(model, Map.of("nabla.transforms", "[]"));
        OnnxImport.Imported imported = OnnxImport.fromProto(proto, name);
        Graph g = imported.model();
        g.eval();
        double diff = maxDiff(model.forward(x), g.forward(x));
        assertTrue(diff <= 1e-6, name + ": the imported model differs by " + diff);
        assertEquals(model.parameterCount(), g.parameterCount(), name + ": parameter count");
        // a Sequential comes back as a Graph whose nodes are named by the layers' paths (layers.0.weight becomes
        // nodes.layers_0.weight), the last one by the graph's output
        String last = "layers." + (model.layers().size() - 1) + ".";
        List<String> expected = model.stateDict().keySet().stream().map(k -> k.startsWith(last)
                ? "nodes.output." + k.substring(last.length()) : "nodes." + k.replaceFirst("^layers\\.(\\d+)", "layers_$1")).toList();
        if (!name.equals("Dense + swish")) { // swish comes back as Sigmoid and a Multiply merge: other nodes
            assertEquals(expected, List.copyOf(g.stateDict().keySet()), name + ": state-dict names");
        }
        assertEquals("[]", imported.metadata().get("nabla.transforms"));
    }
}
