package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Dataset;
import dev.nabla.io.SafeTensors;
import dev.nabla.nn.Sequential;
import dev.nabla.spec.Experiment;
import dev.nabla.spec.TrainedModel;
import dev.nabla.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands a user's first hour goes through: train a spec, evaluate and predict with the result. */
class TrainEvalPredictTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path dir;

    @Test
    void trainWritesModelHistoryAndPlots() throws Exception {
        Cli.Run r = Cli.nabla("train", EXAMPLES.resolve("xor.json").toString(), "--out", dir.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        for (String f : new String[] {"model.safetensors", "history.csv", "learning_curves.png", "decision_boundary.png"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        assertEquals(201, Files.readAllLines(dir.resolve("history.csv")).size(), "a header and 200 epochs");
        TrainedModel m = TrainedModel.load(dir.resolve("model.safetensors"));
        int[] classes = m.predictClasses(Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}));
        assertEquals("[0, 1, 1, 0]", java.util.Arrays.toString(classes));
    }

    @Test
    void predictReproducesEvalsPredictionsExactly() throws Exception {
        Path out = dir.resolve("digits");
        Cli.Run train = Cli.nabla("train", EXAMPLES.resolve("digits.json").toString(), "--out", out.toString(), "--epochs", "3", "--quiet");
        assertEquals(0, train.code(), train.err());
        Path model = out.resolve("model.safetensors");
        Cli.Run eval = Cli.nabla("eval", model.toString(), "--predictions", dir.resolve("eval.csv").toString(), "--json");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("\"accuracy\"") && eval.out().contains("\"samples\": 360"), eval.out());

        Dataset test = new Experiment(TrainedModel.load(model).spec()).loadData().test();
        Path features = dir.resolve("test-features.csv");
        writeCsv(features, test.features());
        Cli.Run predict = Cli.nabla("predict", model.toString(), features.toString(), "-o", dir.resolve("predict.csv").toString());
        assertEquals(0, predict.code(), predict.err());
        assertEquals(Files.readAllLines(dir.resolve("eval.csv")), Files.readAllLines(dir.resolve("predict.csv")));

        // the digits model takes rows of 64 features: no mirror to average over, said at the option
        Cli.Run mirrored = Cli.nabla("eval", model.toString(), "--tta", "hflip");
        assertEquals(2, mirrored.code());
        assertTrue(mirrored.err().contains("--tta hflip: this model cannot take it: mirrors images [channels, height, width] "
                + "or [height, width], but each sample is [64]"), mirrored.err());
    }

    @Test
    void initStartsFromTheGivenWeights() throws Exception {
        // Two different seeds draw different initial weights; --init overrides both, and the truth table
        // data and --no-shuffle leave no other randomness, so the two runs must end identical.
        Sequential init = Sequential.of(new dev.nabla.nn.Dense(8), new dev.nabla.nn.Dense(2)).build(123, 2);
        Path weights = dir.resolve("init.safetensors");
        SafeTensors.write(weights, init.stateDict(), Map.of());
        for (String seed : new String[] {"1", "2"}) {
            Cli.Run r = Cli.nabla("train", EXAMPLES.resolve("xor.json").toString(), "--out", dir.resolve("s" + seed).toString(),
                    "--init", weights.toString(), "--seed", seed, "--epochs", "5", "--no-shuffle", "--quiet", "--no-plots");
            assertEquals(0, r.code(), r.err());
        }
        Map<String, Tensor> a = SafeTensors.read(dir.resolve("s1/model.safetensors")).tensors();
        Map<String, Tensor> b = SafeTensors.read(dir.resolve("s2/model.safetensors")).tensors();
        a.forEach((k, t) -> org.junit.jupiter.api.Assertions.assertArrayEquals(t.toFloatArray(), b.get(k).toFloatArray(), k));

        SafeTensors.write(weights, Sequential.of(new dev.nabla.nn.Dense(5), new dev.nabla.nn.Dense(2)).build(1, 2).stateDict(), Map.of());
        Cli.Run bad = Cli.nabla("train", EXAMPLES.resolve("xor.json").toString(), "--out", dir.resolve("bad").toString(),
                "--init", weights.toString(), "--quiet");
        assertEquals(Main.EXIT_FAILURE, bad.code());
        assertTrue(bad.err().contains("--init") && bad.err().contains("[5, 2]") && bad.err().contains("[8, 2]"), bad.err());
    }

    @Test
    void jsonOutputAndSpecErrors() throws Exception {
        Cli.Run r = Cli.nabla("train", EXAMPLES.resolve("xor.json").toString(), "--out", dir.toString(), "--epochs", "2", "--json", "--no-plots");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"history\"") && r.out().contains("\"files\"") && r.out().contains("\"seed\": 0"), r.out());
        Path spec = dir.resolve("bad.json");
        Files.writeString(spec, Files.readString(EXAMPLES.resolve("xor.json")).replace("\"adam\"", "\"adamm\""));
        Cli.Run bad = Cli.nabla("train", spec.toString(), "--out", dir.resolve("x").toString());
        assertEquals(Main.EXIT_FAILURE, bad.code());
        assertTrue(bad.err().contains("$.optimizer.name") && bad.err().contains("adamw"), bad.err());
    }

    @Test
    void checkpointsAreWrittenAndAFinishedRunResumesToTheSameModel() throws Exception {
        Path out = dir.resolve("run");
        Cli.Run first = Cli.nabla("train", EXAMPLES.resolve("xor.json").toString(), "--out", out.toString(), "--epochs", "6",
                "--checkpoint-every", "2", "--keep", "2", "--quiet", "--no-plots");
        assertEquals(0, first.code(), first.err());
        try (var files = Files.list(out.resolve("checkpoints"))) {
            assertEquals(java.util.List.of("ckpt-e000004-b000000.safetensors", "ckpt-e000006-b000000.safetensors"),
                    files.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".nabla.lock")).sorted().toList());
        }
        Map<String, Tensor> before = SafeTensors.read(out.resolve("model.safetensors")).tensors();
        Cli.Run again = Cli.nabla("train", EXAMPLES.resolve("xor.json").toString(), "--out", out.toString(), "--epochs", "6",
                "--resume", "--quiet", "--no-plots");
        assertEquals(0, again.code(), again.err());
        Map<String, Tensor> after = SafeTensors.read(out.resolve("model.safetensors")).tensors();
        before.forEach((k, t) -> org.junit.jupiter.api.Assertions.assertArrayEquals(t.toFloatArray(), after.get(k).toFloatArray(), k));
    }

    @Test
    void aDamagedCheckpointIsSkippedWithANablaLineOnStderr() throws Exception {
        Path out = dir.resolve("run");
        String[] train = {"train", EXAMPLES.resolve("xor.json").toString(), "--out", out.toString(), "--epochs", "4",
            "--checkpoint-every", "2", "--quiet", "--no-plots"};
        assertEquals(0, Cli.nabla(train).code());
        Path newest = out.resolve("checkpoints").resolve("ckpt-e000004-b000000.safetensors");
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 5] ^= 0x5A;
        Files.write(newest, bytes);
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        Cli.Run resumed;
        try {
            String[] again = java.util.Arrays.copyOf(train, train.length + 1);
            again[train.length] = "--resume";
            resumed = Cli.nabla(again);
        } finally {
            System.setErr(saved);
        }
        assertEquals(0, resumed.code(), resumed.err());
        String shown = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(shown.startsWith("nabla: checkpoint ckpt-e000004-b000000.safetensors is unusable (")
                && shown.contains("checksum") && shown.contains("trying the previous one"), shown);
    }

    private static void writeCsv(Path file, Tensor x) throws Exception {
        int n = x.dim(0), f = x.dim(1);
        float[] v = x.toFloatArray();
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < f; j++) {
            sb.append(j == 0 ? "" : ",").append("f").append(j);
        }
        sb.append('\n');
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                sb.append(j == 0 ? "" : ",").append(v[i * f + j]);
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString());
    }
}
