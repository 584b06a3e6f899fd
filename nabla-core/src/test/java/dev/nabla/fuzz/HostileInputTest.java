package dev.nabla.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.DataFormatException;
import dev.nabla.data.IdxReader;
import dev.nabla.data.Npy;
import dev.nabla.data.Npz;
import dev.nabla.io.Json;
import dev.nabla.io.ModelFile;
import dev.nabla.io.ModelFileException;
import dev.nabla.io.SafeTensors;
import dev.nabla.spec.Experiment;
import dev.nabla.spec.ExperimentSpec;
import dev.nabla.spec.SpecException;
import dev.nabla.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * One regression test per class of hostile file the readers must refuse with a clear message, never an
 * out-of-memory error, a read past the end or a crash: header lengths past the end of the file, negative
 * dimensions, overflowing dimensions, dtype/shape/byte-count disagreement, duplicate tensor names, deeply
 * nested JSON and huge JSON. Each test walks every reader the class applies to (safetensors and model files,
 * IDX, NPY, NPZ, JSON, specs). The readers' own suites ({@code SafeTensorsMalformedTest}, {@code IdxReaderTest},
 * {@code NpyTest}, {@code NpzTest}, {@code SpecErrorTest}) test each message in detail; this is the index
 * by class, and adds the cases they lacked (model-file metadata, spec nesting and size, the .npz streaming
 * path, Json at a million levels).
 */
class HostileInputTest {
    /** The architecture of a one-unit Dense model, for model files whose other metadata is at fault. */
    private static final String DENSE = "{\"type\":\"Sequential\",\"layers\":[{\"type\":\"Dense\",\"units\":1}]}";

    @TempDir
    Path dir;

    private int count;

    // ---------------------------------------------------------------- the classes

