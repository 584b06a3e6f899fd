package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write leaves the previous file byte-identical and no temporary file behind. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void writesAndReplaces() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFiles.write(f, out -> out.write("first".getBytes(StandardCharsets.UTF_8)));
        assertEquals("first", Files.readString(f));
        AtomicFiles.write(f, out -> {
            out.write("second".getBytes(StandardCharsets.UTF_8));
            out.close(); // closing the stream early is harmless
        });
        assertEquals("second", Files.readString(f));
        assertEquals(List.of(f), listing(), "no temporary file is left");
    }

    @Test
    void writerThrowingMidWayLeavesTheOldFileIntact() throws IOException {
        Path f = dir.resolve("model.safetensors");
        Files.writeString(f, "the old, good content");
        IOException boom = new IOException("disk on fire");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[200_000]); // more than the buffer: part of it reached the temp file
            throw boom;
        }));
        assertSame(boom, e.getCause(), "the writer's own exception is the cause");
        assertEquals("cannot write " + f + ": disk on fire; the previous file is unchanged", e.getMessage());
        assertEquals("the old, good content", Files.readString(f));
        assertEquals(List.of(f), listing(), "the temporary file is deleted");
    }

    @Test
    void uncheckedFailuresAlsoLeaveTheOldFileIntact() throws IOException {
        Path f = dir.resolve("c.bin");
        Files.writeString(f, "keep me");
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.writeChannel(f, ch -> {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            throw new UncheckedIOException(new IOException("late failure"));
        }));
        assertEquals("keep me", Files.readString(f));
        assertEquals(List.of(f), listing());
    }

    @Test
    void aFailedWriteOfANewFileCreatesNothing() throws IOException {
        Path f = dir.resolve("new.bin");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            throw new IOException("nope");
        }));
        assertEquals(List.of(), listing());
    }

    @Test
    void missingDirectoryOrDirectoryTargetIsAClearError() throws IOException {
        IOException e = assertThrows(IOException.class,
                () -> AtomicFiles.write(dir.resolve("no/such/dir/f.bin"), out -> out.write(1)));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        Files.createDirectory(dir.resolve("sub"));
        e = assertThrows(IOException.class, () -> AtomicFiles.write(dir.resolve("sub"), out -> out.write(1)));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void modelFileSaveFailureKeepsThePreviousModel() throws IOException {
        Path f = dir.resolve("w.safetensors");
        SafeTensors.write(f, Map.of("w", Tensor.ones(3)), Map.of());
        byte[] before = Files.readAllBytes(f);
        // a null tensor fails inside the write, after the file name is chosen
        Map<String, Tensor> bad = new HashMap<>();
        bad.put("w", null);
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(f, bad, Map.of()));
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(List.of(f), listing());
    }
}
