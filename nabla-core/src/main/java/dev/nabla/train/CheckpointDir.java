package dev.nabla.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A directory of checkpoints named by position ({@code ckpt-e000003-b000045.safetensors}), so that within
 * one run name order is time order; each file records its run ({@link RunIdentity}, read from the header).
 * Keeps the newest K of the run that saves, and no other run's: a folder reused by a later, shorter run
 * must not have the new run's files pruned because the old run's names sort after them. Finds the newest
 * run's newest checkpoint that reads back intact, falling back past damaged ones and saying so.
 */
final class CheckpointDir {
    static final String PREFIX = "ckpt-";
    static final String SUFFIX = ".safetensors";

    private final Path dir;
    private final int keep;

    CheckpointDir(Path dir, int keep) {
        this.dir = dir;
        this.keep = keep;
    }

    /** A checkpoint read back intact, with its file and the run it records (null: an older Nabla's). */
    record Found(Path file, Checkpoint checkpoint, RunIdentity run) {}

    /** One file and the run its header names (null: none recorded, or unreadable). */
    private record Entry(Path file, RunIdentity run) {
        Instant started() {
            return run == null ? Instant.MIN : run.started();
        }

        String runId() {
            return run == null ? "" : run.id();
        }
    }

    /** Writes a checkpoint of {@code run} and deletes all but that run's newest {@code keep}; returns its file. */
    Path save(Checkpoint c, RunIdentity run) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(String.format("%se%06d-b%06d%s", PREFIX, c.epoch(), c.batch(), SUFFIX));
        c.write(file, run);
        List<Path> ours = entries().stream().filter(e -> e.runId().equals(run.id())).map(Entry::file).toList();
        for (int i = 0; i < ours.size() - keep; i++) {
            Files.deleteIfExists(ours.get(i));
        }
        return file;
    }

    /**
     * The newest checkpoint that reads back intact, or null if there is none; damaged ones are reported.
     * Newest: of the run that started last, the furthest position.
     */
    Found latest(Consumer<String> warnings) throws IOException {
        List<Entry> all = entries();
        for (int i = all.size() - 1; i >= 0; i--) {
            Entry e = all.get(i);
            try {
                return new Found(e.file(), Checkpoint.read(e.file()), e.run());
            } catch (IOException damaged) {
                warnings.accept("checkpoint " + e.file().getFileName() + " is unusable (" + damaged.getMessage()
                        + ")" + (i > 0 ? "; trying the previous one" : "; no older checkpoint"));
            }
        }
        return null;
    }

    /** Why {@link #latest} found nothing, in words: "the folder does not exist", ... */
    String whyNothing() throws IOException {
        if (!Files.isDirectory(dir)) {
            return "the folder does not exist";
        }
        int n = list().size();
        return n == 0 ? "it holds no checkpoints" : "none of its " + n + " checkpoint" + (n == 1 ? " is" : "s is")
                + " usable (each was reported as unusable)";
    }

    /** The files with their runs, oldest first: by the run's start, then by position within a run. */
    private List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        for (Path p : list()) {
            RunIdentity run;
            try {
                run = Checkpoint.readRun(p);
            } catch (IOException damaged) {
                run = null; // sorted with the oldest; reading it whole says what is wrong
            }
            out.add(new Entry(p, run));
        }
        out.sort(Comparator.comparing(Entry::started).thenComparing(Entry::runId).thenComparing(Entry::file));
        return out;
    }

    /** Checkpoint files, in name order. */
    List<Path> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(PREFIX) && n.endsWith(SUFFIX);
            }).sorted().toList();
        }
    }
}
