package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files written here byte by byte: values, gzip by content, and every malformed case named. */
class IdxReaderTest {
    @TempDir
    Path dir;

    /** The IDX bytes: magic {@code 0 0 type rank}, big-endian dims, then {@code data} as given. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length); // big-endian by default
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    static byte[] ubytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    static void assertMessage(IOException e, Path file, String... parts) {
        assertTrue(e instanceof DataFormatException, () -> "expected a DataFormatException, got " + e);
        assertEquals(file, ((DataFormatException) e).file());
        String m = e.getMessage();
        assertTrue(m.startsWith(file.toString()), () -> "message should name the file: " + m);
        for (String p : parts) {
            assertTrue(m.contains(p), () -> "message '" + m + "' should contain '" + p + "'");
        }
    }

    private void assertFails(Path f, String... parts) {
        assertMessage(assertThrows(IOException.class, () -> IdxReader.read(f)), f, parts);
    }

    @Test
    void ubyteImagesBecomeFloat32WithRawValues() throws IOException {
        Path f = file("img", idx(0x08, new int[] {2, 2, 3}, ubytes(0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255)));
        Tensor t = IdxReader.read(f);
        assertEquals(DType.FLOAT32, t.dtype());
        assertArrayEquals(new int[] {2, 2, 3}, t.shape().dims());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255}, t.f32());
    }

    @Test
    void gzipIsDetectedByContentNotName() throws IOException {
        byte[] raw = idx(0x08, new int[] {2, 2}, ubytes(9, 8, 7, 255));
        Tensor plain = IdxReader.read(file("plain.gz", raw)); // misleading name, plain content
        Tensor zipped = IdxReader.read(file("zipped-without-suffix", gzip(raw)));
        assertArrayEquals(new float[] {9, 8, 7, 255}, plain.f32());
        assertArrayEquals(plain.f32(), zipped.f32());
        assertArrayEquals(plain.shape().dims(), zipped.shape().dims());
    }

    @Test
    void everyTypeCodeReadsItsValues() throws IOException {
        ByteBuffer s = ByteBuffer.allocate(8).putShort((short) -300).putShort((short) 7).putShort((short) 32767).putShort((short) 0);
        ByteBuffer i = ByteBuffer.allocate(8).putInt(-70000).putInt(16777216);
        ByteBuffer f = ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-0.25f);
        ByteBuffer d = ByteBuffer.allocate(16).putDouble(Math.PI).putDouble(-1e300);
        assertArrayEquals(new float[] {-128, -1, 0, 127}, IdxReader.read(file("b", idx(0x09, new int[] {2, 2}, ubytes(-128, -1, 0, 127)))).f32());
        assertArrayEquals(new float[] {-300, 7, 32767, 0}, IdxReader.read(file("s", idx(0x0B, new int[] {2, 2}, s.array()))).f32());
        assertArrayEquals(new float[] {-70000, 16777216}, IdxReader.read(file("i", idx(0x0C, new int[] {1, 2}, i.array()))).f32());
        assertArrayEquals(new float[] {1.5f, -0.25f}, IdxReader.read(file("f", idx(0x0D, new int[] {2}, f.array()))).f32());
        Tensor dt = IdxReader.read(file("d", idx(0x0E, new int[] {2, 1}, d.array())));
        assertEquals(DType.FLOAT64, dt.dtype());
        assertArrayEquals(new double[] {Math.PI, -1e300}, dt.f64());
    }

    @Test
    void rankOneIntegerDataIsInt32() throws IOException {
        Tensor t = IdxReader.read(file("lab", idx(0x08, new int[] {4}, ubytes(3, 0, 9, 255))));
        assertEquals(DType.INT32, t.dtype());
        assertArrayEquals(new int[] {3, 0, 9, 255}, t.i32());
        Tensor l = IdxReader.readLabels(file("lab.gz", gzip(idx(0x08, new int[] {3}, ubytes(1, 2, 3)))));
        assertArrayEquals(new int[] {1, 2, 3}, l.i32());
    }

    @Test
    void datasetPairsImagesWithLabels() throws IOException {
        Path img = file("img.gz", gzip(idx(0x08, new int[] {3, 2, 2}, ubytes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11))));
        Path lab = file("lab", idx(0x08, new int[] {3}, ubytes(2, 0, 1)));
        Dataset d = IdxReader.readDataset(img, lab);
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {3, 2, 2}, d.features().shape().dims());
        assertArrayEquals(new int[] {2, 0, 1}, d.targets().i32());
        assertEquals(3, d.numClasses());
    }

    @Test
    void countMismatchNamesBothFiles() throws IOException {
        Path img = file("img", idx(0x08, new int[] {3, 1, 1}, ubytes(0, 1, 2)));
        Path lab = file("lab", idx(0x08, new int[] {2}, ubytes(0, 1)));
        IOException e = assertThrows(IOException.class, () -> IdxReader.readDataset(img, lab));
        assertMessage(e, img, "holds 3 images", lab.toString(), "holds 2 labels", "must agree");
    }

    @Test
    void swappedImagesAndLabelsAreNamed() throws IOException {
        Path img = file("img", idx(0x08, new int[] {2, 1, 1}, ubytes(0, 1)));
        Path lab = file("lab", idx(0x08, new int[] {2}, ubytes(0, 1)));
        IOException e = assertThrows(IOException.class, () -> IdxReader.readDataset(lab, img));
        assertMessage(e, img, "expected labels", "ubyte [2, 1, 1]", "swapped");
        IOException e2 = assertThrows(IOException.class, () -> IdxReader.readLabels(file("f", idx(0x0D, new int[] {1}, new byte[4]))));
        assertTrue(e2.getMessage().contains("expected labels"), e2::getMessage);
    }

    @Test
    void negativeLabelsAreRefused() throws IOException {
        Path f = file("lab", idx(0x09, new int[] {3}, ubytes(1, -2, 0)));
        assertMessage(assertThrows(IOException.class, () -> IdxReader.readLabels(f)), f, "label -2 at index 1", ">= 0");
    }

    @Test
    void wrongMagicAndUnknownType() throws IOException {
        assertFails(file("m", new byte[] {1, 0, 8, 1, 0, 0, 0, 1, 5}), "not an IDX file", "0x01 0x00");
        assertFails(file("t", idx(0x0A, new int[] {1}, ubytes(5))), "unknown element type code 0x0a", "0x08 ubyte");
        assertFails(file("e", new byte[0]), "too short", "0 bytes");
        assertFails(file("s", new byte[] {0, 0}), "too short", "2 bytes");
    }

    @Test
    void rankZeroOrOverEight() throws IOException {
        assertFails(file("r0", new byte[] {0, 0, 8, 0}), "0 dimensions", "expected 1 to 8");
        assertFails(file("r9", idx(0x08, new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, ubytes(7))), "9 dimensions", "expected 1 to 8");
        assertFails(file("hdr", Arrays.copyOf(idx(0x08, new int[] {2, 2, 2}, new byte[0]), 10)), "truncated header", "ends after 6");
    }

    @Test
    void negativeZeroAndOverflowingDims() throws IOException {
        assertFails(file("neg", idx(0x08, new int[] {2, 0x80000000}, new byte[0])), "dimension 1 is -2147483648", "2147483648");
        assertFails(file("zero", idx(0x08, new int[] {0, 28, 28}, new byte[0])), "dimension 0 is 0", "between 1 and");
        assertFails(file("big", idx(0x08, new int[] {65536, 65536, 65536}, new byte[0])), "281474976710656 elements",
                "more than a tensor can hold");
        int m = Integer.MAX_VALUE;
        assertFails(file("ovf", idx(0x08, new int[] {m, m, m, m, m}, new byte[0])), "overflows");
    }

    @Test
    void truncatedAndTrailingPlainFiles() throws IOException {
        assertFails(file("short", idx(0x08, new int[] {2, 3}, ubytes(1, 2, 3, 4, 5))), "truncated", "needs 6 bytes", "has 5");
        assertFails(file("long", idx(0x08, new int[] {2, 3}, ubytes(1, 2, 3, 4, 5, 6, 7))), "1 trailing bytes", "ubyte [2, 3]");
        // a huge claim is refused from the file size, before any allocation
        assertFails(file("claim", idx(0x0E, new int[] {46340, 46340}, ubytes(1))), "truncated", "needs 17179164800 bytes");
    }

    @Test
    void truncatedAndTrailingGzipStreams() throws IOException {
        assertFails(file("short.gz", gzip(idx(0x08, new int[] {2, 3}, ubytes(1, 2, 3, 4, 5)))), "truncated",
                "promises 6 bytes", "ends after 5");
        assertFails(file("long.gz", gzip(idx(0x08, new int[] {2, 3}, ubytes(1, 2, 3, 4, 5, 6, 7)))), "trailing bytes");
        // two billion claimed doubles in a few dozen bytes: refused as truncated, nothing allocated up front
        assertFails(file("bomb.gz", gzip(idx(0x0E, new int[] {46340, 46340}, ubytes(1, 2, 3)))), "truncated",
                "promises 17179164800 bytes", "ends after 3");
        byte[] cut = gzip(idx(0x08, new int[] {64, 64}, new byte[4096]));
        assertFails(file("cut.gz", Arrays.copyOf(cut, cut.length - 12)), "truncated");
        byte[] corrupt = gzip(idx(0x08, new int[] {4}, ubytes(1, 2, 3, 4)));
        corrupt[corrupt.length - 5] ^= 0x55; // damage the CRC
        assertFails(file("corrupt.gz", corrupt), "corrupt gzip");
    }
}
