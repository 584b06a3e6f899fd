package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npz round trips, NumPy's own archive, and archives that are not what they claim. */
class NpzTest {
    @TempDir
    Path dir;

    /** A zip with the given entries, written by hand so that broken archives can be made. */
    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return f;
    }

    private static void assertFails(Path f, String... parts) {
        IdxReaderTest.assertMessage(assertThrows(IOException.class, () -> Npz.read(f)), f, parts);
    }

    @Test
    void roundTripsInOrder() throws IOException {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("weights", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        arrays.put("labels", Tensor.of(new int[] {3, 1, 4}, 3));
        arrays.put("x/nested", Tensor.of(new double[] {0.125}, 1));
        Path f = dir.resolve("a.npz");
        Npz.write(f, arrays);
        Map<String, Tensor> back = Npz.read(f);
        assertEquals(List.of("weights", "labels", "x/nested"), List.copyOf(back.keySet()));
        for (String k : arrays.keySet()) {
            assertEquals(arrays.get(k).dtype(), back.get(k).dtype());
            assertEquals(arrays.get(k).shape(), back.get(k).shape());
            assertArrayEquals(arrays.get(k).toDoubleArray(), back.get(k).toDoubleArray());
        }
        assertThrows(IllegalArgumentException.class, () -> Npz.write(dir.resolve("b.npz"), Map.of("", Tensor.zeros(1))));
    }

    @Test
    void readsTheGoldenArchiveNumpyWrote() throws IOException {
        Map<String, Tensor> m = Npz.read(NpyTest.golden().resolve("mixed.npz")); // np.savez: stored entries, zip64
        assertEquals(List.of("x", "y", "b"), List.copyOf(m.keySet()));
        assertEquals(DType.FLOAT32, m.get("x").dtype());
        assertArrayEquals(new float[] {1, 2, 3, 4}, m.get("x").f32());
        assertArrayEquals(new int[] {2, 2}, m.get("x").shape().dims());
        assertArrayEquals(new int[] {0, 128, 255}, m.get("y").i32());
        assertArrayEquals(new int[] {1, 0}, m.get("b").i32());
    }

    @Test
    void notAZip() throws IOException {
        Path f = Files.writeString(dir.resolve("plain.npz"), "not a zip at all");
        assertFails(f, "not a zip archive", ".npz");
        assertFails(Files.write(dir.resolve("empty.npz"), new byte[0]), "not a zip archive");
    }

    @Test
    void foreignEntriesAndDuplicateKeys() throws IOException {
        byte[] one = NpyTest.npy(1, NpyTest.dict("<i4", false, "(1,)"), NpyTest.le(4, 7));
        assertFails(zip("foreign.npz", Map.of("README.txt", new byte[] {1})), "entry 'README.txt'", "not a .npy file");
        Map<String, byte[]> two = new LinkedHashMap<>();
        two.put("a.npy", one);
        two.put("b.npy", one);
        Path dup = zip("dup.npz", two);
        // ZipOutputStream refuses duplicate names, so rename b.npy to a.npy in the bytes (CRCs cover data only)
        String bytes = new String(Files.readAllBytes(dup), java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(dup, bytes.replace("b.npy", "a.npy").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertFails(dup, "entry 'a.npy'", "a second array named 'a'");
    }

    @Test
    void damagedEntriesNameTheEntry() throws IOException {
        byte[] header = NpyTest.npy(1, NpyTest.dict("<f4", false, "(4,)"), new byte[0]);
        byte[] shortData = NpyTest.npy(1, NpyTest.dict("<f4", false, "(4,)"), NpyTest.le(4, 1, 2, 3));
        byte[] longData = NpyTest.npy(1, NpyTest.dict("<f4", false, "(1,)"), NpyTest.le(4, 1, 2));
        assertFails(zip("short.npz", Map.of("x.npy", shortData)), "entry 'x.npy'", "truncated", "promises 16 bytes", "ends after 12");
        assertFails(zip("long.npz", Map.of("x.npy", longData)), "entry 'x.npy'", "trailing bytes");
        assertFails(zip("nodata.npz", Map.of("x.npy", header)), "entry 'x.npy'", "truncated");
        assertFails(zip("bad.npz", Map.of("x.npy", "{}".getBytes())), "entry 'x.npy'", "not a .npy file");
        // a claim of two billion doubles in a tiny entry is refused without allocating them
        byte[] bomb = NpyTest.npy(1, NpyTest.dict("<f8", false, "(46340, 46340)"), NpyTest.le(8, 1));
        assertFails(zip("bomb.npz", Map.of("x.npy", bomb)), "entry 'x.npy'", "truncated", "ends after 8");
    }
}
