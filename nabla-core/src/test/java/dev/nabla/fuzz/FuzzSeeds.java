package dev.nabla.fuzz;

import dev.nabla.data.Npy;
import dev.nabla.data.Npz;
import dev.nabla.io.ModelFile;
import dev.nabla.io.SafeTensors;
import dev.nabla.nn.Activation;
import dev.nabla.nn.ActivationLayer;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Graph;
import dev.nabla.nn.Merge;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the seed corpora: small valid files of each format, mostly through the library's own writers,
 * so the fuzzers start from inputs that get past the magic numbers. The outputs are committed under
 * {@code src/test/resources/dev/nabla/fuzz/ReaderFuzzTestInputs/<harness>/seed-*}; run this again only to
 * change the seeds (crash inputs found by fuzzing sit beside them and are kept):
 *
 * <pre>
 * ./mvnw -q -pl nabla-core test-compile
 * java -cp nabla-core/target/classes:nabla-core/target/test-classes:$(gson jar) dev.nabla.fuzz.FuzzSeeds \
 *     nabla-core/src/test/resources/dev/nabla/fuzz/ReaderFuzzTestInputs
 * </pre>
 */
public final class FuzzSeeds {
    private FuzzSeeds() {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "nabla-core/src/test/resources/dev/nabla/fuzz/ReaderFuzzTestInputs");
        safetensors(Files.createDirectories(root.resolve("safetensors")));
        idx(Files.createDirectories(root.resolve("idx")));
        csv(Files.createDirectories(root.resolve("csv")));
        npy(Files.createDirectories(root.resolve("npy")));
        npz(Files.createDirectories(root.resolve("npz")));
        spec(Files.createDirectories(root.resolve("spec")));
        json(Files.createDirectories(root.resolve("json")));
    }

    private static void safetensors(Path dir) throws IOException {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        weights.put("a", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        weights.put("b", Tensor.of(new double[] {-0.5, 1e300}, 2));
        weights.put("c", Tensor.of(new int[] {7}));
        weights.put("d", Tensor.zeros(DType.FLOAT32, 0));
        SafeTensors.write(dir.resolve("seed-weights"), weights, Map.of("note", "seed"));
        SafeTensors.write(dir.resolve("seed-empty"), Map.of(), Map.of());
        ModelFile.save(dir.resolve("seed-sequential"),
                Sequential.of(new Dense(3, Activation.relu()), new Dropout(0.5), new Dense(2)).build(7, 4));
        ModelFile.save(dir.resolve("seed-sequential-f64"),
                Sequential.of(new Flatten(), new Dense(2), new ActivationLayer(Activation.softmax())).build(1, DType.FLOAT64, 2, 2));
        ModelFile.save(dir.resolve("seed-graph"), Graph.builder()
                .input("a", 2).input("b", 2)
                .node("ha", new Dense(2, Activation.tanh()), "a")
                .node("hb", new Dense(2), "b")
                .node("sum", Merge.add(), "ha", "hb")
                .node("out", new Dense(1), "sum")
                .output("out")
                .build(3));
    }

    private static void idx(Path dir) throws IOException {
        Files.write(dir.resolve("seed-images-ubyte"), idx(0x08, new int[] {2, 3, 3}, bytes(18)));
        Files.write(dir.resolve("seed-labels-ubyte"), idx(0x08, new int[] {2}, new byte[] {0, 1}));
        Files.write(dir.resolve("seed-int"), idx(0x0C, new int[] {3}, bytes(12)));
        Files.write(dir.resolve("seed-short"), idx(0x0B, new int[] {2, 2}, bytes(8)));
        Files.write(dir.resolve("seed-float"), idx(0x0D, new int[] {2, 2}, floats(1.5f, -2f, 0f, 3e9f)));
        Files.write(dir.resolve("seed-double"), idx(0x0E, new int[] {2, 1}, ByteBuffer.allocate(16).putDouble(1).putDouble(-1).array()));
        Files.write(dir.resolve("seed-images-gzip"), gzip(idx(0x08, new int[] {2, 2, 2}, bytes(8))));
    }

    private static void csv(Path dir) throws IOException {
        text(dir, "seed-classes", "x1,x2,label\n1,2,a\n3,4.5,b\n-1e3,.5,a\n");
        text(dir, "seed-numbers", "x1,x2,y\n1,2,0.5\n3,4,1.25\n5,6,2\n");
        text(dir, "seed-semicolon-no-header", "1;2;0.5\r\n3;4;7\r\n");
        text(dir, "seed-quoted", "\uFEFF\"a\",\"b, c\",label\n\"1\",\" 2 \",\"x\"\"y\"\n\n3,4,\"multi\nline\"\n");
        text(dir, "seed-tabs", "f\tg\tlabel\n1\t2\t0\n3\t4\t1\n");
    }

    private static void npy(Path dir) throws IOException {
        Npy.write(dir.resolve("seed-f4"), Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        Npy.write(dir.resolve("seed-f8-scalar"), Tensor.of(new double[] {3.5}));
        Npy.write(dir.resolve("seed-i4"), Tensor.of(new int[] {1, -2, 3, 4}, 4));
        Files.write(dir.resolve("seed-big-endian-fortran"),
                npy(1, "{'descr': '>f4', 'fortran_order': True, 'shape': (2, 2), }", floats(1, 2, 3, 4)));
        Files.write(dir.resolve("seed-v2-u1"), npy(2, "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", bytes(3)));
        Files.write(dir.resolve("seed-v3-bool"), npy(3, "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", new byte[] {0, 1}));
        Files.write(dir.resolve("seed-f2"), npy(1, "{'descr': '<f2', 'fortran_order': False, 'shape': (1, 2), }", new byte[] {0, 0x3c, 0, (byte) 0xc0}));
        Files.write(dir.resolve("seed-i8"), npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }",
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-5).array()));
    }

    private static void npz(Path dir) throws IOException {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("x", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        arrays.put("y", Tensor.of(new int[] {0, 1}, 2));
        Npz.write(dir.resolve("seed-deflated"), arrays);
        // np.savez (not _compressed) stores its entries: the zip's STORED method, sizes and CRC up front
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            byte[] entry = npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
                    ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(1).putDouble(2).array());
            ZipEntry e = new ZipEntry("z.npy");
            e.setMethod(ZipEntry.STORED);
            e.setSize(entry.length);
            CRC32 crc = new CRC32();
            crc.update(entry);
            e.setCrc(crc.getValue());
            zip.putNextEntry(e);
            zip.write(entry);
            zip.closeEntry();
        }
        Files.write(dir.resolve("seed-stored"), out.toByteArray());
    }

    private static void spec(Path dir) throws IOException {
        for (String name : new String[] {"xor", "digits", "regression", "spirals", "fashion-mnist"}) {
            Path example = Path.of("examples", name + ".json");
            if (!Files.exists(example)) {
                example = Path.of("..", "examples", name + ".json");
            }
            Files.copy(example, dir.resolve("seed-example-" + name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        text(dir, "seed-graph", """
                {"data": {"source": "synthetic", "name": "blobs", "samples": 20, "centers": 2},
                 "model": {"type": "Graph", "inputs": {"x": [2]},
                           "nodes": [{"name": "h", "inputs": ["x"], "layer": {"type": "Dense", "units": 4, "activation": "relu"}},
                                     {"name": "out", "inputs": ["h"], "layer": {"type": "Dense", "units": 2}}],
                           "outputs": ["out"]},
                 "loss": {"name": "cross_entropy"}, "optimizer": {"name": "sgd", "lr": 0.1, "momentum": 0.9},
                 "schedule": {"name": "cosine"},
                 "callbacks": [{"name": "early_stopping", "monitor": "loss", "patience": 2}],
                 "training": {"epochs": 2, "batch_size": 8}, "metrics": ["accuracy"]}
                """);
        text(dir, "seed-csv", """
                {"name": "iris", "seed": 3,
                 "data": {"source": "csv", "path": "iris.csv", "label": "species", "test_split": 0.2,
                          "transforms": [{"kind": "standardize"}]},
                 "model": {"type": "Sequential", "layers": [{"type": "Dense", "units": 3}]},
                 "loss": {"name": "cross_entropy"}, "optimizer": {"name": "adam", "lr": 0.01},
                 "training": {"epochs": 1, "batch_size": 4}}
                """);
    }

    private static void json(Path dir) throws IOException {
        text(dir, "seed-object", "{\"a\": [1, -2.5e-3, true, false, null], \"b\": {\"c\": \"d\\u00e9\\n\"}}");
        text(dir, "seed-header", "{\"__metadata__\":{\"format\":\"nabla\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}");
        text(dir, "seed-numbers", "[0, -0.0, 9223372036854775807, 9223372036854775808, 1e308, 5e-324]");
        text(dir, "seed-nested", "[[[[[[{\"x\": [[]]}]]]]]]");
    }

    // ---------------------------------------------------------------- bytes

    private static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    /** A .npy file of the given version with the dict padded so the data starts on a 64-byte boundary. */
    private static byte[] npy(int major, String dict, byte[] data) {
        int lengthBytes = major == 1 ? 2 : 4;
        int prefix = 8 + lengthBytes;
        int padded = (prefix + dict.length() + 1 + 63) / 64 * 64 - prefix;
        String header = dict + " ".repeat(padded - dict.length() - 1) + "\n";
        ByteBuffer b = ByteBuffer.allocate(prefix + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) padded);
        } else {
            b.putInt(padded);
        }
        return b.put(header.getBytes(StandardCharsets.UTF_8)).put(data).array();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 37);
        }
        return b;
    }

    /** Big-endian floats (IDX's order; .npy seeds say '>f4' where they use it). */
    private static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private static void text(Path dir, String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
