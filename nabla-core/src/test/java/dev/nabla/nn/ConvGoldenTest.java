package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.Json;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The image layers against PyTorch: {@code golden/conv.json}, written by {@code golden/conv.py} with
 * PyTorch's modules in float64. Each case builds the layer from its config, loads PyTorch's state dict
 * (weights and buffers under PyTorch's names, so this is also the state dicts' round trip), and compares
 * the output, the gradients of sum(y·G) and the state after the pass (running statistics).
 */
class ConvGoldenTest {
    private static final double TOLERANCE = 1e-10;

    @SuppressWarnings("unchecked")
    static Stream<Map<String, Object>> cases() throws IOException, Json.JsonException {
        try (InputStream in = ConvGoldenTest.class.getResourceAsStream("/golden/conv.json")) {
            Map<String, Object> root = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return ((List<Map<String, Object>>) root.get("cases")).stream();
        }
    }

    @SuppressWarnings("unchecked")
    private static Tensor tensor(Object json) {
        Map<String, Object> m = (Map<String, Object>) json;
        int[] shape = ((List<Object>) m.get("shape")).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
        double[] data = ((List<Object>) m.get("data")).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        DType dtype = "int32".equals(m.get("dtype")) ? DType.INT32 : DType.FLOAT64;
        return shape.length == 0 ? Tensor.scalar(dtype, data[0]) : Tensor.of(dtype, data, shape);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Tensor> tensors(Object json) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        ((Map<String, Object>) json).forEach((k, v) -> out.put(k, tensor(v)));
        return out;
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(e[i] - a[i]) <= TOLERANCE * Math.max(1, Math.abs(e[i])),
                    what + "[" + i + "]: expected " + e[i] + ", got " + a[i]);
        }
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithPyTorch(Map<String, Object> c) {
        String name = (String) c.get("name");
        Layer layer = Layers.read((Map<String, Object>) c.get("layer"), "layer");
        Tensor x = tensor(c.get("x")).requiresGrad(true);
        layer.build(Shape.of(Arrays.copyOfRange(x.shape().dims(), 1, x.rank())), new Generator(0), DType.FLOAT64);
        Map<String, Tensor> state = tensors(c.get("state"));
        assertEquals(state.keySet(), layer.stateDict().keySet(), name + ": the state dict's names are PyTorch's");
        layer.loadStateDict(state);
        if ("eval".equals(c.get("mode"))) {
            layer.eval();
        }
        Tensor y = layer.forward(x);
        assertClose(tensor(c.get("y")), y, name + ": output");
        y.mul(tensor(c.get("g"))).sum().backward();
        assertClose(tensor(c.get("dx")), x.grad(), name + ": input gradient");
        Map<String, Tensor> grads = tensors(c.get("grads"));
        assertEquals(grads.keySet(), layer.namedParameters().keySet(), name + ": parameters");
        grads.forEach((k, g) -> assertClose(g, layer.namedParameters().get(k).grad(), name + ": gradient of " + k));
        Map<String, Tensor> after = layer.stateDict();
        tensors(c.get("state_after")).forEach((k, t) -> {
            assertEquals(t.dtype(), after.get(k).dtype(), name + ": dtype of " + k);
            assertClose(t, after.get(k), name + ": " + k + " after the pass");
        });
    }
}
