package dev.nabla.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A directory of checkpoints named by position ({@code ckpt-e000003-b000045.safetensors}), so name order is
 * time order. Keeps the newest K; finds the newest one that reads back intact, falling back past damaged
 * ones and saying so.
 */
final class CheckpointDir {
    private static final String PREFIX = "ckpt-";
    private static final String SUFFIX = ".safetensors";

    private final Path dir;
    private final int keep;

    CheckpointDir(Path dir, int keep) {
        this.dir = dir;
        this.keep = keep;
    }

    /** Writes a checkpoint and deletes all but the newest {@code keep}; returns its file. */
    Path save(Checkpoint c) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(String.format("%se%06d-b%06d%s", PREFIX, c.epoch(), c.batch(), SUFFIX));
        c.write(file);
        List<Path> all = list();
        for (int i = 0; i < all.size() - keep; i++) {
            Files.deleteIfExists(all.get(i));
        }
        return file;
    }

    /** The newest checkpoint that reads back intact, or null if there is none; damaged ones are reported. */
    Checkpoint latest(Consumer<String> warnings) throws IOException {
        List<Path> all = list();
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                Checkpoint c = Checkpoint.read(all.get(i));
                return c;
            } catch (IOException damaged) {
                warnings.accept("checkpoint " + all.get(i).getFileName() + " is unusable (" + damaged.getMessage()
                        + ")" + (i > 0 ? "; trying the previous one" : "; no older checkpoint"));
            }
        }
        return null;
    }

    /** Checkpoint files, oldest first. */
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
