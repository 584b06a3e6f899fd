package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint folder's files belong to one run: pruning and resuming keep runs apart, a second fit cannot
 * write into a folder in use, nothing to resume is said, and an unusable folder is found before training.
 */
class CheckpointRunsTest {
    @TempDir
    Path dir;

    private static FitOptions epochs(Path ckpt, int epochs) {
        return ResumeFixture.options(null).epochs(epochs).checkpoints(CheckpointOptions.everyEpoch(ckpt).keep(2));
    }

    private static List<String> names(Path ckpt) throws Exception {
        try (var files = Files.list(ckpt)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ckpt-")).sorted().toList();
        }
    }

    @Test
    void aNewRunKeepsItsCheckpointsThoughAnOlderRunsSortAfterThem() throws Exception {
        new ResumeFixture().trainer.fit(ResumeFixture.x(), ResumeFixture.y(), epochs(dir, 4));
        assertEquals(List.of("ckpt-e000003-b000000.safetensors", "ckpt-e000004-b000000.safetensors"), names(dir));

        ResumeFixture second = new ResumeFixture();
        second.trainer.fit(ResumeFixture.x(), ResumeFixture.y(), epochs(dir, 2));
        assertEquals(List.of("ckpt-e000001-b000000.safetensors", "ckpt-e000002-b000000.safetensors",
                "ckpt-e000003-b000000.safetensors", "ckpt-e000004-b000000.safetensors"), names(dir),
                "each run keeps its newest 2; the older run's are not this run's to delete");

        ResumeFixture resumed = new ResumeFixture();
        resumed.trainer.fit(ResumeFixture.x(), ResumeFixture.y(), epochs(dir, 2).resume(true));
        CheckpointResumeTest.assertSameBits(second.weights(), resumed.weights()); // the newest run, not epoch 4
    }

    @Test
    void resumeWithNothingToResumeIsAnErrorThatSaysWhy() throws Exception {
        Path missing = dir.resolve("missing");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ResumeFixture().fit(missing, true));
        assertTrue(e.getMessage().contains("nothing to resume") && e.getMessage().contains("does not exist"), e.getMessage());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        e = assertThrows(IllegalStateException.class, () -> new ResumeFixture().fit(empty, true));
        assertTrue(e.getMessage().contains("holds no checkpoints"), e.getMessage());

