package dev.nabla.io;

import dev.nabla.io.SafeTensors.Header;
import dev.nabla.io.SafeTensors.TensorInfo;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a safetensors header and checks every claim it makes before anyone trusts it: the length
 * against the file, the JSON's shape, each dtype, that each shape's byte count equals its range, and
 * that the ranges tile the data buffer exactly (no gap, no overlap, nothing past the end). Each failure
 * names the file, the expectation and what was found.
 */
final class SafeTensorsHeader {
    private static final Set<String> ENTRY_KEYS = Set.of("dtype", "shape", "data_offsets");
    /** Valid safetensors dtypes that Nabla has no tensor type for: refused with a specific message. */
    private static final Set<String> OTHER_FORMAT_DTYPES = Set.of("BOOL", "U8", "I8", "I16", "U16", "F16", "BF16",
            "U32", "U64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64");
    private static final String HINT = " (is this a safetensors file?)";

    private final Path file;

    private SafeTensorsHeader(Path file) {
        this.file = file;
    }

    /** Reads and validates the header of an open file. */
    static Header read(Path file, FileChannel ch) throws IOException {
        return new SafeTensorsHeader(file).read(ch);
    }

    private Header read(FileChannel ch) throws IOException {
        long fileSize = ch.size();
        if (fileSize < 8) {
            throw fail("too short to be a safetensors file: " + fileSize + " bytes, but the header length alone takes 8");
        }
        long n = readFully(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        // n is an unsigned 64-bit number: a negative long is one past 2^63, over any limit
        if (n < 0 || n > SafeTensors.MAX_HEADER_BYTES) {
            throw fail("header length " + Long.toUnsignedString(n) + " is over the " + SafeTensors.MAX_HEADER_BYTES
                    + "-byte limit" + HINT);
        }
        if (n > fileSize - 8) {
            throw fail("truncated: header says " + n + " bytes but the file has " + (fileSize - 8) + " after the length");
        }
        if (n < 2) {
            throw fail("header length is " + n + " bytes, too short for a JSON object" + HINT);
        }
        String text = decode(readFully(ch, 8, (int) n));
        Map<String, Object> json = parseObject(text);
        long dataSize = fileSize - 8 - n;
        Map<String, String> metadata = Map.of();
        List<TensorInfo> tensors = new ArrayList<>();
        for (Map.Entry<String, Object> e : json.entrySet()) {
            if (e.getKey().equals(SafeTensors.METADATA_KEY)) {
                metadata = metadata(e.getValue());
            } else {
                tensors.add(entry(e.getKey(), e.getValue(), dataSize));
            }
        }
        checkTiling(tensors, dataSize);
        return new Header(metadata, Collections.unmodifiableList(tensors), 8 + n);
    }

    private ByteBuffer readFully(FileChannel ch, long position, int count) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(count);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw fail("truncated: the file ended at byte " + (position + buf.position()) + " while reading the header");
            }
        }
        return buf.flip();
    }

    private String decode(ByteBuffer bytes) throws ModelFileException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw fail("the header is not valid UTF-8" + HINT);
        }
    }

    private Map<String, Object> parseObject(String text) throws ModelFileException {
        if (text.isEmpty() || text.charAt(0) != '{') {
            String start = text.substring(0, Math.min(16, text.length())).replaceAll("\\p{Cntrl}", "?");
            throw fail("the header should be a JSON object starting with '{', but it starts with \"" + start + "\"" + HINT);
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.JsonException e) {
            throw fail("the header is not valid JSON: " + e.getMessage());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) parsed; // starts with '{' and parsed: an object
        return json;
    }

    private Map<String, String> metadata(Object value) throws ModelFileException {
        if (!(value instanceof Map<?, ?> map)) {
            throw fail(SafeTensors.METADATA_KEY + " should be an object of strings, got " + describe(value));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw fail(SafeTensors.METADATA_KEY + " values must be strings, but '" + e.getKey() + "' is "
                        + describe(e.getValue()));
            }
            out.put((String) e.getKey(), s);
        }
        return Collections.unmodifiableMap(out);
    }

    private TensorInfo entry(String name, Object value, long dataSize) throws ModelFileException {
        if (!(value instanceof Map<?, ?> map)) {
            throw fail("tensor '" + name + "' should be an object with dtype, shape and data_offsets, got " + describe(value));
        }
        for (String key : ENTRY_KEYS) {
            if (!map.containsKey(key)) {
                throw fail("tensor '" + name + "' has no \"" + key + "\" (expected dtype, shape and data_offsets)");
            }
        }
        for (Object key : map.keySet()) {
            if (!ENTRY_KEYS.contains(key)) {
                throw fail("tensor '" + name + "' has an unknown field \"" + key + "\" (expected dtype, shape and data_offsets)");
            }
        }
        DType dtype = dtype(name, map.get("dtype"));
        int[] dims = dims(name, map.get("shape"));
        List<Long> offsets = longs(name, "data_offsets", map.get("data_offsets"));
        if (offsets.size() != 2) {
            throw fail("tensor '" + name + "': data_offsets should be [begin, end], got " + offsets);
        }
        long begin = offsets.get(0);
        long end = offsets.get(1);
        if (begin > end) {
            throw fail("tensor '" + name + "': data_offsets [" + begin + ", " + end + "] end before they begin");
        }
        // I64 (PyTorch's integer buffers, e.g. BatchNorm's num_batches_tracked) is read into int32: 8 bytes a value
        boolean wide = "I64".equals(map.get("dtype"));
        long bytes = byteCount(name, wide ? 8 : dtype.byteSize(), dims);
        if (end - begin != bytes) {
            throw fail("tensor '" + name + "': dtype " + map.get("dtype") + " and shape " + Arrays.toString(dims)
                    + " need " + bytes + " bytes, but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        if (end > dataSize) {
            throw fail("truncated: tensor '" + name + "' needs bytes [" + begin + ", " + end + ") of the data, but the file has "
                    + dataSize + " bytes of data");
        }
        return new TensorInfo(name, dtype, shape(name, dims), begin, end);
    }

    private DType dtype(String name, Object value) throws ModelFileException {
        if (value instanceof String s) {
            switch (s) {
                case "F32": return DType.FLOAT32;
                case "F64": return DType.FLOAT64;
                case "I32", "I64": return DType.INT32;
                default:
                    String why = OTHER_FORMAT_DTYPES.contains(s) ? "is a safetensors dtype Nabla has no tensors for" : "is unknown";
                    throw fail("tensor '" + name + "': dtype \"" + s + "\" " + why + " (Nabla reads F32, F64 and I32, and I64 into int32)");
            }
        }
        throw fail("tensor '" + name + "': dtype should be a string such as \"F32\", got " + describe(value));
    }

    private int[] dims(String name, Object value) throws ModelFileException {
        List<Long> list = longs(name, "shape", value);
        int[] dims = new int[list.size()];
        for (int i = 0; i < dims.length; i++) {
            long d = list.get(i);
            if (d > Integer.MAX_VALUE) {
                throw fail("tensor '" + name + "': shape " + list + " has a dimension over " + Integer.MAX_VALUE);
            }
            dims[i] = (int) d;
        }
        return dims;
    }

    /** A list of non-negative integers, refusing fractions and anything that is not a number. */
    private List<Long> longs(String name, String field, Object value) throws ModelFileException {
        if (!(value instanceof List<?> list)) {
            throw fail("tensor '" + name + "': " + field + " should be an array of integers, got " + describe(value));
        }
        List<Long> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Long l) || l < 0) {
                throw fail("tensor '" + name + "': " + field + " should hold non-negative integers, got " + Json.write(list));
            }
            out.add(l);
        }
        return out;
    }

    private long byteCount(String name, int width, int[] dims) throws ModelFileException {
        try {
            long n = 1;
            for (int d : dims) {
                n = Math.multiplyExact(n, d);
            }
            return Math.multiplyExact(n, width);
        } catch (ArithmeticException e) {
            throw fail("tensor '" + name + "': shape " + Arrays.toString(dims) + " overflows a 64-bit byte count");
        }
    }

    private Shape shape(String name, int[] dims) throws ModelFileException {
        try {
            return Shape.of(dims);
        } catch (IllegalArgumentException e) {
            throw fail("tensor '" + name + "': " + e.getMessage());
        }
    }

    /** The ranges, sorted by start, must follow one another from 0 to the end of the data exactly. */
    private void checkTiling(List<TensorInfo> tensors, long dataSize) throws ModelFileException {
        List<TensorInfo> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long expected = 0;
        TensorInfo previous = null;
        for (TensorInfo t : sorted) {
            if (t.begin() < expected) {
                throw fail("tensors '" + previous.name() + "' [" + previous.begin() + ", " + previous.end() + ") and '"
                        + t.name() + "' [" + t.begin() + ", " + t.end() + ") overlap");
            }
            if (t.begin() > expected) {
                throw fail("bytes [" + expected + ", " + t.begin() + ") of the data belong to no tensor (a gap before '"
                        + t.name() + "')");
            }
            expected = t.end();
            previous = t;
        }
        if (expected != dataSize) {
            throw fail("the tensors cover " + expected + " bytes of data, but the file has " + dataSize
                    + " after the header (" + (dataSize - expected) + " unclaimed bytes at the end)");
        }
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "the string \"" + s + "\"";
            case Map<?, ?> _ -> "an object";
            case List<?> _ -> "an array";
            default -> value.getClass().getSimpleName().toLowerCase() + " " + value;
        };
    }

    private ModelFileException fail(String message) {
        return new ModelFileException(file, message);
    }
}
