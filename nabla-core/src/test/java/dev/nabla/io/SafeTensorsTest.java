package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips for every dtype and edge shape, and the exact bytes of a tiny file against the spec. */
class SafeTensorsTest {
    @TempDir
    Path dir;

    private static void assertSameBits(Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype());
        assertEquals(expected.shape(), actual.shape());
        switch (expected.dtype()) {
            case FLOAT32 -> {
                for (int i = 0; i < expected.size(); i++) {
                    assertEquals(Float.floatToRawIntBits(expected.f32()[i]), Float.floatToRawIntBits(actual.f32()[i]), "element " + i);
                }
            }
            case FLOAT64 -> {
                for (int i = 0; i < expected.size(); i++) {
                    assertEquals(Double.doubleToRawLongBits(expected.f64()[i]), Double.doubleToRawLongBits(actual.f64()[i]), "element " + i);
                }
            }
            case INT32 -> assertArrayEquals(expected.i32(), actual.i32());
        }
    }

    @Test
    void roundTripsEveryDTypeAndEdgeShape() throws IOException {
        Generator g = new Generator(7);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("layers.0.weight", Tensor.normal(g, DType.FLOAT32, 0, 1, 3, 4));
        tensors.put("layers.0.bias", Tensor.of(new float[] {-0.0f, Float.MIN_VALUE, Float.NaN, Float.POSITIVE_INFINITY}, 4));
        tensors.put("f64", Tensor.normal(g, DType.FLOAT64, 0, 1, 2, 3, 2));
        tensors.put("i32", Tensor.of(new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE}, 5));
        tensors.put("scalar", Tensor.scalar(DType.FLOAT64, Math.PI));
        tensors.put("empty", Tensor.zeros(DType.FLOAT32, 0, 3));
        tensors.put("emptyInt", Tensor.zeros(DType.INT32, 0));
        tensors.put("ünïcode name", Tensor.scalar(DType.INT32, 42));
        Map<String, String> meta = Map.of("note", "héllo \"quoted\"\n");
        Path file = dir.resolve("t.safetensors");
        SafeTensors.write(file, tensors, meta);

        SafeTensors.Contents back = SafeTensors.read(file);
        assertEquals(meta, back.metadata());
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(back.tensors().keySet()), "header order is kept");
        tensors.forEach((name, t) -> assertSameBits(t, back.tensors().get(name)));
    }

    @Test
    void largeTensorsCrossTheChunkBoundary() throws IOException {
        // 1 MiB chunks: 300k doubles span three of them, with a partial last one
        Tensor big = Tensor.normal(new Generator(3), DType.FLOAT64, 0, 1, 300_001);
        Tensor after = Tensor.arange(DType.FLOAT32, 0, 5, 1);
        Path file = dir.resolve("big.safetensors");
        Map<String, Tensor> two = new LinkedHashMap<>();
        two.put("big", big);
        two.put("after", after);
        SafeTensors.write(file, two, Map.of());
        Map<String, Tensor> back = SafeTensors.read(file).tensors();
        assertSameBits(big, back.get("big"));
        assertSameBits(after, back.get("after"));
    }

    @Test
    void emptyFileHasAnEmptyObjectHeader() throws IOException {
        Path file = dir.resolve("none.safetensors");
        SafeTensors.write(file, Map.of(), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(16, bytes.length);
        assertEquals("{}      ", new String(bytes, 8, 8, StandardCharsets.UTF_8));
        SafeTensors.Contents back = SafeTensors.read(file);
        assertEquals(Map.of(), back.metadata());
        assertEquals(Map.of(), back.tensors());
    }

    @Test
    void headerLayoutMatchesTheSpecByteForByte() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a", Tensor.of(new float[] {1.0f, -2.0f}, 2));
        tensors.put("b", Tensor.of(new int[] {7}, 1, 1));
        Path file = dir.resolve("tiny.safetensors");
        SafeTensors.write(file, tensors, Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(file);

        String json = "{\"__metadata__\":{\"k\":\"v\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"I32\",\"shape\":[1,1],\"data_offsets\":[8,12]}}";
        int padded = (json.length() + 7) / 8 * 8;
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(padded, buf.getLong(0), "u64 little-endian header length, padded to a multiple of 8");
        assertEquals(0, padded % 8);
        String header = new String(bytes, 8, padded, StandardCharsets.UTF_8);
        assertEquals(json + " ".repeat(padded - json.length()), header, "JSON then space padding");
        assertEquals(8 + padded + 12, bytes.length, "data follows the header directly");
        int data = 8 + padded;
        assertEquals(1.0f, buf.getFloat(data));
        assertEquals(-2.0f, buf.getFloat(data + 4));
        assertEquals(7, buf.getInt(data + 8));
    }

    @Test
    void channelWriterGivesTheSameBytesAsTheFileWriter() throws IOException {
        Map<String, Tensor> tensors = Map.of("x", Tensor.of(new double[] {1, 2, 3}, 3));
        Path file = dir.resolve("x.safetensors");
        SafeTensors.write(file, tensors, Map.of("m", "1"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(Channels.newChannel(out), tensors, Map.of("m", "1"));
        assertArrayEquals(Files.readAllBytes(file), out.toByteArray());
    }

    @Test
    void readHeaderReportsEntriesWithoutReadingData() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.zeros(DType.FLOAT64, 2, 3));
        tensors.put("s", Tensor.scalar(1));
        Path file = dir.resolve("h.safetensors");
        SafeTensors.write(file, tensors, Map.of());
        SafeTensors.Header h = SafeTensors.readHeader(file);
        assertEquals(List.of(
                new SafeTensors.TensorInfo("w", DType.FLOAT64, Shape.of(2, 3), 0, 48),
                new SafeTensors.TensorInfo("s", DType.FLOAT32, Shape.SCALAR, 48, 52)), h.tensors());
        assertEquals(Files.size(file) - 52, h.dataStart());
    }

    @Test
    void writingRefusesTheReservedName() {
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(dir.resolve("r.safetensors"),
                Map.of("__metadata__", Tensor.scalar(1)), Map.of()));
    }
}
