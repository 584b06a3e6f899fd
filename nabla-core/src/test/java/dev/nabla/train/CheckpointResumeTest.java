package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointResumeTest {
    @TempDir
    Path dir;

    static void assertSameBits(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, t) -> assertArrayEquals(t.toFloatArray(), actual.get(k).toFloatArray(), k));
    }

    @Test
    void stoppedMidEpochAndResumedEndsBitIdentical() {
        ResumeFixture whole = new ResumeFixture();
        History expected = whole.fit(null, false);

        ResumeFixture first = new ResumeFixture();
        first.fit(dir, false, ResumeFixture.stopAfter(31)); // 20 batches an epoch: stops in the second
        ResumeFixture second = new ResumeFixture();
        History resumed = second.fit(dir, true, ResumeFixture.stopAfter(Integer.MAX_VALUE));

        assertSameBits(whole.weights(), second.weights());
        assertEquals(expected.asMap(), resumed.asMap(), "the history continues as if never stopped");
    }

    @Test
    void aDamagedNewestCheckpointFallsBackToThePreviousOne() throws Exception {
        ResumeFixture whole = new ResumeFixture();
        whole.fit(null, false);
        new ResumeFixture().fit(dir, false, ResumeFixture.stopAfter(29));
        List<Path> files = new CheckpointDir(dir, 2).list();
        assertEquals(2, files.size(), "keep=2: " + files);
        Path newest = files.get(1);
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 5] ^= 0x5A; // one flipped byte in the weights
        Files.write(newest, bytes);

        Logger log = Logger.getLogger("dev.nabla.train");
        List<String> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                warnings.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(capture);
        log.setUseParentHandlers(false);
        ResumeFixture resumed = new ResumeFixture();
        try {
            resumed.fit(dir, true);
        } finally {
            log.removeHandler(capture);
            log.setUseParentHandlers(true);
        }
        String err = String.join("\n", warnings);
        assertTrue(err.startsWith("WARNING ") && err.contains(newest.getFileName().toString()) && err.contains("checksum"), err);
        assertSameBits(whole.weights(), resumed.weights());
    }

    @Test
    void aTruncatedCheckpointIsRefusedAsUnusable() throws Exception {
        new ResumeFixture().fit(dir, false, ResumeFixture.stopAfter(5));
        Path newest = new CheckpointDir(dir, 2).list().getLast();
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThrows(java.io.IOException.class, () -> Checkpoint.read(newest));
    }

    @Test
    void resumeWithoutCheckpointsIsRefusedWhereGiven() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FitOptions.defaults().resume(true));
        assertTrue(e.getMessage().contains("checkpoints"), e.getMessage());
    }
}
