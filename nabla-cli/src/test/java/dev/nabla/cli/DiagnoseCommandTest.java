package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nabla diagnose}: the vanishing-gradients demo and a spec looked into, what they print and draw. */
class DiagnoseCommandTest {
    @TempDir
    Path dir;

    @Test
    void theVanishingDemoPrintsTheNormsAndSaysWhichNetworkLosesItsGradient() throws Exception {
        Path out = dir.resolve("van");
        Cli.Run r = Cli.nabla("diagnose", "--demo", "vanishing", "--steps", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("12 hidden layers of 16 units"), r.out());
        assertTrue(r.out().contains("13 Dense 'output'"), r.out());
        assertTrue(r.out().contains("sigmoid, N(0, 1): vanishing gradients: the first layer's weight gradient (layers.0) is 412 times"
                + " smaller than the last's (layers.12)"), r.out());
        assertTrue(r.out().contains("relu, He: gradients flow"), r.out());
        assertTrue(r.out().contains("sigmoid, Glorot: vanishing gradients"), r.out());
        BufferedImage histograms = ImageIO.read(out.resolve("gradient_histograms.png").toFile());
        assertEquals(3 * 380, histograms.getWidth(), "a column per network");
        assertEquals(13 * 170, histograms.getHeight(), "a panel per layer");
        assertEquals(3 * 560, ImageIO.read(out.resolve("gradient_norms.png").toFile()).getWidth());
        List<String> csv = Files.readAllLines(out.resolve("gradient_flow.csv"));
        assertTrue(csv.get(0).startsWith("network,step,epoch,loss,layer,label,activation,quantity,"), csv.get(0));
        assertTrue(csv.get(1).startsWith("\"sigmoid, N(0, 1)\",0,0,"), csv.get(1));
        assertEquals(1 + 3 * 13 * 4, csv.size(), "3 networks x 13 layers x (output, its gradient, weight and bias gradients)");
    }

    @Test
    void aSpecIsTrainedBrieflyAndItsStepsRecorded() throws Exception {
        Path out = dir.resolve("xor");
        Cli.Run r = Cli.nabla("diagnose", Path.of("..", "examples", "xor.json").toString(), "--steps", "30", "--every", "10",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("xor: 30 updates, recorded every 10"), r.out());
        assertTrue(r.out().contains("step 0") && r.out().contains("step 20"), r.out());
        List<String> csv = Files.readAllLines(out.resolve("gradient_flow.csv"));
        assertEquals(1 + 3 * 2 * 4, csv.size(), "steps 0, 10, 20 x 2 dense layers x 4 quantities");
        for (String f : DiagnoseCommand.FLOW_FILES) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
    }

    @Test
    void anEarlierDiagnoseIsReplacedOnlyWithForce() throws Exception {
        Path out = dir.resolve("again");
        String xor = Path.of("..", "examples", "xor.json").toString();
        assertEquals(0, Cli.nabla("diagnose", xor, "--steps", "2", "--out", out.toString()).code());
        Cli.Run again = Cli.nabla("diagnose", xor, "--steps", "2", "--out", out.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already holds gradient_flow.csv, gradient_norms.png"), again.err());
        assertEquals(0, Cli.nabla("diagnose", xor, "--steps", "2", "--out", out.toString(), "--force").code());
    }

    @Test
    void aSpecOrADemoIsNeeded() {
        Cli.Run r = Cli.nabla("diagnose");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("give a SPEC or --demo vanishing"), r.err());
        Cli.Run unknown = Cli.nabla("diagnose", "--demo", "exploding");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("--demo: unknown demo 'exploding'; the demos: vanishing"), unknown.err());
    }
}
