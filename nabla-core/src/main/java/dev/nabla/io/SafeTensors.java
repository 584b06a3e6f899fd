package dev.nabla.io;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Device;
import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (huggingface/safetensors), so weights move between Nabla and PyTorch: an
 * 8-byte little-endian length N, N bytes of UTF-8 JSON naming each tensor's dtype, shape and byte range
 * (plus an optional {@code __metadata__} map of strings), padded with spaces to a multiple of 8, then
 * the raw little-endian data, tensors back to back in the order written.
 *
 * <p>Reading trusts nothing: the whole header is checked against itself and against the file's size
 * before any tensor is allocated, so a truncated or hostile file fails with a message instead of an
 * out-of-memory error or a read past the end.
 *
 * <pre>{@code
 * SafeTensors.write(Path.of("w.safetensors"), model.stateDict(), Map.of("note", "epoch 3"));
 * Map<String, Tensor> weights = SafeTensors.read(Path.of("w.safetensors")).tensors();
 * }</pre>
 */
public final class SafeTensors {
    /** The reference implementation's cap on the header size; a larger length means a corrupt file. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The key of the string-to-string metadata map in the header. */
    public static final String METADATA_KEY = "__metadata__";

    private static final int CHUNK_BYTES = 1 << 20;

    private SafeTensors() {}

    /** One tensor's entry in the header; offsets are relative to the start of the data buffer. */
    public record TensorInfo(String name, DType dtype, Shape shape, long begin, long end) {
        public long byteCount() {
            return end - begin;
        }
    }

    /**
     * A validated header: the metadata, the tensors in header order, and where the data buffer starts
     * in the file (8 + N).
     */
    public record Header(Map<String, String> metadata, List<TensorInfo> tensors, long dataStart) {}

    /** A whole file: metadata and tensors by name, in header order. */
    public record Contents(Map<String, String> metadata, Map<String, Tensor> tensors) {}

