package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image folder end to end through the command line: {@code nabla shapes} renders circles, squares and
 * triangles (PNG and JPEG), the example spec trains its CNN on them with augmentation, and eval and predict
 * read the images as training did. The accuracy is pinned for the seed. Bad files and folders are in
 * {@code ErrorMessagesTest}.
 */
class ImageFolderCommandsTest {
    @TempDir
    Path dir;

    @Test
    void shapesTrainEvalAndPredictThroughTheExampleSpec() throws Exception {
        Path shapes = dir.resolve("shapes");
        Cli.Run made = Cli.nabla("shapes", shapes.toString(), "--per-class", "100", "--seed", "1");
        assertEquals(0, made.code(), made.err());
        assertTrue(Files.exists(shapes.resolve("circle/circle-0001.jpg")) && Files.exists(shapes.resolve("triangle/triangle-0000.png")));
        Path spec = Files.copy(Path.of("..", "examples", "shapes-cnn.json"), dir.resolve("shapes-cnn.json")); // "path": "shapes"

        Path out = dir.resolve("run");
        Cli.Run train = Cli.nabla("train", spec.toString(), "--out", out.toString(), "--epochs", "12", "--quiet");
        assertEquals(0, train.code(), train.err());
        Path model = out.resolve("model.safetensors");

        Cli.Run eval = Cli.nabla("eval", model.toString(), "--json"); // the spec's test split: 60 of 300 images
        assertEquals(0, eval.code(), eval.err());
        Map<?, ?> test = new com.google.gson.Gson().fromJson(eval.out(), Map.class);
        assertEquals(60.0, test.get("samples"));
        // seed 0 on the shapes of seed 1, 12 epochs: 0.633 (38 of 60) here, chance is 1/3; the margin is for
        // kernels that sum in another order (same bits for any thread count, not for every kernel change)
        assertTrue((Double) test.get("accuracy") >= 0.55, eval.out());

        Cli.Run all = Cli.nabla("eval", model.toString(), shapes.toString(), "--json"); // a folder of class folders
        assertEquals(0, all.code(), all.err());
        Map<?, ?> whole = new com.google.gson.Gson().fromJson(all.out(), Map.class);
        assertEquals(300.0, whole.get("samples"));
        assertTrue((Double) whole.get("accuracy") >= 0.55, all.out());

        Cli.Run folder = Cli.nabla("predict", model.toString(), shapes.resolve("square").toString());
        assertEquals(0, folder.code(), folder.err());
        List<String> rows = folder.out().lines().toList();
        assertEquals("file,class,index,score_circle,score_square,score_triangle", rows.get(0));
        assertEquals(101, rows.size());
        assertTrue(rows.get(1).startsWith("square-0000.png,") && rows.get(2).startsWith("square-0001.jpg,"), rows.get(1));
        Path one = shapes.resolve("square/square-0001.jpg");
        Cli.Run file = Cli.nabla("predict", model.toString(), one.toString());
        assertEquals(0, file.code(), file.err());
        // the same class and scores; not the same bits: a batch's 3x3 convolutions run as Winograd's products, one
        // image's as im2col's (docs/design.md), so the scores agree to float32 rounding
        String[] inFolder = rows.get(2).split(","), alone = file.out().lines().toList().get(1).split(",");
        assertEquals(List.of(inFolder).subList(1, 3), List.of(alone).subList(1, 3), "one file predicts as in its folder");
        assertEquals(inFolder.length, alone.length);
        for (int i = 3; i < inFolder.length; i++) {
            double a = Double.parseDouble(inFolder[i]), b = Double.parseDouble(alone[i]);
            assertEquals(a, b, 1e-5 * Math.max(1, Math.abs(a)), "score " + i + " of one file and of its folder");
        }

        // test-time augmentation from the command line: the scores become log mean probabilities (their exps sum to 1)
        Cli.Run mirrored = Cli.nabla("predict", model.toString(), one.toString(), "--tta", "hflip");
        assertEquals(0, mirrored.code(), mirrored.err());
        String[] views = mirrored.out().lines().toList().get(1).split(",");
        double total = 0;
        for (int i = 3; i < views.length; i++) {
            total += Math.exp(Double.parseDouble(views[i]));
        }
        assertEquals(1, total, 1e-5, mirrored.out());
        Cli.Run viewsEval = Cli.nabla("eval", model.toString(), "--tta", "hflip", "--json");
        assertEquals(0, viewsEval.code(), viewsEval.err());
        assertEquals(60.0, new com.google.gson.Gson().fromJson(viewsEval.out(), Map.class).get("samples"));
        Cli.Run crop = Cli.nabla("eval", model.toString(), "--tta", "crop");
        assertEquals(2, crop.code());
        assertTrue(crop.err().contains("--tta must be none or views by name, comma-separated: test-time augmentation: "
                + "unknown view 'crop'"), crop.err());
    }

    @Test
    void shapesRefusesAFolderThatHoldsFilesAndBadSizes() throws Exception {
        Files.writeString(dir.resolve("x.txt"), "x");
        Cli.Run r = Cli.nabla("shapes", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is not empty"), r.err());
        Cli.Run small = Cli.nabla("shapes", dir.resolve("new").toString(), "--size", "4");
        assertEquals(2, small.code());
        assertTrue(small.err().contains("--size must be at least 8"), small.err());
    }
}
