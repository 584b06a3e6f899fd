package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.ModelFile;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InfoCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run nabla(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void showsArchitectureParametersAndMetadata() throws Exception {
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, Sequential.of(new Dense(8, Activation.relu()), new Dense(3)).build(5, 4));
        Run r = nabla("info", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("layers.0.weight") && r.out().contains("[8, 4]"), r.out());
        assertTrue(r.out().contains("total: 67 trainable values"), r.out());
        assertTrue(r.out().contains("seed") && r.out().contains("5"), r.out());
        Run json = nabla("info", "--json", file.toString());
        assertEquals(0, json.code());
        assertTrue(json.out().contains("\"format\": \"nabla\""), json.out());
    }

    @Test
    void backendReportsKernelsThreadsAndOpenBlas() {
        Run r = nabla("info", "--backend");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("kernels: ") && r.out().contains("threads: ") && r.out().contains("OpenBLAS: "), r.out());
        assertEquals(Main.EXIT_USAGE, nabla("info").code());
    }

    @Test
    void aBadFileIsOneClearLineAndExitCodeOne() throws Exception {
        Path file = dir.resolve("bad.safetensors");
        Files.writeString(file, "not a model");
        Run r = nabla("info", file.toString());
        assertEquals(Main.EXIT_FAILURE, r.code());
        assertTrue(r.err().startsWith("nabla info: ") && r.err().contains("bad.safetensors"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace for a user's bad file:\n" + r.err());
        Run missing = nabla("info", dir.resolve("nope.safetensors").toString());
        assertEquals(Main.EXIT_FAILURE, missing.code());
    }
}