    /** The format's name for a Nabla dtype. */
    public static String formatName(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT32 -> "I32";
        };
    }

    /** Writes {@code file} atomically (see {@link AtomicFiles}): tensors in map order, then metadata. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = encodeHeader(tensors, metadata);
        AtomicFiles.writeChannel(file, channel -> writeTo(channel, header, tensors));
    }

    /** Writes the format to an open channel (for containers that embed it); not atomic by itself. */
    public static void write(WritableByteChannel out, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        writeTo(out, encodeHeader(tensors, metadata), tensors);
    }

    /** Reads and validates the header only: no tensor data is read. */
    public static Header readHeader(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return SafeTensorsHeader.read(file, ch);
        }
    }

    /** Reads the whole file; the header is validated completely before any tensor is allocated. */
    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = SafeTensorsHeader.read(file, ch);
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (TensorInfo info : header.tensors()) {
                out.put(info.name(), null); // keep header order; filled below in file order
            }
            List<TensorInfo> byOffset = new ArrayList<>(header.tensors());
            byOffset.sort(Comparator.comparingLong(TensorInfo::begin));
            for (TensorInfo info : byOffset) {
                out.put(info.name(), readTensor(file, ch, header.dataStart(), info));
            }
            return new Contents(header.metadata(), out);
        }
    }

    // ---------------------------------------------------------------- writing

    /** The length prefix, the JSON and its space padding, as the bytes that start the file. */
    static byte[] encodeHeader(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            metadata.forEach((k, v) -> {
                if (k == null || v == null) {
                    throw new IllegalArgumentException("safetensors: metadata keys and values must be non-null, got "
                            + k + " -> " + v);
                }
            });
            json.put(METADATA_KEY, new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name == null || name.equals(METADATA_KEY) || t == null) {
                throw new IllegalArgumentException("safetensors: cannot write tensor '" + name + "'"
                        + (t == null ? " (it is null)" : " (the name is reserved)"));
            }
            long bytes = (long) t.size() * t.dtype().byteSize();
            List<Long> shape = new ArrayList<>();
            for (int d : t.shape().dims()) {
                shape.add((long) d);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", formatName(t.dtype()));
            entry.put("shape", shape);
            entry.put("data_offsets", List.of(offset, offset + bytes));
            json.put(name, entry);
            offset += bytes;
        }
        byte[] text = Json.write(json).getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        if (padded > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("safetensors: header would be " + padded + " bytes, over the "
                    + MAX_HEADER_BYTES + "-byte limit readers enforce");
        }
        ByteBuffer buf = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded).put(text);
        while (buf.hasRemaining()) {
            buf.put((byte) ' ');
        }
        return buf.array();
    }

    private static void writeTo(WritableByteChannel out, byte[] header, Map<String, Tensor> tensors) throws IOException {
        writeFully(out, ByteBuffer.wrap(header));
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor value : tensors.values()) {
            Tensor t = LayoutMath.toDevice(value, Device.CPU); // itself on the CPU
            int n = t.size();
            int perChunk = CHUNK_BYTES / t.dtype().byteSize();
            for (int from = 0; from < n; from += perChunk) {
                int count = Math.min(perChunk, n - from);
                buf.clear();
                switch (t.dtype()) {
                    case FLOAT32 -> buf.asFloatBuffer().put(t.f32(), from, count);
                    case FLOAT64 -> buf.asDoubleBuffer().put(t.f64(), from, count);
                    case INT32 -> buf.asIntBuffer().put(t.i32(), from, count);
                }
                buf.limit(count * t.dtype().byteSize());
                writeFully(out, buf);
            }
        }
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            out.write(buf);
        }
    }

    // ---------------------------------------------------------------- reading data

    /** Reads one tensor's bytes from its validated range, in chunks, into a fresh tensor. */
    private static Tensor readTensor(Path file, FileChannel ch, long dataStart, TensorInfo info) throws IOException {
        Tensor t = Tensor.empty(info.dtype(), info.shape());
        // an I64 entry (its range holds 8 bytes a value; the header checked that) narrows into int32
        boolean wide = info.dtype() == DType.INT32 && t.size() > 0 && info.byteCount() == 8L * t.size();
        int size = wide ? 8 : info.dtype().byteSize();
        int perChunk = CHUNK_BYTES / size;
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, info.byteCount())).order(ByteOrder.LITTLE_ENDIAN);
        long pos = dataStart + info.begin();
        for (int from = 0; from < t.size(); from += perChunk) {
            int count = Math.min(perChunk, t.size() - from);
            buf.clear().limit(count * size);
            while (buf.hasRemaining()) {
                if (ch.read(buf, pos + buf.position()) < 0) {
                    // the header was checked against the size: the file shrank while we read it
                    throw new ModelFileException(file, "truncated while reading tensor '" + info.name()
                            + "': the file ended at byte " + (pos + buf.position()) + " (was it changed during the read?)");
                }
            }
            buf.flip();
            switch (info.dtype()) {
                case FLOAT32 -> buf.asFloatBuffer().get(t.f32(), from, count);
                case FLOAT64 -> buf.asDoubleBuffer().get(t.f64(), from, count);
                case INT32 -> {
                    if (wide) {
                        narrow(file, info, buf, t.i32(), from, count);
                    } else {
                        buf.asIntBuffer().get(t.i32(), from, count);
                    }
                }
            }
            pos += (long) count * size;
        }
        return t;
    }

    /** Int64 values into int32, each checked to fit. */
    private static void narrow(Path file, TensorInfo info, ByteBuffer buf, int[] into, int from, int count) throws ModelFileException {
        for (int i = 0; i < count; i++) {
            long v = buf.getLong();
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new ModelFileException(file, "tensor '" + info.name() + "': the int64 value " + v + " does not fit in int32, "
                        + "the integer type Nabla has");
            }
            into[from + i] = (int) v;
        }
    }
}