    @Test
    void headerLengthPastTheEndOfTheFile() throws IOException {
        Path st = file(st(1234, new byte[100]));
        refused(ModelFileException.class, st, () -> SafeTensors.read(st), "truncated: header says 1234 bytes");
        refused(ModelFileException.class, st, () -> ModelFile.load(st), "truncated");
        Path npy1 = file(npy(1, 0xFFFF, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }"));
        refused(DataFormatException.class, npy1, () -> Npy.read(npy1), "truncated", "65535 bytes");
        Path npy2 = file(npy(2, 1_000_000, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }"));
        refused(DataFormatException.class, npy2, () -> Npy.read(npy2), "truncated", "1000000 bytes");
        // inside a zip the size is unknown up front: the stream ends inside the header
        Path npz = file(zip("x.npy", npy(1, 500, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }")));
        refused(DataFormatException.class, npz, () -> Npz.read(npz), "entry 'x.npy'", "truncated", "500 bytes");
        Path idx = file(ByteBuffer.allocate(8).put(new byte[] {0, 0, 8, 3}).putInt(2).array());
        refused(DataFormatException.class, idx, () -> IdxReader.read(idx), "truncated header", "3 dimensions need 12 bytes");
        // a zip whose end record says a 4608-byte comment follows it, past the end of the file (found by the npz
        // fuzzer: the JDK's ZipFile threw a bare EOFException, naming no file)
        byte[] archive = zip("x.npy", npy(1, -1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]));
        ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN).putShort(archive.length - 2, (short) 0x1200);
        Path zip = file(archive);
        refused(DataFormatException.class, zip, () -> Npz.read(zip), "not a zip archive");
    }

    @Test
    void negativeDimensions() throws IOException {
        Path st = file(st(entry("w", "F32", "[-1,4]", 0, 0), 0));
        refused(ModelFileException.class, st, () -> SafeTensors.read(st), "'w'", "non-negative integers", "[-1,4]");
        Path model = file(model(DENSE, "[-3]", Map.of()));
        refused(ModelFileException.class, model, () -> ModelFile.load(model), "input_shape should hold sizes >= 0, got [-3]");
        Path idx = file(ByteBuffer.allocate(8).put(new byte[] {0, 0, 8, 1}).putInt(-1).array());
        refused(DataFormatException.class, idx, () -> IdxReader.read(idx), "dimension 0 is -1", "4294967295");
        Path npy = file(npy(1, -1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, -1), }"));
        refused(DataFormatException.class, npy, () -> Npy.read(npy), "shape [3, -1] has a negative size");
    }

    @Test
    void overflowingDimensions() throws IOException {
        int m = Integer.MAX_VALUE;
        Path wrap = file(st(entry("w", "F64", "[" + m + "," + m + "," + m + "]", 0, 8), 8));
        refused(ModelFileException.class, wrap, () -> SafeTensors.read(wrap), "overflows a 64-bit byte count");
        Path wide = file(st(entry("w", "F32", "[3000000000]", 0, 12_000_000_000L), 0));
        refused(ModelFileException.class, wide, () -> SafeTensors.read(wide), "dimension over 2147483647");
        // 2^32 elements: the byte count is exact and agrees with the offsets, and still no tensor can hold it
        Path big = file(st(entry("w", "F32", "[65536,65536]", 0, 17_179_869_184L), 0));
        refused(ModelFileException.class, big, () -> SafeTensors.read(big), "'w'");
        Path model = file(model(DENSE, "[99999999999999999999]", Map.of()));
        refused(ModelFileException.class, model, () -> ModelFile.load(model), "input_shape should hold sizes >= 0");
        Path idx = file(ByteBuffer.allocate(4 + 20).put(new byte[] {0, 0, 8, 5}).putInt(m).putInt(m).putInt(m).putInt(m).putInt(m).array());
        refused(DataFormatException.class, idx, () -> IdxReader.read(idx), "overflows");
        Path npy = file(npy(1, -1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4), }"));
        refused(DataFormatException.class, npy, () -> Npy.read(npy), "overflows");
        Path npy64 = file(npy(1, -1, "{'descr': '<f4', 'fortran_order': False, 'shape': (18446744073709551616,), }"));
        refused(DataFormatException.class, npy64, () -> Npy.read(npy64), "overflows a 64-bit integer");
    }

    @Test
    void dtypeShapeAndByteCountDisagree() throws IOException {
        Path st = file(st(entry("w", "F64", "[2]", 0, 8), 8));
        refused(ModelFileException.class, st, () -> SafeTensors.read(st), "dtype F64 and shape [2] need 16 bytes", "hold 8");
        // a model file whose weights are float64 while its metadata says float32
        Path model = file(model("{\"type\":\"Sequential\",\"layers\":[{\"type\":\"Dense\",\"units\":1}]}", "[1]",
                Map.of("layers.0.weight", Tensor.of(new double[] {1}, 1, 1), "layers.0.bias", Tensor.of(new double[] {0}, 1))));
        refused(ModelFileException.class, model, () -> ModelFile.load(model), "but the model is");
        Path npy = file(npy(1, -1, "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", new byte[8]));
        refused(DataFormatException.class, npy, () -> Npy.read(npy), "truncated", "need 12 bytes", "has 8");
        Path idx = file(ByteBuffer.allocate(8 + 8).put(new byte[] {0, 0, 0x0C, 1}).putInt(3).array());
        refused(DataFormatException.class, idx, () -> IdxReader.read(idx), "truncated", "needs 12 bytes");
        Path npz = file(zip("x.npy", npy(1, -1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", new byte[12])));
        refused(DataFormatException.class, npz, () -> Npz.read(npz), "entry 'x.npy'", "promises 16 bytes", "ends after 12");
    }

    @Test
    void duplicateTensorNames() throws IOException {
        Path st = file(st("{\"w\":" + entry("F32", "[1]", 0, 4) + ",\"w\":" + entry("F32", "[1]", 4, 8) + "}", 8));
        refused(ModelFileException.class, st, () -> SafeTensors.read(st), "duplicate key \"w\"");
        Path model = file(model("{\"type\":\"Sequential\",\"layers\":[{\"type\":\"Dense\",\"units\":1,\"units\":2}]}", "[1]", Map.of()));
        refused(ModelFileException.class, model, () -> ModelFile.load(model), "architecture is not valid JSON", "duplicate key \"units\"");
        Path npy = file(npy(1, -1, "{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", new byte[4]));
        refused(DataFormatException.class, npy, () -> Npy.read(npy), "key 'descr' appears twice");
        // two entries named x.npy (ZipOutputStream refuses that, so rename y.npy in the bytes; CRCs cover data only)
        byte[] one = npy(1, -1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
        String twice = new String(zip("x.npy", one, "y.npy", one), StandardCharsets.ISO_8859_1).replace("y.npy", "x.npy");
        Path npz = file(twice.getBytes(StandardCharsets.ISO_8859_1));
        refused(DataFormatException.class, npz, () -> Npz.read(npz), "a second array named 'x'");
        SpecException e = assertThrows(SpecException.class, () -> Experiment.parse("{\"model\": {}, \"model\": {}}", dir));
        assertEquals("$.model: duplicate key \"model\"", e.getMessage());
    }

    @Test
    void deeplyNestedJson() throws IOException {
        // a million levels: refused at level 65, with no StackOverflowError on the way
        String deep = "[".repeat(1_000_000) + "]".repeat(1_000_000);
        Json.JsonException j = assertThrows(Json.JsonException.class, () -> Json.parse(deep));
        assertTrue(j.getMessage().contains("nested deeper than 64 levels"), j.getMessage());
        Path st = file(st("{\"__metadata__\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}", 0));
        refused(ModelFileException.class, st, () -> SafeTensors.read(st), "nested deeper than 64 levels");
        // a model file's architecture is JSON inside a JSON string: nested there, it is refused by ModelFile.load
        Path model = file(model("{\"type\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}", "[1]", Map.of()));
        refused(ModelFileException.class, model, () -> ModelFile.load(model), "architecture", "nested deeper than 64 levels");
        SpecException s = assertThrows(SpecException.class,
                () -> Experiment.parse("{\"model\": " + "{\"a\": ".repeat(100_000) + "1" + "}".repeat(100_001), dir));
        assertTrue(s.problem().contains("nested deeper than 64 levels"), s.getMessage());
        assertTrue(s.path().startsWith("$.model.a.a"), s.path());
    }

    @Test
    void hugeJson() throws IOException {
        // a 50 MB spec is refused by its length, before a byte of it is parsed
        String huge = "{\"name\": \"" + "x".repeat(50 << 20) + "\"}";
        SpecException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(SpecException.class, () -> Experiment.parse(huge, dir)));
        assertEquals("$", e.path());
        assertTrue(e.problem().contains("over the limit of " + ExperimentSpec.MAX_TEXT_CHARS), e.getMessage());
        // a 50 MB spec file is refused by its size, before it is read (a sparse file: nothing is written)
        Path big = dir.resolve("big.json");
        try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
            raf.setLength(50L << 20);
        }
        SpecException f = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(SpecException.class, () -> Experiment.load(big)));
        assertTrue(f.getMessage().startsWith(big + ": $: is 52428800 bytes long, over the limit"), f.getMessage());
        // under the cap, a huge array is parsed and refused for what it is, with its path
        String array = "{\"metrics\": [" + "0,".repeat(4_000_000) + "0]}";
        SpecException a = assertThrows(SpecException.class, () -> Experiment.parse(array, dir));
        assertTrue(a.getMessage().startsWith("$"), a.getMessage());
        // a safetensors header length over the format's 100 MB cap is refused before anything is allocated
        Path st = file(st(200_000_000L, "{}".getBytes(StandardCharsets.UTF_8)));
        refused(ModelFileException.class, st, () -> SafeTensors.read(st), "header length 200000000 is over the 100000000-byte limit");
        Path max = file(st(-1L, "{}".getBytes(StandardCharsets.UTF_8)));
        refused(ModelFileException.class, max, () -> ModelFile.load(max), "18446744073709551615");
    }

    @Test
    void anArchitectureLargerThanMemoryIsRefusedNotCrashed() throws IOException {
        // 464 bytes of metadata declaring 8 layers of 46000 x 46000 float64 weights (17 GB each) and no weights:
        // building it runs out of memory before the weights can be compared with it (found by review; the
        // same file is in the fuzz corpus as safetensors/review-architecture-larger-than-memory)
        StringBuilder layers = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            layers.append(i == 0 ? "" : ",").append("{\"type\":\"Dense\",\"units\":46000}");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", ModelFile.FORMAT);
        meta.put("format_version", ModelFile.FORMAT_VERSION);
        meta.put("architecture", "{\"type\":\"Sequential\",\"layers\":[" + layers + "]}");
        meta.put("input_shape", "[46000]");
        meta.put("dtype", "float64");
        Path f = dir.resolve("huge.safetensors");
        SafeTensors.write(f, Map.of(), meta);
        refused(ModelFileException.class, f, () -> ModelFile.load(f), "building the architecture for input shape [46000]",
                "ran out of memory", "the weights in this file take 0 bytes");
    }

    @Test
    void aSpecFileThatIsNotUtf8IsAClearSpecError() throws IOException {
        Path f = file(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
        SpecException e = assertThrows(SpecException.class, () -> Experiment.load(f));
        assertTrue(e.getMessage().startsWith(f + ": $: is not UTF-8 text"), e.getMessage());
    }

    // ---------------------------------------------------------------- assertions

    private static <E extends IOException> void refused(Class<E> type, Path file, Executable read, String... parts) {
        E e = assertThrows(type, read);
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": "), () -> "the message should name the file: " + m);
        for (String p : parts) {
            assertTrue(m.contains(p), () -> "'" + m + "' should say '" + p + "'");
        }
    }

    // ---------------------------------------------------------------- files

    private Path file(byte[] content) throws IOException {
        return Files.write(dir.resolve("hostile" + count++), content);
    }

    /** A safetensors file: length prefix {@code n}, then {@code rest}. */
    private static byte[] st(long n, byte[] rest) {
        return ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN).putLong(n).put(rest).array();
    }

    /** A safetensors file of this header JSON (with its true length) and {@code dataBytes} zero bytes. */
    private static byte[] st(String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return st(h.length, ByteBuffer.allocate(h.length + dataBytes).put(h).array());
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "{\"" + name + "\":" + entry(dtype, shape, begin, end) + "}";
    }

    private static String entry(String dtype, String shape, long begin, long end) {
        return "{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    /** A Nabla model file, written with SafeTensors.write so that its metadata can say anything. */
    private byte[] model(String architecture, String inputShape, Map<String, Tensor> weights) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", ModelFile.FORMAT);
        meta.put("format_version", ModelFile.FORMAT_VERSION);
        meta.put("architecture", architecture);
        meta.put("input_shape", inputShape);
        meta.put("dtype", "float32");
        Path f = dir.resolve("model" + count++);
        SafeTensors.write(f, new LinkedHashMap<>(weights), meta);
        return Files.readAllBytes(f);
    }

    /**
     * A .npy file of the given version. {@code headerLength} is the length field as written, or -1 for the
     * true (padded) length of {@code dict}.
     */
    private static byte[] npy(int major, int headerLength, String dict, byte... data) {
        int lengthBytes = major == 1 ? 2 : 4;
        String header = dict + " ".repeat((64 - (8 + lengthBytes + dict.length() + 1) % 64) % 64) + "\n";
        byte[] text = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(8 + lengthBytes + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        int length = headerLength >= 0 ? headerLength : text.length;
        if (major == 1) {
            b.putShort((short) length);
        } else {
            b.putInt(length);
        }
        return b.put(text).put(data).array();
    }

    /** A zip of (name, bytes) pairs, deflated. */
    private static byte[] zip(Object... entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < entries.length; i += 2) {
                z.putNextEntry(new ZipEntry((String) entries[i]));
                z.write((byte[]) entries[i + 1]);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
