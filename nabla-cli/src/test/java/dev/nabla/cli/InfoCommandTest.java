package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.ModelFile;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {
    @TempDir
    Path dir;

    @Test
    void showsArchitectureParametersAndMetadata() throws Exception {
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, Sequential.of(new Dense(8, Activation.relu()), new Dense(3)).build(5, 4));
        Cli.Run r = Cli.nabla("info", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("layers.0.weight") && r.out().contains("[8, 4]"), r.out());
        assertTrue(r.out().contains("total: 67 trainable values"), r.out());
        assertTrue(r.out().contains("seed") && r.out().contains("5"), r.out());
        Cli.Run json = Cli.nabla("info", "--json", file.toString());
        assertEquals(0, json.code());
        assertTrue(json.out().contains("\"format\": \"nabla\""), json.out());
    }

    @Test
    void saysWhenPredictionsAverageTestTimeViews() throws Exception {
        String spec = """
                {"data": {"source": "synthetic", "name": "truth_table", "function": "xor", "tta": ["hflip"]},
                 "model": {"type": "Sequential", "layers": [{"type": "Dense", "units": 2}]},
                 "loss": {"name": "cross_entropy"}, "optimizer": {"name": "sgd", "lr": 0.1}, "training": {"epochs": 1, "batch_size": 4}}""";
        Path file = dir.resolve("views.safetensors");
        ModelFile.save(file, Sequential.of(new Dense(2)).build(5, 2), java.util.Map.of("nabla.spec", spec));
        Cli.Run r = Cli.nabla("info", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("predictions: class probabilities averaged over each image and its views [hflip]"), r.out());
        Path plain = dir.resolve("plain.safetensors");
        ModelFile.save(plain, Sequential.of(new Dense(2)).build(5, 2), java.util.Map.of("nabla.spec", spec.replace(", \"tta\": [\"hflip\"]", "")));
        Cli.Run none = Cli.nabla("info", plain.toString());
        assertEquals(0, none.code(), none.err());
        assertTrue(!none.out().contains("predictions:"), none.out());
    }

    @Test
    void backendReportsKernelsThreadsAndOpenBlas() {
        Cli.Run r = Cli.nabla("info", "--backend");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("kernels: ") && r.out().contains("threads: ") && r.out().contains("OpenBLAS: "), r.out());
        assertEquals(Main.EXIT_USAGE, Cli.nabla("info").code());
    }

    @Test
    void aBadFileIsOneClearLineAndExitCodeOne() throws Exception {
        Path file = dir.resolve("bad.safetensors");
        Files.writeString(file, "not a model");
        Cli.Run r = Cli.nabla("info", file.toString());
        assertEquals(Main.EXIT_FAILURE, r.code());
        assertTrue(r.err().startsWith("nabla info: ") && r.err().contains("bad.safetensors"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace for a user's bad file:\n" + r.err());
        Cli.Run missing = Cli.nabla("info", dir.resolve("nope.safetensors").toString());
        assertEquals(Main.EXIT_FAILURE, missing.code());
    }
}
