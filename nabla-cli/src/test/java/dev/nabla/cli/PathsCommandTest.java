package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nabla paths}: the table, the divergent rate reported (not thrown), the pictures and their CSV. */
class PathsCommandTest {
    @TempDir
    Path dir;

    @Test
    void drawsEveryOptimizerAndTheSweepsAndReportsTheDivergentRate() throws Exception {
        Cli.Run r = Cli.nabla("paths", "--steps", "60", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*lr_sweep +bowl +divergent lr=0\\.22 +diverged at \\d+ .*"), r.out());
        assertTrue(r.out().contains("momentum_sweep  bowl        β=0.9 lr=0.05"), r.out());
        for (String f : PathsCommand.FILES) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        assertEquals(2 * 560, ImageIO.read(dir.resolve("optimizers.png").toFile()).getHeight(), "2 x 2 surfaces");
        List<String> csv = Files.readAllLines(dir.resolve("paths.csv"));
        assertEquals("figure,surface,optimizer,step,x,y,f,diverged_at", csv.get(0));
        assertTrue(csv.contains("optimizers,rosenbrock,\"sgd lr=0.001\",0,-1.5,2.0,12.5,-1"), csv.subList(0, 3).toString());
    }

    @Test
    void aConditionNumberUnderOneIsRefused() {
        Cli.Run r = Cli.nabla("paths", "--condition", "0.5", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--condition must be between 1 and 1e6, got 0.5"), r.err());
    }
}
