package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nabla universal}: a table of errors by width, a curve per width as PNG and CSV. */
class UniversalCommandTest {
    @TempDir
    Path dir;

    @Test
    void aCurvePerWidth() throws Exception {
        Cli.Run r = Cli.nabla("universal", "--widths", "1,4", "--steps", "300", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("fitting sin(2πx) + 0.5 sin(5πx) on [0, 1] (64 points)"), r.out());
        List<String> csv = Files.readAllLines(dir.resolve("universal_approximation.csv"));
        assertEquals("width,x,target,predicted", csv.get(0));
        assertEquals(1 + 2 * 64, csv.size());
        assertTrue(csv.get(1).startsWith("1,0.0,0.0,"), csv.get(1));
        assertTrue(Files.size(dir.resolve("universal_approximation.png")) > 0);
        Cli.Run bad = Cli.nabla("universal", "--widths", "0", "--out", dir.resolve("x").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--widths must each be between 1 and 4096, got [0]"), bad.err());
    }
}
