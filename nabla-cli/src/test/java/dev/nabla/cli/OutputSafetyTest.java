package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What predict and eval write never replaces the model or the input, nor any existing file unasked. */
class OutputSafetyTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path input;
    static Path labelled;

    @BeforeAll
    static void train() throws Exception {
        model = CsvModel.train(dir);
        input = Files.writeString(dir.resolve("in.csv"), "a;b\n0;1\n1;1\n");
        labelled = Files.writeString(dir.resolve("labelled.csv"), "a;b;label\n0;1;yes\n1;1;no\n");
    }

    /** Runs the command, expects exit 1 with {@code expected} in the message, and the file unchanged. */
    private static void refused(Path kept, String expected, String... args) throws Exception {
        byte[] before = Files.readAllBytes(kept);
        Cli.Run r = Cli.nabla(args);
        assertEquals(Main.EXIT_FAILURE, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertArrayEquals(before, Files.readAllBytes(kept), kept + " must be left as it was");
    }

    @Test
    void predictNeverWritesOverTheModelOrTheInput() throws Exception {
        refused(model, "is the model file", "predict", model.toString(), input.toString(), "-o", model.toString());
        refused(model, "is the model file", "predict", model.toString(), input.toString(), "-o", model.toString(), "--force");
        refused(input, "is the input file", "predict", model.toString(), input.toString(), "-o", input.toString(), "--force");
        Path other = dir.resolve("other.safetensors");
        Files.copy(model, other);
        refused(other, "a model file", "predict", model.toString(), input.toString(), "-o", other.toString(), "--force");
    }

    @Test
    void anExistingFileIsReplacedOnlyWithForce() throws Exception {
        Path out = Files.writeString(dir.resolve("old.csv"), "keep me\n");
        refused(out, "exists; pass --force", "predict", model.toString(), input.toString(), "-o", out.toString());
        Cli.Run r = Cli.nabla("predict", model.toString(), input.toString(), "-o", out.toString(), "--force");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(out).startsWith("class,index"), Files.readString(out));

        Path fresh = dir.resolve("fresh.csv");
        assertEquals(0, Cli.nabla("predict", model.toString(), input.toString(), "-o", fresh.toString()).code());
        assertTrue(Files.exists(fresh));
    }

    @Test
    void evalOutputsFollowTheSameRules() throws Exception {
        refused(model, "is the model file", "eval", model.toString(), labelled.toString(), "--predictions", model.toString());
        refused(labelled, "is the data file", "eval", model.toString(), labelled.toString(), "--predictions", labelled.toString());
        Path png = Files.writeString(dir.resolve("old.png"), "not yet a plot");
        refused(png, "exists; pass --force", "eval", model.toString(), labelled.toString(), "--confusion", png.toString());
        refused(model, "is the model file", "eval", model.toString(), labelled.toString(), "--confusion", model.toString(), "--force");
        Cli.Run r = Cli.nabla("eval", model.toString(), labelled.toString(), "--confusion", png.toString(), "--force");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(png) > 100, "a PNG replaced the old file");
    }
}
