package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.data.Npy;
import dev.nabla.data.Npz;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A save that fails on a full disk or a read-only file system leaves the previous file byte-identical,
 * leaves no temporary file, and says which file and why.
 *
 * <p>How the failures are made, given that the tests run as root (which ignores permission bits, so
 * {@code chmod a-w} proves nothing) and must run in CI without mounting anything:
 * <ul>
 *   <li>disk full: {@link AtomicFiles#OPEN_TEMP}, a per-thread seam, hands the writer a channel that
 *       accepts some bytes and then fails exactly as Linux does ({@code IOException: No space left on
 *       device}), in a write or in the fsync; where {@code /dev/full} exists, also the real thing: a
 *       channel on {@code /dev/full}, where every write fails with ENOSPC from the kernel;</li>
 *   <li>read-only: a real read-only file system, the JDK's zip file system opened with
 *       {@code accessMode=readOnly} (root cannot write to it either).</li>
 * </ul>
 */
class SaveFailureTest {
    private static final String ENOSPC = "No space left on device";

    @TempDir
    Path dir;

    @AfterEach
    void restoreTheSeam() {
        AtomicFiles.OPEN_TEMP.remove();
    }

    /** A way to save something to a path: the four public writers, each through AtomicFiles. */
    @FunctionalInterface
    interface Save {
        void to(Path file, int version) throws IOException;
    }

    static Stream<Arguments> writers() {
        return Stream.of(
                Arguments.of("ModelFile.save", (Save) (f, v) -> ModelFile.save(f, model(v))),
                Arguments.of("SafeTensors.write", (Save) (f, v) -> SafeTensors.write(f,
                        Map.of("w", Tensor.full(v, 64, 64)), Map.of("version", Integer.toString(v)))),
                Arguments.of("AtomicFiles.write", (Save) (f, v) -> AtomicFiles.write(f,
                        out -> out.write(("version " + v + "\n").repeat(20_000).getBytes(StandardCharsets.UTF_8)))),
                Arguments.of("Npy.write", (Save) (f, v) -> Npy.write(f, Tensor.full(v, 64, 64))),
                Arguments.of("Npz.write", (Save) (f, v) -> Npz.write(f, Map.of("x", Tensor.full(v, 64, 64)))));
    }

    private static Layer model(int seed) {
        return Sequential.of(new Dense(32, Activation.relu()), new Dense(4)).build(seed, 16);
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static void assertSaysWhy(IOException e, Path file, String... parts) {
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), () -> "the message should name " + file + ": " + m);
        for (String p : parts) {
            assertTrue(m.contains(p), () -> "the message should say '" + p + "': " + m);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writers")
    void diskFullMidWayKeepsThePreviousFile(String writer, Save save) throws IOException {
        Path f = dir.resolve("saved.bin");
        save.to(f, 1);
        byte[] before = Files.readAllBytes(f);
        AtomicFiles.OPEN_TEMP.set(temp -> new FullDisk(FileChannel.open(temp, StandardOpenOption.WRITE), 100, false));
        IOException e = assertThrows(IOException.class, () -> save.to(f, 2));
        assertSaysWhy(e, f, ENOSPC, "the previous file is unchanged");
        assertArrayEquals(before, Files.readAllBytes(f), writer + " must leave the previous file byte-identical");
        assertEquals(List.of(f), listing(), "the temporary file is deleted");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writers")
    void diskFullAtTheFsyncKeepsThePreviousFile(String writer, Save save) throws IOException {
        // delayed allocation: the writes were buffered and accepted, the space runs out when they are flushed
        Path f = dir.resolve("saved.bin");
        save.to(f, 1);
        byte[] before = Files.readAllBytes(f);
        AtomicFiles.OPEN_TEMP.set(temp -> new FullDisk(FileChannel.open(temp, StandardOpenOption.WRITE), Long.MAX_VALUE, true));
        IOException e = assertThrows(IOException.class, () -> save.to(f, 2));
        assertSaysWhy(e, f, ENOSPC, "the previous file is unchanged");
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(List.of(f), listing());
    }

    @Test
    void aModelFileSurvivesAFullDiskAndStillLoads() throws IOException {
        Path f = dir.resolve("model.safetensors");
        Layer good = model(1);
        ModelFile.save(f, good);
        AtomicFiles.OPEN_TEMP.set(temp -> new FullDisk(FileChannel.open(temp, StandardOpenOption.WRITE), 100, false));
        IOException e = assertThrows(IOException.class, () -> ModelFile.save(f, model(2)));
        assertEquals("cannot write " + f + ": " + ENOSPC + "; the previous file is unchanged", e.getMessage());
        AtomicFiles.OPEN_TEMP.remove();
        Layer loaded = ModelFile.load(f);
        assertArrayEquals(good.stateDict().get("layers.0.weight").f32(), loaded.stateDict().get("layers.0.weight").f32());
    }

    @Test
    void aNewFileOnAFullDiskIsNotCreated() throws IOException {
        Path f = dir.resolve("new.safetensors");
        AtomicFiles.OPEN_TEMP.set(temp -> new FullDisk(FileChannel.open(temp, StandardOpenOption.WRITE), 10, false));
        IOException e = assertThrows(IOException.class, () -> ModelFile.save(f, model(1)));
        assertSaysWhy(e, f, ENOSPC, "no file was created");
        assertEquals(List.of(), listing());
    }

    @Test
    void theRealDevFullFailsWithTheKernelsEnospc() throws IOException {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full), "/dev/full is a Linux device");
        Path f = dir.resolve("model.safetensors");
        ModelFile.save(f, model(1));
        byte[] before = Files.readAllBytes(f);
        AtomicFiles.OPEN_TEMP.set(temp -> FileChannel.open(full, StandardOpenOption.WRITE));
        IOException e = assertThrows(IOException.class, () -> ModelFile.save(f, model(2)));
        assertSaysWhy(e, f, ENOSPC, "the previous file is unchanged");
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(List.of(f), listing());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writers")
    void aReadOnlyFileSystemKeepsThePreviousFile(String writer, Save save) throws IOException {
        Path zip = dir.resolve("volume.zip");
        try (FileSystem fs = FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
            save.to(fs.getPath("/saved.bin"), 1);
        }
        byte[] zipBefore = Files.readAllBytes(zip);
        byte[] before;
        try (FileSystem fs = FileSystems.newFileSystem(zip, Map.of("accessMode", "readOnly"))) {
            assertTrue(fs.isReadOnly());
            Path f = fs.getPath("/saved.bin");
            before = Files.readAllBytes(f);
            IOException e = assertThrows(IOException.class, () -> save.to(f, 2));
            assertSaysWhy(e, f, "read-only", "the previous file is unchanged");
            assertArrayEquals(before, Files.readAllBytes(f));
        }
        assertArrayEquals(zipBefore, Files.readAllBytes(zip), "the volume itself is untouched");
    }

    @Test
    void aDirectoryThatIsAFileIsAClearError() throws IOException {
        Path notADir = Files.writeString(dir.resolve("plain"), "a file, not a directory");
        IOException e = assertThrows(IOException.class, () -> ModelFile.save(notADir.resolve("m.safetensors"), model(1)));
        assertSaysWhy(e, notADir.resolve("m.safetensors"), "does not exist");
        assertEquals("a file, not a directory", Files.readString(notADir));
    }

    /**
     * A file channel on a disk with {@code room} bytes left: writes past that fail as Linux reports ENOSPC;
     * with {@code failFsync}, every write is accepted and the fsync fails instead.
     */
    static final class FullDisk extends FileChannel {
        private final FileChannel file;
        private final boolean failFsync;
        private long room;

        FullDisk(FileChannel file, long room, boolean failFsync) {
            this.file = file;
            this.room = room;
            this.failFsync = failFsync;
        }

        private int take(ByteBuffer src) throws IOException {
            if (src.remaining() > room) {
                int fits = (int) room;
                ByteBuffer part = src.slice().limit(fits);
                file.write(part);
                src.position(src.position() + fits);
                room = 0;
                throw new IOException(ENOSPC);
            }
            room -= src.remaining();
            return file.write(src);
        }

        @Override public int write(ByteBuffer src) throws IOException { return take(src); }
        @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += take(srcs[i]);
            }
            return n;
        }
        @Override public int write(ByteBuffer src, long position) throws IOException {
            throw new IOException("positional writes are not used by AtomicFiles' writers");
        }
        @Override public void force(boolean metaData) throws IOException {
            if (failFsync) {
                throw new IOException(ENOSPC);
            }
            file.force(metaData);
        }
        @Override public int read(ByteBuffer dst) throws IOException { return file.read(dst); }
        @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return file.read(dsts, offset, length); }
        @Override public int read(ByteBuffer dst, long position) throws IOException { return file.read(dst, position); }
        @Override public long position() throws IOException { return file.position(); }
        @Override public FileChannel position(long newPosition) throws IOException { file.position(newPosition); return this; }
        @Override public long size() throws IOException { return file.size(); }
        @Override public FileChannel truncate(long size) throws IOException { file.truncate(size); return this; }
        @Override public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return file.transferTo(position, count, target);
        }
        @Override public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            throw new IOException("transferFrom is not used by AtomicFiles' writers");
        }
        @Override public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new IOException("map is not used by AtomicFiles' writers");
        }
        @Override public FileLock lock(long position, long size, boolean shared) throws IOException { return file.lock(position, size, shared); }
        @Override public FileLock tryLock(long position, long size, boolean shared) throws IOException { return file.tryLock(position, size, shared); }
        @Override protected void implCloseChannel() throws IOException { file.close(); }
    }

    @Test
    void theFullDiskChannelItselfBehavesLikeOne() throws IOException {
        Path f = dir.resolve("probe");
        Files.createFile(f);
        try (FullDisk ch = new FullDisk(FileChannel.open(f, StandardOpenOption.WRITE), 3, false)) {
            assertEquals(2, ch.write(ByteBuffer.wrap(new byte[] {1, 2})));
            IOException e = assertThrows(IOException.class, () -> ch.write(ByteBuffer.wrap(new byte[] {3, 4})));
            assertEquals(ENOSPC, e.getMessage());
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f), "it wrote what fit, as a real disk does");
        assertFalse(Files.size(f) > 3);
    }
}
