package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end of {@code nabla train}: the fit diagnosis, and a spec's gradient_flow written beside the history. */
class TrainFitDiagnosisTest {
    @TempDir
    Path dir;

    @Test
    void theRunBuiltToOverfitIsCalledOverfittingWithTheNotesRemediesAndItsEarlyStoppingEpoch() throws Exception {
        // examples/overfit.json: 15 noisy sine samples to train on, 2 x 128 tanh units; 400 of its 800 epochs
        Cli.Run r = Cli.nabla("train", Path.of("..", "examples", "overfit.json").toString(), "--epochs", "400",
                "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("fit:   overfitting: the validation loss turned up after epoch 174"), r.out());
        assertTrue(r.out().contains("early stopping would have stopped at epoch 174"), r.out());
        assertTrue(r.out().contains("remedies: perform regularization"), r.out());
        assertTrue(Files.size(dir.resolve("learning_curves.png")) > 0);
        List<String> flow = Files.readAllLines(dir.resolve("gradient_flow.csv"));
        assertTrue(flow.get(0).startsWith("step,epoch,loss,layer,label,activation,quantity,"), flow.get(0));
        assertEquals(1 + 8 * 3 * 4, flow.size(), "every 50 updates (0, 50, ..., 350 of 400) x 3 dense layers x 4 quantities");
    }
}
