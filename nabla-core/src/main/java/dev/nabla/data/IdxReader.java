package dev.nabla.data;

import dev.nabla.data.BinaryArrays.Code;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST: a magic number {@code 0x00 0x00 type ndims}, then
 * {@code ndims} big-endian int32 sizes, then the values, big-endian, row-major. Files may be gzipped;
 * that is told by the gzip magic {@code 0x1f 0x8b}, not by the name, because downloads get renamed.
 *
 * <pre>{@code
 * Dataset train = IdxReader.readDataset(dir.resolve("train-images-idx3-ubyte.gz"),
 *                                       dir.resolve("train-labels-idx1-ubyte.gz"));
 * }</pre>
 *
 * <p>Types: integer data (ubyte {@code 0x08}, byte {@code 0x09}, short {@code 0x0B}, int {@code 0x0C})
 * of rank 2 or more becomes float32, because it is model input (pixels stay raw 0..255: scaling is a
 * transform's job, fitted where the user chooses); rank-1 integer data is a label vector and becomes
 * int32. float {@code 0x0D} is float32, double {@code 0x0E} float64.
 *
 * <p>Nothing in the header is trusted: every size is checked, and their product is checked against the
 * file's size before anything is allocated (for gzip, whose size is known only at its end, the data is
 * read in blocks and refused the moment the stream ends early). Each problem is a
 * {@link DataFormatException} naming the file, what was expected and what was found.
 */
public final class IdxReader {
    /** IDX stores the rank in one byte; MNIST needs 3. More than 8 axes means a corrupt header. */
    public static final int MAX_RANK = 8;

    private IdxReader() {}

    /** What the caller needs the file to be; checked right after the header, before any data is read. */
    private enum Role { ANY, LABELS, IMAGES }

    /** The validated header: element code, sizes, and the header's length in bytes. */
    private record Header(Code code, int typeByte, int[] dims, int count) {
        int headerBytes() {
            return 4 + 4 * dims.length;
        }

        DType dtype() {
            return switch (code) {
                case F32 -> DType.FLOAT32;
                case F64 -> DType.FLOAT64;
                default -> dims.length == 1 ? DType.INT32 : DType.FLOAT32;
            };
        }

        String describe() {
            return typeName(typeByte) + " " + Arrays.toString(dims);
        }
    }

    /** Reads any IDX file: rank-1 integer data as int32, other integer data as float32 (see the class note). */
    public static Tensor read(Path file) throws IOException {
        return read(file, Role.ANY, -1, null);
    }

