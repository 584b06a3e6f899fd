package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npy round trips, NumPy's layout byte for byte, hand-made headers of every version, and hostile headers. */
class NpyTest {
    @TempDir
    Path dir;

    private int count;

    /** A .npy file: magic, version, little-endian header length, the header text as given, then data. */
    static byte[] npy(int major, String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer b = ByteBuffer.allocate(8 + lengthBytes + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyHeader.MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        return b.put(h).put(data).array();
    }

    static String dict(String descr, boolean fortran, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }\n";
    }

    static byte[] le(int bytesPerValue, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * bytesPerValue).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (bytesPerValue) {
                case 1 -> b.put((byte) v);
                case 2 -> b.putShort((short) v);
                case 4 -> b.putInt((int) v);
                default -> b.putLong(v);
            }
        }
        return b.array();
    }

    private Path file(byte[] content) throws IOException {
        return Files.write(dir.resolve("a" + count++ + ".npy"), content);
    }

    private void assertFails(byte[] content, String... parts) throws IOException {
        Path f = file(content);
        IdxReaderTest.assertMessage(assertThrows(IOException.class, () -> Npy.read(f)), f, parts);
    }

    @Test
    void roundTripsEveryDtypeAndRank() throws IOException {
        Tensor[] tensors = {
            Tensor.of(new float[] {1.5f, -2f, 3.25f, 0f, Float.MIN_VALUE, Float.MAX_VALUE}, 2, 3),
            Tensor.of(new double[] {Math.PI, -Math.E, 1e-300}, 3),
            Tensor.of(new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE, 7, 8, 9}, 2, 2, 2),
            Tensor.scalar(DType.FLOAT64, 42.5),
            Tensor.zeros(0, 3),
        };
        for (Tensor t : tensors) {
            Path f = dir.resolve("rt" + count++ + ".npy");
            Npy.write(f, t);
            Tensor back = Npy.read(f);
            assertEquals(t.dtype(), back.dtype());
            assertEquals(t.shape(), back.shape());
            assertEquals(Arrays.toString(t.toDoubleArray()), Arrays.toString(back.toDoubleArray()));
        }
    }

    @Test
    void refusesToWriteWhatNumpyCannotHold() {
        int[] dims = new int[65];
        Arrays.fill(dims, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npy.write(dir.resolve("deep.npy"), Tensor.zeros(dims)));
        assertEquals(true, e.getMessage().contains("at most 64 axes"), e.getMessage());
    }

    @Test
    void writesNumpysLayout() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, Tensor.of(new float[] {1, 2, 3}, 3));
        byte[] b = out.toByteArray();
        String header = new String(b, 10, 118, StandardCharsets.ISO_8859_1);
        assertEquals(128 + 12, b.length); // the data starts on a 64-byte boundary, as NumPy writes it
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", header.strip());
        assertEquals('\n', header.charAt(header.length() - 1));
        assertEquals(1, b[6]);
        assertEquals(118, b[8] & 0xFF | (b[9] & 0xFF) << 8);
    }

    @Test
    void readsVersionsTwoAndThreeBigEndianAndFortranOrder() throws IOException {
        Tensor v2 = Npy.read(file(npy(2, dict("<i8", false, "(2,)"), le(8, -5, 1L << 40 >> 20))));
        assertArrayEquals(new int[] {-5, 1 << 20}, v2.i32());
        Tensor v3 = Npy.read(file(npy(3, "{'descr':'>f4','fortran_order':False,'shape':(2, 1)}", new byte[] {0x3f, (byte) 0x80, 0, 0, 0x40, 0, 0, 0})));
        assertArrayEquals(new float[] {1, 2}, v3.f32());
        assertArrayEquals(new int[] {2, 1}, v3.shape().dims());
        // Fortran order: column-major storage of [[1, 2, 3], [4, 5, 6]]
        Tensor f = Npy.read(file(npy(1, dict("<i4", true, "(2, 3)"), le(4, 1, 4, 2, 5, 3, 6))));
        assertArrayEquals(new int[] {2, 3}, f.shape().dims());
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, f.i32());
    }

    @Test
    void smallIntegerHalfAndBoolTypes() throws IOException {
        assertArrayEquals(new int[] {0, 128, 255}, Npy.read(file(npy(1, dict("|u1", false, "(3,)"), le(1, 0, 128, 255)))).i32());
        assertArrayEquals(new int[] {-128, 127}, Npy.read(file(npy(1, dict("|i1", false, "(2,)"), le(1, -128, 127)))).i32());
        assertArrayEquals(new int[] {65535, 0}, Npy.read(file(npy(1, dict("<u2", false, "(2,)"), le(2, 65535, 0)))).i32());
        assertArrayEquals(new int[] {-32768, 5}, Npy.read(file(npy(1, dict(">i2", false, "(2,)"), new byte[] {(byte) 0x80, 0, 0, 5}))).i32());
        assertArrayEquals(new int[] {1, 0, 1}, Npy.read(file(npy(1, dict("|b1", false, "(3,)"), le(1, 1, 0, 1)))).i32());
        assertArrayEquals(new float[] {1.5f, -2f}, Npy.read(file(npy(1, dict("<f2", false, "(2,)"), le(2, 0x3E00, 0xC000)))).f32());
        // values beyond int32 are refused, never wrapped
        assertFails(npy(1, dict("<u4", false, "(1,)"), le(4, 4000000000L)), "value 4000000000 at flat index 0", "does not fit in int32");
        assertFails(npy(1, dict("<i8", false, "(2,)"), le(8, 1, 1L << 33)), "value 8589934592 at flat index 1");
        assertFails(npy(1, dict("<u8", false, "(1,)"), le(8, -1)), "value 18446744073709551615");
    }

    @Test
    void badMagicVersionAndLength() throws IOException {
        assertFails("hello world".getBytes(StandardCharsets.UTF_8), "not a .npy file", "\\x93NUMPY", "68 65 6c 6c 6f 20");
        assertFails(new byte[] {(byte) 0x93, (byte) 0x4E}, "not a .npy file", "only 2 bytes");
        assertFails(Arrays.copyOf(npy(1, dict("<f4", false, "(1,)"), le(4, 0)), 7), "truncated", "version");
        byte[] v4 = npy(1, dict("<f4", false, "(1,)"), le(4, 0));
        v4[6] = 4;
        assertFails(v4, "unsupported .npy version 4.0", "1.0, 2.0 and 3.0");
        byte[] past = npy(1, dict("<f4", false, "(1,)"), le(4, 0));
        past[8] = (byte) 0xFF;
        past[9] = (byte) 0x7F; // header length 32767, far past the end
        assertFails(past, "truncated", "header length says 32767 bytes");
        byte[] huge = npy(2, dict("<f4", false, "(1,)"), le(4, 0));
        huge[11] = 0x7F; // a 2 GB header
        assertFails(huge, "is over the 1048576-byte limit");
    }

    @Test
    void malformedDicts() throws IOException {
        assertFails(npy(1, "['descr', '<f4']\n", new byte[0]), "malformed header dict at character 0", "expected '{'");
        assertFails(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), \n", le(4, 0)), "expected a quoted string");
        assertFails(npy(1, "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,)}", le(4, 0)), "expected a string, a tuple, True or False");
        assertFails(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, x)}", le(4, 0)), "expected an integer in the shape");
        assertFails(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} junk", le(4, 0)), "text after the closing '}'");
        assertFails(npy(1, "{'descr': '<f4', 'shape': (1,)}", le(4, 0)), "has no 'fortran_order'");
        assertFails(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", le(4, 0)), "unknown key 'extra'");
        assertFails(npy(1, "{'descr': '<f4', 'descr': '<f4'}", le(4, 0)), "key 'descr' appears twice");
        assertFails(npy(1, "{'descr': 4, 'fortran_order': False, 'shape': (1,)}", le(4, 0)), "expected a string");
        assertFails(npy(1, "{'descr': (1,), 'fortran_order': False, 'shape': (1,)}", le(4, 0)), "descr should be a dtype string", "the tuple [1]");
        assertFails(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': 'big'}", le(4, 0)), "shape should be a tuple", "'big'");
        assertFails(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), ", le(4, 0)), "expected a quoted string", "the end");
    }

    @Test
    void badShapesAndSizes() throws IOException {
        assertFails(npy(1, dict("<f4", false, "(-1, 3)"), new byte[0]), "shape [-1, 3] has a negative size");
        assertFails(npy(1, dict("<f4", false, "(4294967296, 4294967296, 4294967296)"), new byte[0]), "overflows");
        assertFails(npy(1, dict("<f4", false, "(99999999999999999999,)"), new byte[0]), "overflows a 64-bit integer");
        assertFails(npy(1, dict("<f4", false, "(65536, 65536)"), new byte[0]), "4294967296 elements", "more than a tensor can hold");
        assertFails(npy(1, dict("<f4", false, "(0, 3000000000)"), new byte[0]), "has a size over 2147483647");
        assertFails(npy(1, dict("<f4", false, "(" + "1, ".repeat(65) + ")"), le(4, 0)), "shape has 65 axes", "at most 64");
        assertFails(npy(1, dict("<f4", false, "(2, 3)"), le(4, 1, 2, 3, 4, 5)), "truncated", "need 24 bytes of data", "has 20");
        assertFails(npy(1, dict("<f4", false, "(2,)"), le(4, 1, 2, 3)), "trailing bytes", "need 8 bytes", "has 12");
        // a huge claim against a small file: refused from the size, nothing allocated
        assertFails(npy(1, dict("<f8", false, "(46340, 46340)"), le(8, 1)), "truncated", "need 17179164800 bytes");
    }

    @Test
    void unsupportedDtypes() throws IOException {
        assertFails(npy(1, dict("<c16", false, "(1,)"), new byte[16]), "dtype '<c16' is not supported", "f2, f4");
        assertFails(npy(1, dict("|O", false, "(1,)"), new byte[8]), "dtype '|O' is not supported", "pickled");
        assertFails(npy(1, dict("<U3", false, "(1,)"), new byte[12]), "dtype '<U3' is not supported");
        assertFails(npy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}", new byte[4]), "structured dtype");
    }

    /** The files npy_check.py wrote with NumPy 1.24 (see that script), from the test class path. */
    static Path golden() {
        try {
            return Path.of(NpyTest.class.getResource("/golden/npy/f4_c.npy").toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsTheGoldenFilesNumpyWrote() throws IOException {
        Path golden = golden();
        Tensor f4 = Npy.read(golden.resolve("f4_c.npy"));
        assertEquals(DType.FLOAT32, f4.dtype());
        assertArrayEquals(new int[] {2, 3}, f4.shape().dims());
        assertArrayEquals(new float[] {-0.5f, -0.25f, 0f, 0.25f, 0.5f, 0.75f}, f4.f32());
        Tensor i8 = Npy.read(golden.resolve("i8_fortran.npy"));
        assertEquals(DType.INT32, i8.dtype());
        assertArrayEquals(new int[] {2, 3, 4}, i8.shape().dims());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(12 * i + 4 * j + k - 5, i8.get(i, j, k), 0.0);
                }
            }
        }
        Tensor be = Npy.read(golden.resolve("f8_be.npy"));
        assertEquals(DType.FLOAT64, be.dtype());
        assertArrayEquals(new double[] {1.5, -2.25, 1e300}, be.f64());
    }
}
