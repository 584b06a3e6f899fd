package dev.nabla.cli;

import dev.nabla.io.AtomicFiles;
import dev.nabla.io.DirectoryLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder one {@code nabla train} writes into, chosen, held and checked before training starts, so that
 * a run's files belong to that run:
 * <ul>
 *   <li>held for the whole run ({@link DirectoryLock}): a second run into it is refused, naming the first;
 *   <li>created and written to now: a folder that cannot be written fails before any training is spent;
 *   <li>cleared of the temporary files a killed run left (only the names a run writes);
 *   <li>a new run does not mix with an earlier one: an explicit {@code --out} that holds a run is refused
 *       (unless {@code --overwrite}, which deletes that run's files first); without {@code --out} the run
 *       goes to the first free folder of {@code runs/digits}, {@code runs/digits-2}, ... so that the first
 *       command of the README can be run twice; {@code --resume} without {@code --out} takes the newest.
 * </ul>
 */
final class RunFolder implements AutoCloseable {
    /** The files a run writes besides its checkpoints; also the only temporary files deleted here. */
    static final List<String> OUTPUTS = List.of("model.safetensors", "history.csv", "learning_curves.png",
            "confusion_matrix.png", "decision_boundary.png", "uncertainty.png", "gradient_flow.csv");
    private static final String CHECKPOINTS = "checkpoints";
    private static final Pattern CHECKPOINT = Pattern.compile("ckpt-.*\\.safetensors");

    /** What the run does with the folder. */
    enum Intent { NEW, RESUME, OVERWRITE }

    private final Path dir;
    private final DirectoryLock lock;

    private RunFolder(Path dir, DirectoryLock lock) {
        this.dir = dir;
        this.lock = lock;
    }

    /** The folder the run writes into. */
    Path dir() {
        return dir;
    }

    /**
     * The folder for a run: {@code out} as given ({@code explicit}: an {@code --out}), or chosen from it
     * (the spec's default). {@code notes} hears what the user should know (a numbered folder, files removed).
     *
     * @throws IOException with a message for the user when the folder cannot be had
     */
    static RunFolder open(Path out, boolean explicit, Intent intent, Consumer<String> notes) throws IOException {
        if (explicit || intent == Intent.OVERWRITE) {
            return take(out, explicit, intent, notes);
        }
        if (intent == Intent.RESUME) {
            return take(newest(out), false, intent, notes);
        }
        String moved = null;
        for (int n = 1; n < 10_000; n++) {
            Path candidate = numbered(out, n);
            if (!held(candidate).isEmpty()) {
                moved = moved != null ? moved : " holds an earlier run";
                continue;
            }
            try {
                RunFolder f = take(candidate, false, intent, notes);
                if (f == null) {
                    moved = moved != null ? moved : " holds an earlier run"; // one that started just now
                    continue;
                }
                if (moved != null) {
                    notes.accept(out + moved + "; this one goes to " + candidate);
                }
                return f;
            } catch (DirectoryLock.InUseException e) {
                moved = moved != null ? moved : " is in use by another run";
            }
        }
        throw new IOException("the output folder " + out + " and 9,999 numbered ones beside it all hold runs; give --out");
    }

    /** The folder held and checked; null for a default folder that turned out to hold a run (try the next). */
    private static RunFolder take(Path dir, boolean explicit, Intent intent, Consumer<String> notes) throws IOException {
        String where = explicit ? "--out " + dir : "the output folder " + dir;
        DirectoryLock lock;
        try {
            lock = DirectoryLock.acquire(dir);
        } catch (DirectoryLock.InUseException e) {
            if (!explicit && intent == Intent.NEW) {
                throw e; // the caller tries the next numbered folder
            }
            throw new IOException((explicit ? "--out " : "the output folder ") + e.getMessage()
                    + "; wait for it to end, or give another --out", e);
        } catch (IOException e) {
            throw new IOException(where + ": " + e.getMessage() + "; nothing was trained", e);
        }
        try {
            int removed = AtomicFiles.deleteTemporaries(dir, OUTPUTS::contains);
            if (removed > 0) {
                notes.accept("removed " + removed + " unfinished file(s) from " + dir + ", left by a run that was killed while saving");
            }
            List<String> held = held(dir);
            if (!held.isEmpty() && intent == Intent.NEW && !explicit) {
                lock.close();
                return null;
            }
            if (!held.isEmpty() && intent == Intent.NEW) {
                throw new IOException(where + " already holds a run (" + String.join(", ", held)
                        + "): add --resume to continue it or --overwrite to replace it, or give another --out");
            }
            if (!held.isEmpty() && intent == Intent.OVERWRITE) {
                delete(dir);
                notes.accept("--overwrite: deleted the earlier run in " + dir + " (" + String.join(", ", held) + ")");
            }
            return new RunFolder(dir, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** What of a run the folder holds, as the message names it: "model.safetensors, history.csv, 3 checkpoints". */
    static List<String> held(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : OUTPUTS) {
            if (Files.exists(dir.resolve(name))) {
                out.add(name);
            }
        }
        int checkpoints = checkpoints(dir).size();
        if (checkpoints > 0) {
            out.add(checkpoints + (checkpoints == 1 ? " checkpoint" : " checkpoints"));
        }
        return out;
    }

    private static List<Path> checkpoints(Path dir) throws IOException {
        Path c = dir.resolve(CHECKPOINTS);
        if (!Files.isDirectory(c)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(c)) {
            return s.filter(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches()).toList();
        }
    }

    /** Deletes the earlier run's files, and only those: a user's own files in the folder stay. */
    private static void delete(Path dir) throws IOException {
        for (String name : OUTPUTS) {
            Files.deleteIfExists(dir.resolve(name));
        }
        for (Path p : checkpoints(dir)) {
            Files.deleteIfExists(p);
        }
    }

    /** {@code runs/digits} for 1, then {@code runs/digits-2}, ... */
    private static Path numbered(Path base, int n) {
        return n == 1 ? base : base.resolveSibling(base.getFileName() + "-" + n);
    }

    /** The highest-numbered of {@code base}, {@code base-2}, ... that holds a run; {@code base} if none does. */
    static Path newest(Path base) throws IOException {
        Path parent = base.toAbsolutePath().getParent();
        Path best = base;
        int bestN = 1;
        if (parent == null || !Files.isDirectory(parent)) {
            return base;
        }
        Pattern p = Pattern.compile(Pattern.quote(base.getFileName().toString()) + "-([0-9]{1,4})");
        try (Stream<Path> s = Files.list(parent)) {
            for (Path candidate : (Iterable<Path>) s::iterator) {
                Matcher m = p.matcher(candidate.getFileName().toString());
                if (m.matches() && Integer.parseInt(m.group(1)) > bestN && !held(candidate).isEmpty()) {
                    bestN = Integer.parseInt(m.group(1));
                    best = numbered(base, bestN);
                }
            }
        }
        return best;
    }

    /** Lets the folder go. */
    @Override
    public void close() throws IOException {
        lock.close();
    }
}
