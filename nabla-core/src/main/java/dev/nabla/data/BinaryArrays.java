package dev.nabla.data;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a run of fixed-size binary numbers (the body of an IDX or .npy file) into a fresh tensor, in
 * chunks, so a header's claims never decide an allocation on their own.
 *
 * <p>Two paths. When the caller has checked the claimed byte count against the file's real size, the
 * tensor is allocated at once and filled chunk by chunk. When it cannot (a gzip or zip stream, whose
 * decompressed size is only known at its end), the raw bytes are first staged in 1 MiB blocks as they
 * arrive, and the tensor is allocated only after all of them did: a 100-byte file that claims two
 * billion floats fails as truncated after reading 100 bytes, not with an out-of-memory error.
 */
final class BinaryArrays {
    /** The most elements one tensor can hold (the limit {@link Shape} enforces). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final int CHUNK_BYTES = 1 << 20;

    private BinaryArrays() {}

    /** Element encodings found in IDX and .npy files. */
    enum Code {
        BOOL(1), U8(1), I8(1), U16(2), I16(2), U32(4), I32(4), U64(8), I64(8), F16(2), F32(4), F64(8);

        final int bytes;

        Code(int bytes) {
            this.bytes = bytes;
        }

        boolean isInteger() {
            return this != F16 && this != F32 && this != F64;
        }
    }

    /**
     * The number of elements of {@code dims}, refusing negative sizes, products that overflow and
     * counts over {@link #MAX_ELEMENTS}; {@code what} prefixes the message (e.g. "entry 'x.npy': ").
     */
    static int elementCount(long[] dims, Path file, String what) throws DataFormatException {
        long n = 1;
        try {
            for (long d : dims) {
                if (d < 0) {
                    throw new DataFormatException(file, what + "shape " + Arrays.toString(dims) + " has a negative size");
                }
                n = Math.multiplyExact(n, d);
            }
        } catch (ArithmeticException e) {
            throw new DataFormatException(file, what + "shape " + Arrays.toString(dims) + " overflows: its element count is over 2^63");
        }
        if (n > MAX_ELEMENTS) {
            throw new DataFormatException(file, what + "shape " + Arrays.toString(dims) + " has " + n + " elements, more than a tensor can hold ("
                    + MAX_ELEMENTS + ")");
        }
        return (int) n;
    }

    /**
     * Reads {@code shape.size()} elements of {@code code} in {@code order} from {@code in} into a new
     * tensor of {@code target}. {@code sizeChecked} says the caller has verified that the source holds
     * that many bytes, so the tensor may be allocated before the data is read.
     */
    static Tensor read(InputStream in, Code code, ByteOrder order, DType target, Shape shape, boolean sizeChecked,
                       Path file, String what) throws IOException {
        long total = (long) shape.size() * code.bytes;
        if (sizeChecked) {
            Tensor t = Tensor.empty(target, shape);
            byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, total)];
            for (long done = 0; done < total; ) {
                int n = (int) Math.min(chunk.length, total - done);
                readBlock(in, chunk, n, done, total, file, what);
                decode(ByteBuffer.wrap(chunk, 0, n).order(order), code, n / code.bytes, t, (int) (done / code.bytes), file, what);
                done += n;
            }
            return t;
        }
        List<byte[]> blocks = new ArrayList<>();
        for (long done = 0; done < total; ) {
            byte[] block = new byte[(int) Math.min(CHUNK_BYTES, total - done)];
            readBlock(in, block, block.length, done, total, file, what);
            blocks.add(block);
            done += block.length;
        }
        Tensor t = Tensor.empty(target, shape); // every byte has arrived: now the allocation is justified
        int at = 0;
        for (byte[] block : blocks) {
            decode(ByteBuffer.wrap(block).order(order), code, block.length / code.bytes, t, at, file, what);
            at += block.length / code.bytes;
        }
        return t;
    }

    private static void readBlock(InputStream in, byte[] buf, int n, long done, long total,
                                  Path file, String what) throws IOException {
        int got = in.readNBytes(buf, 0, n);
        if (got < n) {
            throw new DataFormatException(file, what + "truncated: the header promises " + total + " bytes of data, but it ends after "
                    + (done + got));
        }
    }

    /** Decodes {@code n} elements from {@code b} into {@code t}'s storage from flat index {@code at}. */
    private static void decode(ByteBuffer b, Code code, int n, Tensor t, int at,
                               Path file, String what) throws DataFormatException {
        switch (t.dtype()) {
            case FLOAT32 -> {
                float[] f = t.f32();
                if (code == Code.U8) { // the MNIST case: pixels 0..255
                    for (int i = 0; i < n; i++) f[at + i] = b.get() & 0xFF;
                } else {
                    for (int i = 0; i < n; i++) f[at + i] = (float) real(code, b);
                }
            }
            case FLOAT64 -> {
                double[] d = t.f64();
                for (int i = 0; i < n; i++) d[at + i] = real(code, b);
            }
            case INT32 -> {
                int[] a = t.i32();
                for (int i = 0; i < n; i++) {
                    long v = integer(code, b);
                    if (v != (int) v || code == Code.U64 && v < 0) {
                        String shown = code == Code.U64 && v < 0 ? Long.toUnsignedString(v) : Long.toString(v);
                        throw new DataFormatException(file, what + "value " + shown + " at flat index " + (at + i)
                                + " does not fit in int32 (Nabla keeps integer arrays as int32)");
                    }
                    a[at + i] = (int) v;
                }
            }
        }
    }

    private static double real(Code code, ByteBuffer b) {
        return switch (code) {
            case F16 -> Float.float16ToFloat(b.getShort());
            case F32 -> b.getFloat();
            case F64 -> b.getDouble();
            default -> integer(code, b);
        };
    }

    /** The value as a long; an unsigned 64-bit value of 2^63 or more comes back negative (caught as out of range). */
    private static long integer(Code code, ByteBuffer b) {
        return switch (code) {
            case BOOL -> b.get() != 0 ? 1 : 0;
            case U8 -> b.get() & 0xFF;
            case I8 -> b.get();
            case U16 -> b.getShort() & 0xFFFF;
            case I16 -> b.getShort();
            case U32 -> b.getInt() & 0xFFFF_FFFFL;
            case I32 -> b.getInt();
            case U64, I64 -> b.getLong();
            case F16, F32, F64 -> throw new IllegalStateException("floating code " + code + " read as an integer");
        };
    }
}
