package dev.nabla.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a file so that readers see either the old content or the complete new content, never a mix:
 * a crash or a failing writer in the middle of saving a model must not destroy the last good one.
 *
 * <p>The recipe: write a temporary file in the target's directory (a rename is atomic only within one
 * file system), {@code fsync} it (so the rename cannot reach the disk before the data), rename it over
 * the target atomically, then {@code fsync} the directory (so the rename itself survives a power cut).
 * On any failure the temporary file is deleted and the target is left as it was, and an I/O failure
 * (a full disk, a read-only file system) is reported as an {@link IOException} that names the target, says
 * why, and says that the previous file is unchanged (the original exception is its cause).
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("notes.txt"), out -> out.write("hello".getBytes(UTF_8)));
 * }</pre>
 */
public final class AtomicFiles {
    /**
     * Test seam: opens the (already created) temporary file for writing. Tests on this thread replace it
     * with a channel that fails the way a full disk does; everyone else gets a plain file channel.
     */
    static final ThreadLocal<IOFunction<Path, FileChannel>> OPEN_TEMP =
            ThreadLocal.withInitial(() -> temp -> FileChannel.open(temp, StandardOpenOption.WRITE));

    /** What {@link #createTemp} names a temporary file: the target's name between a dot and a random hex part. */
    private static final Pattern TEMP_NAME = Pattern.compile("\\.(.+)\\.[0-9a-f]{1,16}\\.tmp");

    /** What {@link #OPEN_TEMP} holds: a function that may throw {@link IOException}. */
    @FunctionalInterface
    interface IOFunction<T, R> {
        R apply(T value) throws IOException;
    }

    private AtomicFiles() {}

    /** Writes {@code target} through a buffered stream; the writer must not close it (closing is harmless). */
    public static void write(Path target, IOConsumer<? super OutputStream> writer) throws IOException {
        writeChannel(target, channel -> {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(new Unclosable(channel)), 1 << 16);
            writer.accept(out);
            out.flush();
        });
    }

    /** Writes {@code target} through a file channel, for writers that fill {@code ByteBuffer}s. */
    public static void writeChannel(Path target, IOConsumer<? super FileChannel> writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new IOException("cannot write " + target + ": it is a directory");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(String.valueOf(dir), null,
                    "cannot write " + target + ": the directory does not exist");
        }
        String previous = Files.exists(absolute) ? "the previous file is unchanged" : "no file was created";
        Path temp = createTemp(dir, absolute.getFileName().toString(), target, previous);
        boolean done = false;
        try {
            try (FileChannel channel = OPEN_TEMP.get().apply(temp)) {
                writer.accept(channel);
                channel.force(true);
            } catch (IOException e) {
                // a full disk surfaces here, from a write, the fsync or the close: say which file, and that
                // nothing was lost
                throw new IOException("cannot write " + target + ": " + reason(e) + "; " + previous, e);
            }
            move(temp, absolute, target);
            done = true;
        } finally {
            if (!done) {
                deleteQuietly(temp);
            }
        }
        syncDirectory(dir);
    }

    /**
     * Deletes the temporary files that writes of the targets {@code ours} accepts (by file name) left in
     * {@code dir} when the process died before it could (a SIGKILL, a power cut, mid-write): up to a whole
     * file each. Only the caller knows that no write of its own is under way there: call it while holding
     * the folder ({@link DirectoryLock}). Returns how many were deleted.
     */
    public static int deleteTemporaries(Path dir, Predicate<String> ours) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int deleted = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = TEMP_NAME.matcher(p.getFileName().toString());
                if (m.matches() && ours.test(m.group(1)) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        && Files.deleteIfExists(p)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /** A fresh, hidden file beside the target; created with CREATE_NEW so two writers never share one. */
    private static Path createTemp(Path dir, String name, Path target, String previous) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw new IOException("cannot write " + target + ": no free temporary file name in " + dir, e);
                }
            } catch (IOException e) {
                throw new IOException("cannot write " + target + ": cannot create a temporary file in " + dir
                        + " (" + reason(e) + "); " + previous, e);
            } catch (ReadOnlyFileSystemException e) {
                // what a read-only NIO file system (a zip file system opened read-only, ...) throws, unchecked
                throw new IOException("cannot write " + target + ": the file system is read-only; " + previous, e);
            }
        }
    }

    private static void move(Path temp, Path absolute, Path target) throws IOException {
        try {
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // Some file systems (a few network mounts) cannot rename atomically: replace is the best left
            try {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e2) {
                throw new IOException("cannot write " + target + ": renaming the temporary file into place failed ("
                        + e2 + "); the previous file is unchanged", e2);
            }
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": renaming the temporary file into place failed ("
                    + e + "); the previous file is unchanged", e);
        }
    }

    /** Makes the rename durable; not every platform can open a directory (Windows cannot), so best effort. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the file is in place and complete; only its durability across a power cut is weaker here
        }
    }

    /** The operating system's words for a failure ("No space left on device", "permission denied"). */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // the original failure is what the caller needs to hear about; a stray .tmp file is harmless
        }
    }

    /** Keeps the channel open when the writer closes its stream: force and rename still need it. */
    private static final class Unclosable implements java.nio.channels.WritableByteChannel {
        private final FileChannel channel;

        Unclosable(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int write(java.nio.ByteBuffer src) throws IOException {
            return channel.write(src);
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() {
            // the channel belongs to AtomicFiles
        }
    }
}
