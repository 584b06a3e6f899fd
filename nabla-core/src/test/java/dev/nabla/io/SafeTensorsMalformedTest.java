package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and damaged files: each must fail with a {@link ModelFileException} that names the file and
 * says what was expected and what was found, never with an out-of-memory error, a read past the end,
 * or a silently wrong tensor.
 */
class SafeTensorsMalformedTest {
    @TempDir
    Path dir;

    private int count;

    /** A file with the given length prefix, header bytes and {@code dataBytes} zero bytes of data. */
    private Path file(long headerLength, byte[] header, int dataBytes) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(headerLength).put(header);
        Path f = dir.resolve("bad" + (count++) + ".safetensors");
        Files.write(f, buf.array());
        return f;
    }

    /** A file whose length prefix matches its JSON header. */
    private Path file(String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return file(h.length, h, dataBytes);
    }

    private static String entry(String dtype, String shape, long begin, long end) {
        return "{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    private static void assertFails(Path f, String... parts) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> SafeTensors.read(f));
        assertEquals(f, e.file());
        String m = e.getMessage();
        assertTrue(m.startsWith(f.toString()), () -> "message should name the file: " + m);
        for (String p : parts) {
            assertTrue(m.contains(p), () -> "message '" + m + "' should contain '" + p + "'");
        }
        // the header check runs first on its own too, for tools that only describe a file
        assertThrows(ModelFileException.class, () -> SafeTensors.readHeader(f));
    }

    @Test
    void tooShortForTheLengthPrefix() throws IOException {
        Path f = dir.resolve("short.safetensors");
        Files.write(f, new byte[] {1, 2, 3});
        assertFails(f, "too short", "3 bytes");
    }

    @Test
    void headerLengthPastTheEndOfTheFile() throws IOException {
        assertFails(file(1234, new byte[100], 0), "truncated: header says 1234 bytes but the file has 100 after the length");
    }

    @Test
    void hugeHeaderLengthIsRefusedBeforeAllocating() throws IOException {
        assertFails(file(-1L, "{}".getBytes(StandardCharsets.UTF_8), 0), "18446744073709551615", "100000000-byte limit");
        assertFails(file(200_000_000L, "{}".getBytes(StandardCharsets.UTF_8), 0), "200000000", "limit");
    }

    @Test
    void aTextFileIsNotASafetensorsFile() throws IOException {
        Path f = dir.resolve("notes.txt");
        Files.writeString(f, "these are some notes, not tensors\n");
        assertFails(f, "is this a safetensors file?");
    }

    @Test
    void truncatedData() throws IOException {
        assertFails(file("{\"w\":" + entry("F32", "[4]", 0, 16) + "}", 8),
                "truncated: tensor 'w' needs bytes [0, 16) of the data, but the file has 8 bytes of data");
    }

    @Test
    void dtypeShapeAndByteCountMustAgree() throws IOException {
        assertFails(file("{\"w\":" + entry("F32", "[2,2]", 0, 12) + "}", 12), "'w'", "need 16 bytes", "hold 12");
        assertFails(file("{\"w\":" + entry("F64", "[2]", 0, 8) + "}", 8), "'w'", "need 16 bytes", "hold 8");
    }

    @Test
    void overlappingRanges() throws IOException {
        String json = "{\"a\":" + entry("F32", "[2]", 0, 8) + ",\"b\":" + entry("F32", "[2]", 4, 12) + "}";
        assertFails(file(json, 12), "'a' [0, 8)", "'b' [4, 12)", "overlap");
    }

    @Test
    void gapsAndUnclaimedBytes() throws IOException {
        String gap = "{\"a\":" + entry("F32", "[1]", 0, 4) + ",\"b\":" + entry("F32", "[1]", 8, 12) + "}";
        assertFails(file(gap, 12), "bytes [4, 8) of the data belong to no tensor");
        assertFails(file("{\"a\":" + entry("F32", "[1]", 0, 4) + "}", 10), "cover 4 bytes", "has 10", "6 unclaimed");
    }

    @Test
    void offsetsOutOfRangeOrBackwards() throws IOException {
        assertFails(file("{\"a\":" + entry("F32", "[1]", 100, 104) + "}", 4), "truncated", "[100, 104)");
        assertFails(file("{\"a\":" + entry("F32", "[0]", 8, 4) + "}", 8), "end before they begin");
        assertFails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4), "[begin, end]");
        assertFails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4.0]}}", 4), "non-negative integers");
        assertFails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,\"4\"]}}", 4), "non-negative integers");
    }

    @Test
    void duplicateNames() throws IOException {
        // Gson's object mapper would keep the second silently; the reader must refuse
        String json = "{\"w\":" + entry("F32", "[1]", 0, 4) + ",\"w\":" + entry("F32", "[1]", 4, 8) + "}";
        assertFails(file(json, 8), "duplicate key \"w\"");
        assertFails(file("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}", 0), "duplicate key \"a\"");
    }

    @Test
    void headerThatIsNotJson() throws IOException {
        assertFails(file("{not json at all}", 0), "not valid JSON");
        assertFails(file("{}  trailing", 0), "not valid JSON");
        assertFails(file("[1, 2, 3]", 0), "JSON object", "starts with \"[1, 2, 3]\"");
        assertFails(file(2, new byte[] {(byte) 0xC3, (byte) 0x28}, 0), "not valid UTF-8");
        assertFails(file("{\"a\":" + "[".repeat(500) + "]".repeat(500) + "}", 0), "not valid JSON");
    }

    @Test
    void negativeOrFractionalDims() throws IOException {
        assertFails(file("{\"w\":" + entry("F32", "[-1,4]", 0, 0) + "}", 0), "'w'", "shape", "non-negative integers", "[-1,4]");
        assertFails(file("{\"w\":" + entry("F32", "[1.5]", 0, 4) + "}", 4), "'w'", "shape", "non-negative integers");
        assertFails(file("{\"w\":" + entry("F32", "3", 0, 12) + "}", 12), "'w'", "shape should be an array");
    }

    @Test
    void oversizedDims() throws IOException {
        long big = 3_000_000_000L;
        assertFails(file("{\"w\":" + entry("F32", "[" + big + "]", 0, 4 * big) + "}", 0), "dimension over 2147483647");
        int max = Integer.MAX_VALUE;
        String overflow = "[" + max + "," + max + "," + max + "]";
        assertFails(file("{\"w\":" + entry("F64", overflow, 0, 8) + "}", 8), "overflows a 64-bit byte count");
    }

    @Test
    void unknownOrUnsupportedDType() throws IOException {
        assertFails(file("{\"w\":" + entry("Q7", "[1]", 0, 4) + "}", 4), "dtype \"Q7\" is unknown", "F32, F64 and I32");
        assertFails(file("{\"w\":" + entry("F16", "[2]", 0, 4) + "}", 4), "\"F16\" is a safetensors dtype Nabla has no tensors for");
        assertFails(file("{\"w\":{\"dtype\":5,\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "dtype should be a string");
    }

    /** PyTorch writes integer buffers (BatchNorm's num_batches_tracked) as I64: read into int32, each value checked. */
    @Test
    void int64IsReadIntoInt32WhenItFits() throws IOException {
        byte[] h = ("{\"n\":" + entry("I64", "[2]", 0, 16) + "}").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h).putLong(7).putLong(-3);
        Path ok = dir.resolve("i64.safetensors");
        Files.write(ok, buf.array());
        dev.nabla.tensor.Tensor n = SafeTensors.read(ok).tensors().get("n");
        assertEquals(dev.nabla.tensor.DType.INT32, n.dtype());
        assertEquals(java.util.List.of(7, -3), java.util.Arrays.stream(n.i32()).boxed().toList());
        buf.putLong(8 + h.length, 1L << 40);
        Path big = dir.resolve("i64big.safetensors");
        Files.write(big, buf.array());
        ModelFileException e = assertThrows(ModelFileException.class, () -> SafeTensors.read(big));
        assertTrue(e.getMessage().contains("tensor 'n': the int64 value 1099511627776 does not fit in int32"), e.getMessage());
        assertFails(file("{\"n\":" + entry("I64", "[2]", 0, 8) + "}", 8), "dtype I64 and shape [2] need 16 bytes");
    }

    @Test
    void entriesMustHaveExactlyTheThreeFields() throws IOException {
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4), "'w' has no \"data_offsets\"");
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", 4), "unknown field \"x\"");
        assertFails(file("{\"w\":[1,2]}", 0), "'w' should be an object");
    }

    @Test
    void metadataValuesMustBeStrings() throws IOException {
        assertFails(file("{\"__metadata__\":{\"epoch\":3}}", 0), "values must be strings", "'epoch'");
        assertFails(file("{\"__metadata__\":[\"a\"]}", 0), "__metadata__ should be an object");
    }
}
