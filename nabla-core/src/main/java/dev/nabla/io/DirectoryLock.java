package dev.nabla.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One writer per folder: a run that writes into a folder holds this, and a second run that tries is
 * refused with an {@link InUseException} that names the holder, instead of both writing and the last
 * one silently winning.
 *
 * <p>The hold is an operating-system lock ({@link FileChannel#tryLock}) on the file {@value #FILE} in the
 * folder, so it ends with the process, however the process ends: a SIGKILL leaves the file, which then
 * holds nothing. The file is never deleted (deleting a lock file lets two runs lock two different files)
 * and holds the holder's process id and start time, for the message. Two holds in one JVM are refused the
 * same way. Where the file system has no locks (some network mounts) the run goes on unguarded, with a
 * warning on logger {@code dev.nabla.io}.
 *
 * <pre>{@code
 * try (DirectoryLock lock = DirectoryLock.acquire(Path.of("runs/digits"))) {
 *     ... write into runs/digits ...
 * }
 * }</pre>
 */
public final class DirectoryLock implements AutoCloseable {
    /** The lock file's name, in the folder it guards. */
    public static final String FILE = ".nabla.lock";
    private static final System.Logger LOG = System.getLogger("dev.nabla.io");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the folder if need be, checks that files can be written in it, and takes it.
     *
     * @throws InUseException when another run (another process, or this one) holds it
     * @throws IOException when the folder cannot be created or written, saying why in words
     */
    public static DirectoryLock acquire(Path dir) throws IOException {
        createFolder(dir);
        if (Files.getFileStore(dir).isReadOnly()) {
            throw new IOException("cannot write in " + dir + ": the file system is read-only");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot write in " + dir + ": permission denied", e);
        } catch (FileSystemException e) {
            throw new IOException("cannot write in " + dir + ": " + (e.getReason() != null ? e.getReason() : e), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM, through another channel
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot lock " + dir + " (" + e.getMessage()
                    + "): a second run writing into it at the same time would not be stopped");
            return new DirectoryLock(channel, null);
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new InUseException(dir, holder);
        }
        String me = "process " + ProcessHandle.current().pid() + ", since " + TIME.format(Instant.now());
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        return new DirectoryLock(channel, lock);
    }

    /** Creates the folder and its parents; a part of the path that is a file is named as such. */
    private static void createFolder(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (FileSystemException e) {
            for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.isDirectory(p)) {
                    throw new IOException("cannot create the folder " + dir + ": " + p + " is a file", e);
                }
            }
            String why = e instanceof AccessDeniedException ? "permission denied" : e.getReason() != null ? e.getReason() : e.toString();
            throw new IOException("cannot create the folder " + dir + ": " + why, e);
        }
    }

    /** What the holder wrote: "process 1234, since ..." (empty if it has not written it yet). */
    private static String holder(FileChannel channel) {
        try {
            ByteBuffer b = ByteBuffer.allocate(200);
            channel.read(b, 0);
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Lets the folder go; another run may take it from now on. */
    @Override
    public void close() throws IOException {
        try {
            if (lock != null) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }

    /** The folder is held by another run; {@link #holder()} says which, if it could be read. */
    public static final class InUseException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Path dir;
        private final String holder;

        InUseException(Path dir, String holder) {
            super(dir + " is in use by another run" + (holder.isEmpty() ? "" : " (" + holder + ")"));
            this.dir = dir;
            this.holder = holder;
        }

        public Path dir() {
            return dir;
        }

        /** "process 1234, since 2026-01-02 10:00:00 UTC", or empty. */
        public String holder() {
            return holder;
        }
    }
}
