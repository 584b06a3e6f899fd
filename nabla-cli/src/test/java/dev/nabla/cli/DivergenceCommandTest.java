package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nabla train} on a fit that blows up (two linear layers at SGD lr 1 on digits: the loss passes 1e8
 * in the first epoch): it says so, names the layer when it stops, and with {@code --rollback} says each
 * rollback on stderr and how many it made in the summary.
 */
class DivergenceCommandTest {
    private static final String SPEC = """
            {"name": "blowup", "seed": 1,
             "data": {"source": "bundled", "name": "digits", "test_split": 0.2,
                      "transforms": [{"kind": "rescale", "scale": 0.0625}]},
             "model": {"type": "Sequential", "input": [64],
                       "layers": [{"type": "Dense", "units": 32}, {"type": "Dense", "units": 10}]},
             "loss": {"name": "cross_entropy"},
             "optimizer": {"name": "sgd", "lr": 1.0},
             "training": {"epochs": 4, "batch_size": 64},
             "metrics": ["accuracy"]}
            """;

    @TempDir
    Path dir;

    private record Run(Cli.Run cli, String stderr) {}

    /** Runs the command with System.err captured: the library's warnings go there as "nabla: ...". */
    private static Run train(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            Cli.Run r = Cli.nabla(args);
            return new Run(r, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void withoutRollbackTheExplosionIsSaidAndTheNaNNamesTheLayer() throws Exception {
        Path spec = dir.resolve("blowup.json");
        Files.writeString(spec, SPEC);
        Run r = train("train", spec.toString(), "--out", dir.resolve("a").toString(), "--no-plots", "--quiet");
        assertTrue(r.stderr().startsWith("nabla: training at epoch 1, batch ") && r.stderr().contains("exploding"), r.stderr());
        assertEquals(Main.EXIT_FAILURE, r.cli().code(), "it went on to NaN, in the third epoch");
        assertTrue(r.cli().err().startsWith("nabla train: training diverged at epoch 3, batch ")
                && r.cli().err().contains("the first layer whose output is not finite is Dense at layers.1"), r.cli().err());
    }

    @Test
    void withRollbackItGoesBackAndSaysHowManyTimes() throws Exception {
        Path spec = dir.resolve("blowup.json");
        Files.writeString(spec, SPEC);
        Run r = train("train", spec.toString(), "--out", dir.resolve("b").toString(), "--no-plots", "--rollback", "0.1");
        assertEquals(0, r.cli().code(), r.cli().err());
        assertTrue(r.stderr().contains("nabla: training diverged at epoch 1, batch ") && r.stderr().contains("exploding")
                && r.stderr().contains("rolled back to the start of epoch 1"), r.stderr());
        assertTrue(r.cli().out().contains("rolled back 1 time on divergence (--rollback 0.1)"), r.cli().out());
        Run json = train("train", spec.toString(), "--out", dir.resolve("c").toString(), "--no-plots", "--rollback", "0.1", "--json");
        assertTrue(json.cli().out().contains("\"rollbacks\": 1"), json.cli().out());
    }
}
