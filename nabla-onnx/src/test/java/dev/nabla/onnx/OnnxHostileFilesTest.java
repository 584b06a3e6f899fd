package dev.nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.Graph;
import dev.nabla.nn.Sequential;
import dev.nabla.onnx.proto.ModelProto;
import dev.nabla.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Hostile ONNX files: clear errors, no OutOfMemoryError, no hang; and the committed fuzz corpus replayed. */
class OnnxHostileFilesTest {
    @TempDir
    Path dir;

    private String refusal(ModelProto m) throws IOException {
        Path f = dir.resolve("hostile.onnx");
        Files.write(f, m.toByteArray());
        return assertThrows(OnnxFormatException.class, () -> OnnxImport.read(f)).getMessage();
    }

    @Test
    void tensorShorterThanItsDims() throws IOException {
        String m = refusal(HostileOnnx.shortTensor());
        assertTrue(m.contains("tensor 'w' declares dims [3, 4] (12 elements, 48 bytes) but holds 10 bytes"), m);
    }

    @Test
    void initializerOf2Pow40ElementsIsRefusedBeforeAllocating() throws IOException {
        String m = refusal(HostileOnnx.hugeTensor());
        assertTrue(m.contains("tensor 'w' declares dims [1048576, 1048576], more than"), m);
    }

    @Test
    void cycleIsNamed() throws IOException {
        String m = refusal(HostileOnnx.cycle());
        assertTrue(m.contains("the graph has a cycle: nodes [first (Relu), second (Relu)]"), m);
    }

    @Test
    void tenThousandDeepGraphImportsAndRuns() throws IOException {
        Path f = dir.resolve("deep.onnx");
        Files.write(f, HostileOnnx.deep(10_000).toByteArray());
        Graph g = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> OnnxImport.read(f));
        assertEquals(10_000, g.nodes().size());
        Tensor x = Models.randn(1, 3, 4);
        assertEquals(0, Models.maxDiff(x.relu(), g.forward(x)));
    }

    @Test
    void unsupportedOpNamesTheNodeAndTheSupportedList() throws IOException {
        ModelProto m = HostileOnnx.model(HostileOnnx.cycle().getGraph().toBuilder().clearNode()
                .addNode(HostileOnnx.node("Relu", "r", "a", "x")).addNode(HostileOnnx.node("Cos", "cosine", "b", "a"))
                .addNode(HostileOnnx.node("Add", "sum", "y", "x", "b")));
        String msg = refusal(m);
        assertTrue(msg.contains("node 'cosine' of op type Cos is not an operator Nabla imports; supported: Gemm, MatMul"), msg);
    }

    /** Every prefix of an exported model is refused with OnnxFormatException: never parsed as a smaller model. */
    @Test
    void everyTruncationIsRefused() throws IOException {
        Sequential model = Sequential.of(new dev.nabla.nn.Dense(3, dev.nabla.nn.Activation.relu()), new dev.nabla.nn.Dense(2));
        model.build(1, 4);
        byte[] bytes = OnnxExport.toProto(model, Map.of()).toByteArray();
        for (int n = 0; n < bytes.length; n++) {
            byte[] prefix = Arrays.copyOf(bytes, n);
            int len = n;
            assertThrows(OnnxFormatException.class, () -> OnnxImport.fromProto(OnnxImport.parse(
                    new ByteArrayInputStream(prefix), "cut"), "cut"), () -> "a prefix of " + len + " of " + bytes.length + " bytes");
        }
    }

    /** Seeded byte mutations of a PyTorch-made model: each is read or refused by the harness's contract. */
    @Test
    void mutatedModelsKeepTheContract() throws IOException {
        byte[] seed = Files.readAllBytes(PyTorchOnnxTest.fixture("cnn.onnx"));
        SplittableRandom r = new SplittableRandom(17);
        for (int i = 0; i < 150; i++) {
            byte[] b = seed.clone();
            for (int k = 1 + r.nextInt(4); k > 0; k--) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            OnnxFuzzTargets.onnx(b);
        }
    }

    @TestFactory
    Stream<DynamicTest> committedCorpusKeepsTheContract() throws IOException {
        Path corpus = Path.of("src/test/resources/dev/nabla/onnx/OnnxReaderFuzzTestInputs/onnx");
        List<Path> files;
        try (Stream<Path> s = Files.list(corpus)) {
            files = s.sorted().toList();
        }
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().startsWith("seed-")), "no seeds in " + corpus);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(),
                () -> OnnxFuzzTargets.onnx(Files.readAllBytes(f))));
    }
}
