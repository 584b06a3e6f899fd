package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nabla lr-find}: the range test on a spec, what it prints and writes. */
class LrFindCommandTest {
    @TempDir
    Path dir;

    @Test
    void theDigitsSpecGetsASuggestedRateAndTheCurve() throws Exception {
        Cli.Run r = Cli.nabla("lr-find", Path.of("..", "examples", "digits.json").toString(), "--steps", "60", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("digits: "), r.out());
        assertTrue(r.out().contains("suggested rate: "), r.out());
        assertTrue(r.out().contains("the spec's optimizer has lr 0.00100"), r.out());
        List<String> csv = Files.readAllLines(dir.resolve("lr_find.csv"));
        assertEquals("step,lr,loss,smoothed_loss", csv.get(0));
        assertTrue(csv.get(1).startsWith("0,1.0E-6,"), csv.get(1));
        assertTrue(csv.size() <= 61);
        assertTrue(Files.size(dir.resolve("lr_find.png")) > 0);
    }

    @Test
    void aMaximumBelowTheMinimumIsRefused() {
        Cli.Run r = Cli.nabla("lr-find", Path.of("..", "examples", "digits.json").toString(), "--min-lr", "1", "--max-lr", "0.1",
                "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--max-lr must be above --min-lr (1.0), got 0.1"), r.err());
    }
}
