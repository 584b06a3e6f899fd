package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Graph;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Merge;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Graph with two inputs, a skip connection and two outputs survives save and load bit for bit. */
class GraphModelFileTest {
    @TempDir
    Path dir;

    @Test
    void multiInputGraphRoundTrips() throws Exception {
        Graph g = Graph.builder()
                .input("a", 4).input("b", 3)
                .node("ha", new Dense(5, Activation.tanh()), "a")
                .node("hb", new Dense(5, Activation.relu()), "b")
                .node("sum", Merge.add(), "ha", "hb")
                .node("cat", Merge.concat(), "sum", "ha")
                .node("out", new Dense(2), "cat")
                .output("out").output("sum")
                .build(17);
        Path file = dir.resolve("graph.safetensors");
        ModelFile.save(file, g);
        Layer loaded = ModelFile.load(file);
        Graph h = (Graph) loaded;
        Generator gen = new Generator(2);
        Map<String, Tensor> in = Map.of("a", Tensor.randn(gen, 6, 4), "b", Tensor.randn(gen, 6, 3));
        Map<String, Tensor> expected = g.forward(in);
        Map<String, Tensor> actual = h.forward(in);
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) {
            assertArrayEquals(expected.get(k).toFloatArray(), actual.get(k).toFloatArray(), k);
        }
        assertEquals(g.namedParameters().keySet(), h.namedParameters().keySet());
    }

    @Test
    void extraMetadataIsKeptAndReservedKeysAreRefused() throws Exception {
        dev.nabla.nn.Sequential m = dev.nabla.nn.Sequential.of(new Dense(2)).build(1, 3);
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, m, Map.of("nabla.classes", "[\"cat\",\"dog\"]"));
        assertEquals("[\"cat\",\"dog\"]", ModelFile.readMetadata(file).get("nabla.classes"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ModelFile.save(file, m, Map.of("architecture", "{}")));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    }
}
