package dev.nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.Graph;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The ONNX reader's fuzz harness, the sibling of nabla-core's {@code FuzzTargets}: the bytes as a file, read by
 * {@link OnnxImport}. The contract for hostile input: the reader returns a model that runs, or refuses with
 * an {@link OnnxFormatException} that names the file; anything else escaping (a RuntimeException, an
 * OutOfMemoryError or StackOverflowError) is a finding and propagates.
 */
final class OnnxFuzzTargets {
    private static final Path DIR = tempDir();

    private OnnxFuzzTargets() {}

    static void onnx(byte[] input) throws IOException {
        Path f = DIR.resolve("input.onnx");
        Files.write(f, input);
        Graph g;
        try {
            g = OnnxImport.read(f);
        } catch (OnnxFormatException e) {
            assertTrue(e.getMessage().startsWith(f.toString() + ": ") && e.getMessage().length() > f.toString().length() + 10,
                    "the refusal must name the file and say why: " + e.getMessage());
            return;
        }
        // an accepted model runs on a batch of its input shape
        int[] perSample = g.inputShapes().values().iterator().next().dims();
        if (g.inputNames().size() == 1 && g.outputNames().size() == 1 && java.util.Arrays.stream(perSample).asLongStream()
                .reduce(1, Math::multiplyExact) <= 1_000_000) {
            int[] dims = new int[perSample.length + 1];
            dims[0] = 2;
            System.arraycopy(perSample, 0, dims, 1, perSample.length);
            g.eval();
            g.forward(Tensor.zeros(dev.nabla.tensor.DType.FLOAT32, dims));
        }
    }

    private static Path tempDir() {
        try {
            Path d = Files.createTempDirectory("nabla-onnx-fuzz");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
