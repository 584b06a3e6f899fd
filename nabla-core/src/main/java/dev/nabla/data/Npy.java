package dev.nabla.data;

import dev.nabla.io.AtomicFiles;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Device;
import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * NumPy's .npy format, so arrays move between Nabla and Python without a converter: {@code np.save} on
 * one side, {@code Npy.read} on the other, and back. See {@link NpyHeader} for the layout and the checks.
 *
 * <pre>{@code
 * Tensor x = Npy.read(Path.of("x.npy"));   // np.save("x.npy", np.arange(12, dtype=np.float32).reshape(3, 4))
 * Npy.write(Path.of("y.npy"), x);          // np.load("y.npy")
 * }</pre>
 *
 * <p>Reading maps dtypes to Nabla's three: float16 and float32 to float32, float64 to float64, and every
 * integer type and bool to int32 (int64, uint32 and uint64 values are range-checked, never wrapped).
 * Little- and big-endian data are both read. A Fortran-order array is read and transposed into Nabla's
 * row-major layout, so its values sit at the same indices as in NumPy. Writing produces version 1.0
 * ({@code <f4}, {@code <f8} or {@code <i4}, C order); tensors of more than 64 axes are refused, as NumPy
 * cannot hold them.
 */
public final class Npy {
    private static final int CHUNK_BYTES = 1 << 20;

    private Npy() {}

    /** Reads a .npy file; every header claim is checked against the file's size before data is read. */
    public static Tensor read(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, size, file, "");
        }
    }

    /** Writes {@code tensor} atomically (see {@link AtomicFiles}): a failed write leaves the old file intact. */
    public static void write(Path file, Tensor tensor) throws IOException {
        AtomicFiles.write(file, out -> write(out, tensor));
    }

    /**
     * Reads one array from a stream; {@code available} is the stream's size when known, or -1 (then the
     * data is staged as it arrives and the stream must end right after it). Used by {@link Npz}.
     */
    static Tensor read(InputStream in, long available, Path file, String what) throws IOException {
        NpyHeader h = NpyHeader.read(in, available, file, what);
        int[] dims = h.shape();
        boolean fortran = h.fortranOrder() && dims.length > 1;
        int[] stored = fortran ? reversed(dims) : dims; // Fortran order is C order of the reversed shape
        DType target = switch (h.code()) {
            case F16, F32 -> DType.FLOAT32;
            case F64 -> DType.FLOAT64;
            default -> DType.INT32;
        };
        Tensor t = BinaryArrays.read(in, h.code(), h.order(), target, Shape.of(stored), available >= 0, file, what);
        if (available < 0 && in.read() != -1) {
            throw new DataFormatException(file, what + "trailing bytes after the " + h.dataBytes() + " bytes of data that dtype '"
                    + h.descr() + "' and shape " + Arrays.toString(dims) + " need");
        }
        if (fortran) {
            int[] axes = new int[dims.length];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = axes.length - 1 - i;
            }
            t = t.permute(axes);
        }
        return t;
    }

    /** Writes the format to a stream (for containers such as .npz); not atomic by itself. */
    static void write(OutputStream out, Tensor tensor) throws IOException {
        int[] dims = tensor.shape().dims();
        if (dims.length > NpyHeader.MAX_RANK) {
            throw new IllegalArgumentException("Npy.write: NumPy arrays have at most " + NpyHeader.MAX_RANK
                    + " axes, got shape " + tensor.shape());
        }
        String shape = dims.length == 1 ? "(" + dims[0] + ",)"
                : Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
        String dict = "{'descr': '" + descr(tensor.dtype()) + "', 'fortran_order': False, 'shape': " + shape + ", }";
        // NumPy pads with spaces so that the data starts on a 64-byte boundary, and ends the header with '\n';
        // at most 64 axes keep the header far below version 1.0's 64 KiB limit
        int padded = (10 + dict.length() + 1 + 63) / 64 * 64 - 10;
        String header = dict + " ".repeat(padded - dict.length() - 1) + "\n";
        ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put(NpyHeader.MAGIC).put((byte) 1).put((byte) 0)
                .putShort((short) padded);
        out.write(pre.array());
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        writeData(out, tensor);
    }

    static String descr(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
            case INT32 -> "<i4";
        };
    }

    private static void writeData(OutputStream out, Tensor value) throws IOException {
        Tensor t = LayoutMath.toDevice(value, Device.CPU); // itself on the CPU
        int size = t.dtype().byteSize();
        int n = t.size();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, (long) n * size)).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = CHUNK_BYTES / size;
        for (int from = 0; from < n; from += perChunk) {
            int count = Math.min(perChunk, n - from);
            buf.clear();
            switch (t.dtype()) {
                case FLOAT32 -> buf.asFloatBuffer().put(t.f32(), from, count);
                case FLOAT64 -> buf.asDoubleBuffer().put(t.f64(), from, count);
                case INT32 -> buf.asIntBuffer().put(t.i32(), from, count);
            }
            out.write(buf.array(), 0, count * size);
        }
    }

    private static int[] reversed(int[] dims) {
        int[] r = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            r[i] = dims[dims.length - 1 - i];
        }
        return r;
    }
}
