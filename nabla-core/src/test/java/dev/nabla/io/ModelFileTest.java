package dev.nabla.io;

import static dev.nabla.nn.Activation.relu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.Dense;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Save then load gives the same model, bit for bit; every damaged or foreign file fails clearly. */
class ModelFileTest {
    @TempDir
    Path dir;

    static Sequential smallModel(DType dtype) {
        return Sequential.of(new Dense(16, relu()), new Dropout(0.5), new Dense(3)).build(42, dtype, 8);
    }

    static void assertSameBits(Tensor a, Tensor b) {
        assertEquals(a.shape(), b.shape());
        assertEquals(a.dtype(), b.dtype());
        for (int i = 0; i < a.size(); i++) {
            double x = a.toDoubleArray()[i];
            double y = b.toDoubleArray()[i];
            if (a.dtype() == DType.FLOAT32) {
                assertEquals(Float.floatToRawIntBits((float) x), Float.floatToRawIntBits((float) y), "element " + i);
            } else {
                assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(y), "element " + i);
            }
        }
    }

    static void assertFails(Executable e, String... parts) {
        ModelFileException ex = assertThrows(ModelFileException.class, e);
        for (String p : parts) {
            assertTrue(ex.getMessage().contains(p), () -> "message '" + ex.getMessage() + "' should contain '" + p + "'");
        }
    }

    @Test
    void saveThenLoadGivesBitIdenticalOutputs() throws IOException {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Sequential model = smallModel(dtype);
            Path file = dir.resolve("model-" + dtype + ".safetensors");
            ModelFile.save(file, model);
            Layer loaded = ModelFile.load(file);

            Sequential seq = assertInstanceOf(Sequential.class, loaded);
            assertEquals(42, seq.seed());
            assertEquals(model.config(), loaded.config());
            assertEquals(model.inputShape(), loaded.inputShape());
            Tensor x = Tensor.normal(new Generator(1), dtype, 0, 1, 5, 8);
            model.eval();
            loaded.eval();
            assertSameBits(model.forward(x), loaded.forward(x));
            model.stateDict().forEach((name, t) -> assertSameBits(t, loaded.stateDict().get(name)));
        }
    }

    @Test
    void theSeedMakesDropoutMasksMatchInTraining() throws IOException {
        Sequential model = smallModel(DType.FLOAT32);
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, model);
        Layer loaded = ModelFile.load(file);
        assertTrue(loaded.isTraining(), "a loaded model is in training mode, like a freshly built one");
        Tensor x = Tensor.normal(new Generator(2), DType.FLOAT32, 0, 1, 4, 8);
        assertSameBits(model.forward(x), loaded.forward(x));
    }

    @Test
    void metadataHoldsTheArchitectureAndShapes() throws IOException {
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, smallModel(DType.FLOAT32));
        Map<String, String> meta = ModelFile.readMetadata(file);
        assertEquals("nabla", meta.get("format"));
        assertEquals("1", meta.get("format_version"));
        assertEquals("[8]", meta.get("input_shape"));
        assertEquals("float32", meta.get("dtype"));
        assertEquals("42", meta.get("seed"));
        assertTrue(meta.get("architecture").startsWith("{\"type\":\"Sequential\",\"layers\":[{\"type\":\"Dense\",\"units\":16"),
                meta.get("architecture"));
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"),
                SafeTensors.readHeader(file).tensors().stream().map(SafeTensors.TensorInfo::name).toList());
    }

    @Test
    void aTruncatedModelFileFails() throws IOException {
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, smallModel(DType.FLOAT32));
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
        assertFails(() -> ModelFile.load(cut), cut.toString(), "truncated", "layers.2.bias");
        Path headerCut = dir.resolve("header-cut.safetensors");
        Files.write(headerCut, Arrays.copyOf(bytes, 100));
        assertFails(() -> ModelFile.load(headerCut), "truncated: header says");
    }

    @Test
    void aFileThatIsNotSafetensorsFails() throws IOException {
        Path text = dir.resolve("model.json");
        Files.writeString(text, "{\"type\": \"Sequential\", \"layers\": []}");
        assertFails(() -> ModelFile.load(text), text.toString(), "is this a safetensors file?");
        Path empty = dir.resolve("empty.safetensors");
        Files.write(empty, new byte[0]);
        assertFails(() -> ModelFile.load(empty), "too short");
    }

    @Test
    void plainSafetensorsOrANewerFormatIsNotANablaModel() throws IOException {
        Path plain = dir.resolve("plain.safetensors");
        SafeTensors.write(plain, Map.of("w", Tensor.ones(2)), Map.of());
        assertFails(() -> ModelFile.load(plain), "not a Nabla model", "\"format\" is missing");
        assertFails(() -> ModelFile.readMetadata(plain), "not a Nabla model");
        Path newer = dir.resolve("newer.safetensors");
        SafeTensors.write(newer, Map.of(), Map.of("format", "nabla", "format_version", "2"));
        assertFails(() -> ModelFile.load(newer), "format_version is \"2\"", "reads \"1\"");
    }

    /** A file with a real model's metadata but the given tensors (or metadata entry changed). */
    private Path tampered(Map<String, Tensor> tensors, String key, String value) throws IOException {
        Path good = dir.resolve("good.safetensors");
        ModelFile.save(good, smallModel(DType.FLOAT32));
        Map<String, String> meta = new LinkedHashMap<>(ModelFile.readMetadata(good));
        if (key != null) {
            meta.put(key, value);
        }
        Path bad = dir.resolve("tampered.safetensors");
        SafeTensors.write(bad, tensors == null ? SafeTensors.read(good).tensors() : tensors, meta);
        return bad;
    }

    @Test
    void weightsThatDoNotFitTheArchitectureFail() throws IOException {
        Map<String, Tensor> w = new LinkedHashMap<>(smallModel(DType.FLOAT32).stateDict());
        w.put("layers.2.bias", Tensor.zeros(4));
        Path wrongShape = tampered(w, null, null);
        assertFails(() -> ModelFile.load(wrongShape), "do not match", "'layers.2.bias' has shape [4] in the state but [3] in the model");
        w.remove("layers.2.bias");
        w.put("extra", Tensor.zeros(1));
        Path missing = tampered(w, null, null);
        assertFails(() -> ModelFile.load(missing), "missing keys [layers.2.bias]", "unexpected keys [extra]");
        w.remove("extra");
        w.put("layers.2.bias", Tensor.zeros(DType.FLOAT64, 3));
        Path wrongDType = tampered(w, null, null);
        assertFails(() -> ModelFile.load(wrongDType), "'layers.2.bias' is float64 but the model is float32");
    }

    @Test
    void badArchitectureMetadataFails() throws IOException {
        Path unknown = tampered(null, "architecture", "{\"type\":\"Conv3D\",\"filters\":3}");
        assertFails(() -> ModelFile.load(unknown), "unknown layer type 'Conv3D'", "Dense", "Dropout", "Sequential");
        Path fraction = tampered(null, "architecture",
                "{\"type\":\"Sequential\",\"layers\":[{\"type\":\"Dense\",\"units\":16.5},{\"type\":\"Dense\",\"units\":3}]}");
        assertFails(() -> ModelFile.load(fraction), "architecture.layers[0].units: must be an integer, got 16.5");
        Path notJson = tampered(null, "architecture", "{oops");
        assertFails(() -> ModelFile.load(notJson), "architecture is not valid JSON");
        Path badShape = tampered(null, "input_shape", "[8, -1]");
        assertFails(() -> ModelFile.load(badShape), "input_shape should hold sizes >= 0");
        Path wrongShape = tampered(null, "input_shape", "[9]");
        assertFails(() -> ModelFile.load(wrongShape), "'layers.0.weight' has shape [16, 8] in the state but [16, 9]");
        Path badDType = tampered(null, "dtype", "int32");
        assertFails(() -> ModelFile.load(badDType), "dtype should be \"float32\" or \"float64\", got \"int32\"");
        Path badSeed = tampered(null, "seed", "forty-two");
        assertFails(() -> ModelFile.load(badSeed), "seed should be a whole number");
    }

    @Test
    void anUnbuiltModelCannotBeSaved() {
        Sequential model = Sequential.of(new Dense(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.save(dir.resolve("x.safetensors"), model));
        assertTrue(e.getMessage().contains("not built"), e.getMessage());
    }
}
