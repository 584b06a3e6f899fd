package dev.nabla.cli.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Dataset;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.History;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
    @TempDir
    Path dir;

    private static BufferedImage read(Path p) throws Exception {
        BufferedImage img = ImageIO.read(p.toFile());
        assertTrue(img != null, "not a readable image: " + p);
        return img;
    }

    /** Number of distinct colours: a blank or single-colour image has almost none. */
    private static int colours(BufferedImage img) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }

    @Test
    void learningCurvesHaveOnePanelPerQuantity() throws Exception {
        History h = new History();
        for (int e = 0; e < 10; e++) {
            h.record(Map.of("loss", 1.0 / (e + 1), "accuracy", 0.5 + e * 0.04, "val_loss", 1.2 / (e + 1),
                    "val_accuracy", 0.45 + e * 0.04, "lr", 0.001));
        }
        Path png = dir.resolve("curves.png");
        LearningCurvePlot.write(h, png);
        BufferedImage img = read(png);
        assertEquals(2 * 560, img.getWidth(), "loss and accuracy side by side");
        assertTrue(colours(img) > 20);
    }

    @Test
    void decisionBoundaryColoursTheGridByPrediction() throws Exception {
        Tensor x = Tensor.of(new float[][] {{-1, -1}, {-1, 1}, {1, -1}, {1, 1}, {0.5f, 0.2f}, {-0.3f, 0.8f}});
        Dataset d = new Dataset(x, Tensor.of(new int[] {0, 0, 1, 1, 1, 0}), List.of("a", "b"), List.of("left", "right"));
        Path png = dir.resolve("boundary.png");
        DecisionBoundaryPlot.write(d, f -> f.slice(1, 0, 1).gt(0).to(dev.nabla.tensor.DType.INT32).reshape(-1), png);
        assertTrue(colours(read(png)) > 10);
        assertThrows(IllegalArgumentException.class,
                () -> DecisionBoundaryPlot.write(Dataset.of(Tensor.zeros(3, 3), Tensor.of(new int[3])), f -> f, png));
    }

    @Test
    void confusionMatrixCountsAndDraws() throws Exception {
        int[][] m = ConfusionMatrixPlot.count(new int[] {0, 0, 1, 2, 2, 2}, new int[] {0, 1, 1, 2, 2, 0}, 3);
        assertArrayEquals(new int[] {1, 1, 0}, m[0]);
        assertArrayEquals(new int[] {0, 1, 0}, m[1]);
        assertArrayEquals(new int[] {1, 0, 2}, m[2]);
        Path png = dir.resolve("confusion.png");
        ConfusionMatrixPlot.write(m, List.of("cat", "dog", "bird"), png);
        assertTrue(colours(read(png)) > 5);
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrixPlot.count(new int[] {3}, new int[] {0}, 3));
        assertTrue(Files.size(png) > 1000);
    }
}
