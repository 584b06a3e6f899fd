package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.SafeTensors;
import dev.nabla.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's files belong to that run: {@code nabla train} into a folder that holds another run, two runs into
 * one folder at once, resuming another run or nothing, an output folder that cannot be written, and the
 * leftovers of a killed run.
 */
class TrainRunFolderTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final String XOR = EXAMPLES.resolve("xor.json").toString();

    @TempDir
    Path dir;

    /** The command's run, with what the library logged on System.err (as "nabla: ...") in {@code err}. */
    static Cli.Run nabla(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            Cli.Run r = Cli.nabla(args);
            return new Cli.Run(r.code(), r.out(), log.toString(StandardCharsets.UTF_8) + r.err());
        } finally {
            System.setErr(saved);
        }
    }

    private static String[] train(String spec, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train", spec, "--quiet", "--no-plots"));
        if (out != null) {
            a.addAll(List.of("--out", out.toString()));
        }
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** xor.json with one piece of its text replaced, written into the test's folder. */
    private Path xorWith(String name, String from, String to) throws Exception {
        String text = Files.readString(Path.of(XOR));
        assertTrue(text.contains(from), from);
        return Files.writeString(dir.resolve(name + ".json"), text.replace(from, to));
    }

    private static List<String> checkpoints(Path out) throws Exception {
        try (var files = Files.list(out.resolve("checkpoints"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ckpt-")).sorted().toList();
        }
    }

    private static void assertSameWeights(Path a, Path b) throws Exception {
        Map<String, Tensor> x = SafeTensors.read(a).tensors(), y = SafeTensors.read(b).tensors();
        assertEquals(x.keySet(), y.keySet());
        x.forEach((k, t) -> assertArrayEquals(t.toFloatArray(), y.get(k).toFloatArray(), k));
    }

    @Test
    void aNewRunIntoAnOutThatHoldsARunIsRefusedAndOverwriteReplacesIt() throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, nabla(train(XOR, out, "--epochs", "6")).code());
        byte[] first = Files.readAllBytes(out.resolve("model.safetensors"));

        Cli.Run again = nabla(train(XOR, out, "--epochs", "2"));
        assertEquals(Main.EXIT_FAILURE, again.code(), again.err());
        assertTrue(again.err().contains("nabla train: --out " + out + " already holds a run (model.safetensors, history.csv,"
                + " 3 checkpoints): add --resume to continue it or --overwrite to replace it, or give another --out"), again.err());
        assertArrayEquals(first, Files.readAllBytes(out.resolve("model.safetensors")), "the earlier run is untouched");

        Cli.Run overwrite = nabla(train(XOR, out, "--epochs", "2", "--overwrite"));
        assertEquals(0, overwrite.code(), overwrite.err());
        assertEquals(List.of("ckpt-e000001-b000000.safetensors", "ckpt-e000002-b000000.safetensors"), checkpoints(out));
        Path model = Files.copy(out.resolve("model.safetensors"), dir.resolve("second.safetensors"));
        Cli.Run resumed = nabla(train(XOR, out, "--epochs", "2", "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        assertSameWeights(model, out.resolve("model.safetensors")); // the 2-epoch run, not the 6-epoch one
    }

    @Test
    void resumingAnotherSpecsRunIsRefusedNamingWhatDiffers() throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, nabla(train(XOR, out, "--epochs", "3")).code());
        Path and = xorWith("and", "\"function\": \"xor\"", "\"function\": \"and\"");
        Cli.Run r = nabla(train(and.toString(), out, "--epochs", "3", "--resume"));
        assertEquals(Main.EXIT_FAILURE, r.code(), r.err());
        assertTrue(r.err().contains("nabla train: --resume " + out.resolve("checkpoints") + ": its newest checkpoint,"
                + " ckpt-e000003-b000000.safetensors (epoch 3, batch 0), is of another run, run "), r.err());
        assertTrue(r.err().contains("$.data.function: xor in the checkpoint, and now; training data: sha256:"), r.err());
        assertTrue(r.err().contains("resume with the spec, seed and data it was trained with, add --force to continue it with"
                + " these, or give another --out"), r.err());
    }

    @Test
    void resumingWithAnotherSeedIsRefusedAndForceSaysWhatItKeepsAndChanges() throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, nabla(train(XOR, out, "--epochs", "3")).code());
        Cli.Run refused = nabla(train(XOR, out, "--epochs", "3", "--resume", "--seed", "5"));
        assertEquals(Main.EXIT_FAILURE, refused.code(), refused.err());
        assertTrue(refused.err().contains("seed: 0 in the checkpoint, 5 now"), refused.err());

        Cli.Run forced = nabla(train(XOR, out, "--epochs", "3", "--resume", "--seed", "5", "--force"));
        assertEquals(0, forced.code(), forced.err());
        assertTrue(forced.err().contains("nabla: resuming run ") && forced.err().contains(", forced: the weights, the"
                + " optimizer's state, the position and the history are the checkpoint's; these settings are this run's:"
                + " $.seed: 0 in the checkpoint, 5 now"), forced.err());
    }

    @Test
    void aChangedLearningRateOnResumeIsRefusedOrForcedButNeverSilent() throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, nabla(train(XOR, out, "--epochs", "3")).code());
        Path slower = xorWith("xor", "\"lr\": 0.05", "\"lr\": 0.01");
        Cli.Run refused = nabla(train(slower.toString(), out, "--epochs", "3", "--resume"));
        assertEquals(Main.EXIT_FAILURE, refused.code(), refused.err());
        assertTrue(refused.err().contains("): $.optimizer.lr: 0.05 in the checkpoint, 0.01 now;"), refused.err());
        Cli.Run forced = nabla(train(slower.toString(), out, "--epochs", "4", "--resume", "--force"));
        assertEquals(0, forced.code(), forced.err());
        assertTrue(forced.err().contains("epochs: 3 in the checkpoint, 4 now, forced: ")
                && forced.err().contains("these settings are this run's: $.optimizer.lr: 0.05 in the checkpoint, 0.01 now"),
                forced.err());
    }

    @Test
    void moreEpochsOnResumeAreAllowedAndSaid() throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, nabla(train(XOR, out, "--epochs", "3")).code());
        Cli.Run more = nabla(train(XOR, out, "--epochs", "5", "--resume"));
        assertEquals(0, more.code(), more.err());
        assertTrue(more.err().contains("nabla: resuming run ") && more.err().contains(
                " from ckpt-e000003-b000000.safetensors (epoch 3, batch 0); epochs: 3 in the checkpoint, 5 now"), more.err());
        assertEquals(6, Files.readAllLines(out.resolve("history.csv")).size(), "a header and 5 epochs");
    }

    @Test
    void withoutOutANewRunGoesToTheNextFreeNumberedFolderAndResumeTakesTheNewest() throws Exception {
        Path base = dir.resolve("runs").resolve("xor");
        Path spec = xorWith("numbered", "\"metrics\": [\"accuracy\"]", "\"metrics\": [\"accuracy\"], \"output\": {\"dir\": \""
                + base.toString().replace("\\", "\\\\") + "\"}");
        assertEquals(0, nabla(train(spec.toString(), null, "--epochs", "2")).code());
        Cli.Run second = nabla(train(spec.toString(), null, "--epochs", "3"));
        assertEquals(0, second.code(), second.err());
        Path numbered = dir.resolve("runs").resolve("xor-2");
        assertTrue(second.err().contains("nabla: " + base + " holds an earlier run; this one goes to " + numbered), second.err());
        assertEquals(3, Files.readAllLines(base.resolve("history.csv")).size(), "the first run is untouched");
        assertEquals(4, Files.readAllLines(numbered.resolve("history.csv")).size());

        Cli.Run resumed = nabla(train(spec.toString(), null, "--epochs", "4", "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(5, Files.readAllLines(numbered.resolve("history.csv")).size(), "the newest run was continued");
        assertFalse(Files.exists(dir.resolve("runs").resolve("xor-3")));
    }

    @Test
    void resumeWithNothingToResumeIsAnErrorUnlessAFreshStartIsAskedFor() throws Exception {
        Path missing = dir.resolve("missing");
        Cli.Run r = nabla(train(XOR, missing, "--epochs", "2", "--resume"));
        assertEquals(Main.EXIT_FAILURE, r.code(), r.err());
        assertTrue(r.err().contains("nabla train: --resume " + missing.resolve("checkpoints") + ": nothing to resume: the folder"
                + " does not exist; train without --resume to start a new run, or add --fresh-if-none"), r.err());

        Path damaged = Files.createDirectories(dir.resolve("damaged").resolve("checkpoints"));
        Files.writeString(damaged.resolve("ckpt-e000001-b000000.safetensors"), "not a checkpoint");
        r = nabla(train(XOR, damaged.getParent(), "--epochs", "2", "--resume"));
        assertEquals(Main.EXIT_FAILURE, r.code(), r.err());
        assertTrue(r.err().contains("nabla: checkpoint ckpt-e000001-b000000.safetensors is unusable")
                && r.err().contains("nothing to resume: none of its 1 checkpoint is usable"), r.err());

        Path empty = Files.createDirectories(dir.resolve("empty").resolve("checkpoints"));
        r = nabla(train(XOR, empty.getParent(), "--epochs", "2", "--resume", "--fresh-if-none"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("nabla: resume from " + empty + ": nothing to resume: it holds no checkpoints; starting a new"
                + " run"), r.err());
    }

    @Test
    void anOutThatCannotBeWrittenIsFoundBeforeTraining() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        for (String every : new String[] {"0", "1"}) {
            Cli.Run r = nabla(train(XOR, file.resolve("run"), "--checkpoint-every", every, "--checkpoint-minutes", "0"));
            assertEquals(Main.EXIT_FAILURE, r.code(), r.err());
            assertTrue(r.err().contains("nabla train: --out " + file.resolve("run") + ": cannot create the folder "
                    + file.resolve("run") + ": " + file + " is a file; nothing was trained"), r.err());
        }
    }

    @Test
    void temporaryFilesOfAKilledRunAreRemovedAtStartAndOnlyOurs() throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, nabla(train(XOR, out, "--epochs", "2")).code());
        List<Path> ours = List.of(out.resolve(".model.safetensors.1f2e3d4c5b6a7988.tmp"), out.resolve(".history.csv.ab.tmp"),
                out.resolve(".learning_curves.png.0.tmp"), out.resolve("checkpoints/.ckpt-e000009-b000000.safetensors.9a.tmp"));
        List<Path> notOurs = List.of(out.resolve(".notes.txt.ab.tmp"), out.resolve("scratch.tmp"),
                out.resolve("checkpoints/.model.safetensors.ab.tmp"));
        for (Path p : ours) {
            Files.write(p, new byte[4096]);
        }
        for (Path p : notOurs) {
            Files.writeString(p, "someone else's");
        }
        Cli.Run r = nabla(train(XOR, out, "--epochs", "3", "--resume"));
        assertEquals(0, r.code(), r.err());
        ours.forEach(p -> assertFalse(Files.exists(p), p + " is removed"));
        notOurs.forEach(p -> assertTrue(Files.exists(p), p + " stays"));
    }

    @Test
    void aSecondRunIntoAnOutInUseIsStoppedNamingTheFirst() throws Exception {
        Path out = dir.resolve("run");
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process first = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "train", XOR, "--out", out.toString(), "--epochs", "100000", "--checkpoint-every", "0",
                "--checkpoint-minutes", "0", "--no-plots").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (var err = new java.io.BufferedReader(new java.io.InputStreamReader(first.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = err.readLine()) != null && !line.startsWith("epoch 1/"); ) {
                // until the first run trains
            }
            Thread.ofVirtual().start(() -> drain(err));
            Cli.Run second = nabla(train(XOR, out, "--epochs", "3", "--resume"));
            assertTrue(first.isAlive(), "the first run was still training");
            assertEquals(Main.EXIT_FAILURE, second.code(), second.err());
            assertTrue(second.err().contains("nabla train: --out " + out + " is in use by another run (process " + first.pid()
                    + ", since "), second.err());
            assertTrue(second.err().contains("wait for it to end, or give another --out"), second.err());
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertFalse(Files.exists(out.resolve("model.safetensors")), "nothing was written over the first run");
    }

    @Test
    void optionsThatContradictEachOtherAreUsageErrors() {
        Path out = dir.resolve("run");
        Cli.Run both = nabla(train(XOR, out, "--resume", "--overwrite"));
        assertEquals(Main.EXIT_USAGE, both.code());
        assertTrue(both.err().contains("--resume continues the run in --out and --overwrite replaces it: give one"), both.err());
        Cli.Run force = nabla(train(XOR, out, "--force"));
        assertEquals(Main.EXIT_USAGE, force.code());
        assertTrue(force.err().contains("--force applies to --resume (to replace a run, give --overwrite)"), force.err());
        assertFalse(Files.exists(out), "nothing was made");
    }

    private static void drain(java.io.BufferedReader r) {
        try {
            while (r.readLine() != null) {
                // keeps the child's stderr pipe from filling up
            }
        } catch (java.io.IOException e) {
            // the child ended
        }
    }
}
