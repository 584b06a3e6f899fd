package dev.nabla.train;

import dev.nabla.io.AtomicFiles;
import dev.nabla.io.DirectoryLock;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A fit's checkpoint folder, made ready before the first update so that what would fail at the first
 * save fails before any training is spent: the folder is created and held for the fit
 * ({@link DirectoryLock}: a second fit into it is refused), it can be written, it has room for a
 * checkpoint, and the temporary files a killed run left in it are gone. A new run (not resuming) into a
 * folder that holds checkpoints is told that they stay, kept apart from its own.
 */
final class CheckpointFolder implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.nabla.train");
    /** Room left beside the checkpoint's tensors for its header and the file system's own blocks. */
    private static final long MARGIN_BYTES = 64 << 10;

    /** Test seam: the bytes this thread's fits see as free in a folder (a full disk is hard to come by). */
    static final ThreadLocal<FreeSpace> FREE_SPACE = ThreadLocal.withInitial(() -> p -> Files.getFileStore(p).getUsableSpace());

    /** What {@link #FREE_SPACE} holds. */
    @FunctionalInterface
    interface FreeSpace {
        long usable(Path dir) throws IOException;
    }

    private final DirectoryLock lock;

    private CheckpointFolder(DirectoryLock lock) {
        this.lock = lock;
    }

    /** The fit's folder, held until {@link #close}; null when the fit writes no checkpoints. */
    static CheckpointFolder open(FitOptions fit, Module model) {
        CheckpointOptions o = fit.checkpoints();
        if (o == null) {
            return null;
        }
        if (fit.resume() && !o.freshStartIfNone() && !Files.isDirectory(o.dir())) {
            // said before the folder is made for the lock, which would leave nothing to tell
            throw new ResumeRefusedException(ResumeRefusedException.Reason.NOTHING_TO_RESUME, o.dir(),
                    "nothing to resume: the folder does not exist");
        }
        DirectoryLock lock = null;
        try {
            lock = DirectoryLock.acquire(o.dir());
            int removed = AtomicFiles.deleteTemporaries(o.dir(),
                    name -> name.startsWith(CheckpointDir.PREFIX) && name.endsWith(CheckpointDir.SUFFIX));
            if (removed > 0) {
                LOG.log(System.Logger.Level.INFO, "removed " + removed + " unfinished checkpoint file(s) from " + o.dir()
                        + ", left by a run that was killed while saving");
            }
            checkSpace(o.dir(), model);
            int earlier = new CheckpointDir(o.dir(), o.keep()).list().size();
            if (!fit.resume() && earlier > 0) {
                LOG.log(System.Logger.Level.WARNING, o.dir() + " holds " + earlier + " checkpoint(s) of an earlier run: they"
                        + " are kept apart from this run's (pruning deletes only its own; a resume takes the newest run's)");
            }
            return new CheckpointFolder(lock);
        } catch (IOException e) {
            release(lock);
            throw new UncheckedIOException("checkpoints: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            release(lock);
            throw e;
        }
    }

    /**
     * One checkpoint needs the weights and the optimizer's state: estimated as the weights three times
     * (Adam keeps two moments per weight; SGD keeps fewer), as the optimizer may not have built its state yet.
     */
    private static void checkSpace(Path dir, Module model) throws IOException {
        long weights = 0;
        for (Tensor t : model.stateDict().values()) {
            weights += (long) t.size() * t.dtype().byteSize();
        }
        long needed = 3 * weights + MARGIN_BYTES;
        long free = FREE_SPACE.get().usable(dir);
        if (free < needed) {
            throw new IOException(String.format(Locale.ROOT, "not enough free space in %s for a checkpoint: one needs about"
                    + " %s (the weights and an optimizer's state), %s is free", dir, size(needed), size(free)));
        }
    }

    private static String size(long bytes) {
        return bytes < 1 << 20 ? String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    private static void release(DirectoryLock lock) {
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                // the failure being reported matters more; the lock ends with the process anyway
            }
        }
    }

    /** Lets the folder go. */
    @Override
    public void close() {
        release(lock);
    }
}