        Path damaged = Files.createDirectories(dir.resolve("damaged"));
        Files.writeString(damaged.resolve("ckpt-e000001-b000000.safetensors"), "not a checkpoint");
        Files.writeString(damaged.resolve("ckpt-e000002-b000000.safetensors"), "nor this");
        e = assertThrows(IllegalStateException.class, () -> new ResumeFixture().fit(damaged, true));
        assertTrue(e.getMessage().contains("none of its 2 checkpoints is usable"), e.getMessage());
    }

    @Test
    void aSecondFitIntoAFolderInUseIsStoppedBeforeItTrains() throws Exception {
        CountDownLatch training = new CountDownLatch(1), release = new CountDownLatch(1);
        Callback holdAtFirstBatch = new Callback() {
            @Override
            public void onBatchEnd(TrainingContext context, int batch, Map<String, Double> logs) {
                training.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        AtomicReference<Throwable> firstFailed = new AtomicReference<>();
        Thread first = Thread.ofPlatform().start(() -> {
            try {
                new ResumeFixture().trainer.fit(ResumeFixture.x(), ResumeFixture.y(), epochs(dir, 1).callbacks(holdAtFirstBatch));
            } catch (Throwable t) {
                firstFailed.set(t);
            }
        });
        try {
            assertTrue(training.await(30, TimeUnit.SECONDS), "the first fit is training");
            AtomicInteger batches = new AtomicInteger();
            RuntimeException e = assertThrows(RuntimeException.class, () -> new ResumeFixture().trainer.fit(ResumeFixture.x(),
                    ResumeFixture.y(), epochs(dir, 1).callbacks(counting(batches))));
            assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("in use by another run"), e.getMessage());
            assertEquals(0, batches.get(), "the second fit did not train");
        } finally {
            release.countDown();
            first.join(30_000);
        }
        assertEquals(null, firstFailed.get());
        assertEquals(List.of("ckpt-e000001-b000000.safetensors"), names(dir));
    }

    @Test
    void aCheckpointFolderThatCannotBeWrittenIsFoundBeforeTheFirstBatch() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        AtomicInteger batches = new AtomicInteger();
        RuntimeException e = assertThrows(RuntimeException.class, () -> new ResumeFixture().trainer.fit(ResumeFixture.x(),
                ResumeFixture.y(), epochs(file.resolve("checkpoints"), 1).callbacks(counting(batches))));
        assertEquals(0, batches.get(), "nothing was trained: " + e.getMessage());
        assertTrue(e.getMessage().contains(file.resolve("checkpoints").toString()), e.getMessage());
    }

    @Test
    void temporaryFilesLeftByAKilledRunAreRemovedAndOnlyThose() throws Exception {
        Files.createDirectories(dir);
        Path ours = Files.write(dir.resolve(".ckpt-e000003-b000045.safetensors.5f3a9c0e12ab34cd.tmp"), new byte[1000]);
        Path notOurs = Files.writeString(dir.resolve(".notes.txt.5f3a9c0e12ab34cd.tmp"), "someone else's");
        Path plain = Files.writeString(dir.resolve("ckpt-notes.tmp"), "a user's");
        new ResumeFixture().trainer.fit(ResumeFixture.x(), ResumeFixture.y(), epochs(dir, 1));
        assertFalse(Files.exists(ours), "a temporary checkpoint of a killed run is removed");
        assertTrue(Files.exists(notOurs) && Files.exists(plain), "what is not ours stays");
    }

    @Test
    void aFolderWithoutRoomForACheckpointIsFoundBeforeTheFirstBatch() {
        CheckpointFolder.FREE_SPACE.set(d -> 10_000);
        try {
            AtomicInteger batches = new AtomicInteger();
            RuntimeException e = assertThrows(RuntimeException.class, () -> new ResumeFixture().trainer.fit(ResumeFixture.x(),
                    ResumeFixture.y(), epochs(dir, 1).callbacks(counting(batches))));
            assertEquals(0, batches.get());
            assertTrue(e.getMessage().contains("not enough free space in " + dir) && e.getMessage().contains("9.8 KB is free"),
                    e.getMessage());
        } finally {
            CheckpointFolder.FREE_SPACE.remove();
        }
    }

    private static FitOptions run(Path ckpt, int epochs, String lr) {
        RunIdentity run = RunIdentity.start(Map.of("seed", "7", "$.optimizer", "{\"name\":\"adam\",\"lr\":" + lr + "}"));
        return ResumeFixture.options(null).epochs(epochs).checkpoints(CheckpointOptions.everyEpoch(ckpt).keep(2).run(run));
    }

    @Test
    void anotherRunsCheckpointIsRefusedNamingWhatDiffersAndForcingSaysWhatChanges() {
        new ResumeFixture().trainer.fit(ResumeFixture.x(), ResumeFixture.y(), run(dir, 2, "0.05"));
        ResumeRefusedException e = assertThrows(ResumeRefusedException.class, () -> new ResumeFixture().trainer.fit(
                ResumeFixture.x(), ResumeFixture.y(), run(dir, 2, "0.01").resume(true)));
        assertEquals(ResumeRefusedException.Reason.OTHER_RUN, e.reason());
        assertTrue(e.problem().startsWith("its newest checkpoint, ckpt-e000002-b000000.safetensors (epoch 2, batch 0), is of"
                + " another run, run ") && e.problem().endsWith("): $.optimizer.lr: 0.05 in the checkpoint, 0.01 now"), e.problem());

        List<String> said = logged(() -> new ResumeFixture().trainer.fit(ResumeFixture.x(), ResumeFixture.y(), run(dir, 3, "0.01")
                .resume(true).checkpoints(run(dir, 3, "0.01").checkpoints().forceResume(true))));
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.getFirst().startsWith("WARNING resuming run ") && said.getFirst().contains("; epochs: 2 in the"
                + " checkpoint, 3 now, forced: the weights, the optimizer's state, the position and the history are the"
                + " checkpoint's; these settings are this run's: $.optimizer.lr: 0.05 in the checkpoint, 0.01 now"), said.getFirst());
    }

    @Test
    void moreEpochsAreAllowedAndSaidButACheckpointPastTheEndIsRefused() {
        new ResumeFixture().trainer.fit(ResumeFixture.x(), ResumeFixture.y(), run(dir, 2, "0.05"));
        ResumeRefusedException e = assertThrows(ResumeRefusedException.class, () -> new ResumeFixture().trainer.fit(
                ResumeFixture.x(), ResumeFixture.y(), run(dir, 1, "0.05").resume(true)));
        assertEquals(ResumeRefusedException.Reason.PAST_THE_END, e.reason());
        assertTrue(e.problem().endsWith("has trained 2 epochs, past the 1 of this run"), e.problem());

        ResumeFixture more = new ResumeFixture();
        List<String> said = logged(() -> more.trainer.fit(ResumeFixture.x(), ResumeFixture.y(), run(dir, 3, "0.05").resume(true)));
        assertTrue(said.size() == 1 && said.getFirst().startsWith("INFO resuming run ")
                && said.getFirst().endsWith("from ckpt-e000002-b000000.safetensors (epoch 2, batch 0); epochs: 2 in the checkpoint,"
                + " 3 now"), said.toString());
        ResumeFixture whole = new ResumeFixture();
        whole.trainer.fit(ResumeFixture.x(), ResumeFixture.y(), ResumeFixture.options(null).epochs(3));
        CheckpointResumeTest.assertSameBits(whole.weights(), more.weights());
    }

    @Test
    void aFreshStartWhenThereIsNothingToResumeIsSaid() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        List<String> said = logged(() -> new ResumeFixture().trainer.fit(ResumeFixture.x(), ResumeFixture.y(),
                epochs(empty, 1).resume(true).checkpoints(CheckpointOptions.everyEpoch(empty).freshStartIfNone(true))));
        assertEquals(List.of("WARNING resume from " + empty + ": nothing to resume: it holds no checkpoints; starting a new run"),
                said);
    }

    /** What the fit logged on {@code dev.nabla.train}, as "LEVEL message". */
    static List<String> logged(Runnable fit) {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.nabla.train");
        List<String> out = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                out.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(capture);
        try {
            fit.run();
        } finally {
            log.removeHandler(capture);
        }
        return out;
    }

    private static Callback counting(AtomicInteger batches) {
        return new Callback() {
            @Override
            public void onBatchEnd(TrainingContext context, int batch, Map<String, Double> logs) {
                batches.incrementAndGet();
            }
        };
    }
}