    /** Reads a label file: rank 1, integer type, every label a non-negative int32 class index. */
    public static Tensor readLabels(Path file) throws IOException {
        Tensor labels = read(file, Role.LABELS, -1, null);
        int[] v = labels.i32();
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0) {
                throw new DataFormatException(file, "label " + v[i] + " at index " + i
                        + " is negative; class indices must be >= 0");
            }
        }
        return labels;
    }

    /**
     * Images {@code [N, rows, cols]} (float32, raw values) and their labels {@code [N]} (int32) as a
     * dataset without names. The label file is read first, so a count mismatch is found from the image
     * file's header, before its data is read.
     */
    public static Dataset readDataset(Path images, Path labels) throws IOException {
        Tensor y = readLabels(labels);
        Tensor x = read(images, Role.IMAGES, y.size(), labels);
        return new Dataset(x, y, List.of(), List.of());
    }

    private static Tensor read(Path file, Role role, int samples, Path labelsFile) throws IOException {
        long fileSize = Files.size(file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            boolean gzip = isGzip(raw);
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            Header h = header(file, in);
            checkRole(file, h, role, samples, labelsFile);
            if (!gzip) {
                checkSize(file, h, fileSize);
            }
            Tensor t = BinaryArrays.read(in, h.code(), ByteOrder.BIG_ENDIAN, h.dtype(), Shape.of(h.dims()), !gzip, file, "");
            if (in.read() != -1) {
                throw new DataFormatException(file, "trailing bytes after the " + (long) h.count() * h.code().bytes
                        + " bytes of data the header describes (" + h.describe() + ")");
            }
            return t;
        } catch (EOFException e) {
            throw new DataFormatException(file, "truncated gzip stream (" + e.getMessage() + ")", e);
        } catch (ZipException e) {
            throw new DataFormatException(file, "corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    private static Header header(Path file, InputStream in) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new DataFormatException(file, "too short for an IDX file: " + magic.length
                    + " bytes, but the magic number alone takes 4");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DataFormatException(file, String.format("not an IDX file: expected a magic number starting "
                    + "0x00 0x00, found 0x%02x 0x%02x", magic[0] & 0xFF, magic[1] & 0xFF));
        }
        int type = magic[2] & 0xFF;
        Code code = code(file, type);
        int rank = magic[3] & 0xFF;
        if (rank == 0 || rank > MAX_RANK) {
            throw new DataFormatException(file, "the header says " + rank + " dimensions; expected 1 to " + MAX_RANK);
        }
        byte[] d = in.readNBytes(4 * rank);
        if (d.length < 4 * rank) {
            throw new DataFormatException(file, "truncated header: " + rank + " dimensions need " + 4 * rank
                    + " bytes after the magic number, but the file ends after " + d.length);
        }
        int[] dims = new int[rank];
        long[] wide = new long[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = (d[4 * i] & 0xFF) << 24 | (d[4 * i + 1] & 0xFF) << 16 | (d[4 * i + 2] & 0xFF) << 8 | d[4 * i + 3] & 0xFF;
            if (dims[i] <= 0) {
                throw new DataFormatException(file, "dimension " + i + " is " + dims[i] + " (read as unsigned: "
                        + Integer.toUnsignedString(dims[i]) + "); IDX sizes must be between 1 and " + Integer.MAX_VALUE);
            }
            wide[i] = dims[i];
        }
        return new Header(code, type, dims, BinaryArrays.elementCount(wide, file, ""));
    }

    private static Code code(Path file, int type) throws DataFormatException {
        return switch (type) {
            case 0x08 -> Code.U8;
            case 0x09 -> Code.I8;
            case 0x0B -> Code.I16;
            case 0x0C -> Code.I32;
            case 0x0D -> Code.F32;
            case 0x0E -> Code.F64;
            default -> throw new DataFormatException(file, String.format("unknown element type code 0x%02x; IDX "
                    + "defines 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float and 0x0E double", type));
        };
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x08 -> "ubyte";
            case 0x09 -> "byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            default -> "double";
        };
    }

    private static void checkRole(Path file, Header h, Role role, int samples, Path labelsFile) throws DataFormatException {
        if (role == Role.LABELS && (h.dims().length != 1 || !h.code().isInteger())) {
            throw new DataFormatException(file, "expected labels (a rank-1 integer IDX file, such as "
                    + "train-labels-idx1-ubyte), found " + h.describe() + " (were images and labels swapped?)");
        }
        if (role == Role.IMAGES && h.dims().length < 2) {
            throw new DataFormatException(file, "expected images [N, rows, cols] (rank 2 or more), found "
                    + h.describe() + " (were images and labels swapped?)");
        }
        if (samples >= 0 && h.dims()[0] != samples) {
            throw new DataFormatException(file, "holds " + h.dims()[0] + " images, but " + labelsFile + " holds "
                    + samples + " labels; the counts must agree");
        }
    }

    /** An uncompressed file's size is known: the header's claim is checked against it before any allocation. */
    private static void checkSize(Path file, Header h, long fileSize) throws DataFormatException {
        long data = (long) h.count() * h.code().bytes;
        long expected = h.headerBytes() + data;
        if (fileSize < expected) {
            throw new DataFormatException(file, "truncated: the header (" + h.describe() + ") needs " + data
                    + " bytes of data after its " + h.headerBytes() + " bytes, but the file has " + (fileSize - h.headerBytes()));
        }
        if (fileSize > expected) {
            throw new DataFormatException(file, (fileSize - expected) + " trailing bytes after the " + data
                    + " bytes of data the header describes (" + h.describe() + ")");
        }
    }
}
