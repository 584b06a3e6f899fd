package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.SafeTensors;
import dev.nabla.tensor.Generator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training JVM killed with SIGKILL at a random update and resumed ends with the same bits as a run
 * never interrupted; and separate JVMs with 1 and 2 kernel threads give the same bits too.
 */
class KillAndResumeTest {
    @TempDir
    Path dir;

    private static Process child(Path runDir, String mode, int threads) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Dnabla.threads=" + threads,
                "-cp", System.getProperty("java.class.path"), TrainingChild.class.getName(), runDir.toString(), mode));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void sigkillMidEpochThenResumeIsBitIdentical() throws Exception {
        ResumeFixture whole = new ResumeFixture();
        whole.fit(null, false);

        int killAt = 23 + new Generator(System.nanoTime()).nextInt(45); // between updates 23 and 67 of 80
        Process p = child(dir, "checkpointed", 2);
        int steps = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line; steps < killAt && (line = r.readLine()) != null; ) {
                steps += line.equals("step") ? 1 : 0;
            }
            p.destroyForcibly(); // SIGKILL: no hook runs, nothing is flushed
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(killAt, steps, "the child was killed while training");
        assertTrue(Files.notExists(dir.resolve("final.safetensors")));

        ResumeFixture resumed = new ResumeFixture();
        resumed.fit(dir.resolve("checkpoints"), true);
        CheckpointResumeTest.assertSameBits(whole.weights(), resumed.weights());
    }

    @Test
    void sigkillInAFolderReusedFromALongerRunResumesTheKilledRun() throws Exception {
        ResumeFixture whole = new ResumeFixture();
        whole.fit(null, false);
        // an earlier, longer run with another shuffling seed: its names (up to epoch 6) sort after the new run's
        ResumeFixture older = new ResumeFixture();
        older.trainer.fit(ResumeFixture.x(), ResumeFixture.y(), ResumeFixture.options(dir.resolve("checkpoints")).seed(99).epochs(6));

        Process p = child(dir, "checkpointed", 2);
        int steps = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line; steps < 40 && (line = r.readLine()) != null; ) {
                steps += line.equals("step") ? 1 : 0;
            }
            p.destroyForcibly();
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(40, steps, "the child was killed while training");

        ResumeFixture resumed = new ResumeFixture();
        resumed.fit(dir.resolve("checkpoints"), true);
        CheckpointResumeTest.assertSameBits(whole.weights(), resumed.weights()); // the killed run's, continued
    }

    @Test
    void separateJvmsWithOneAndTwoThreadsGiveTheSameBits() throws Exception {
        ResumeFixture here = new ResumeFixture();
        here.fit(null, false);
        for (int threads : new int[] {1, 2}) {
            Path run = Files.createDirectories(dir.resolve("t" + threads));
            Process p = child(run, "plain", threads);
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "child exit " + p.exitValue());
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("t1/final.safetensors")), Files.readAllBytes(dir.resolve("t2/final.safetensors")));
        CheckpointResumeTest.assertSameBits(here.weights(), SafeTensors.read(dir.resolve("t1/final.safetensors")).tensors());
    }
}
