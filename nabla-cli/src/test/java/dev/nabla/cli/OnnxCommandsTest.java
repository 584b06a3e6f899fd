package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Npy;
import dev.nabla.io.ModelFile;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nabla export --onnx, nabla import and nabla import-weights, end to end through the command. */
class OnnxCommandsTest {
    @TempDir
    Path dir;

    private static double maxDiff(Tensor a, Tensor b) {
        double[] x = a.toDoubleArray(), y = b.toDoubleArray();
        assertEquals(x.length, y.length);
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }

    @Test
    void exportThenImportPredictsTheSame() throws Exception {
        Path model = CsvModel.train(dir);
        Path onnx = dir.resolve("model.onnx");
        Cli.Run export = Cli.nabla("export", model.toString(), "--onnx", onnx.toString());
        assertEquals(0, export.code(), export.err());
        assertTrue(export.out().contains("nabla.transforms"), export.out());
        Path back = dir.resolve("back.safetensors");
        Cli.Run imported = Cli.nabla("import", onnx.toString(), "-o", back.toString());
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("outputs [output]"), imported.out());
        Layer a = ModelFile.load(model), b = ModelFile.load(back);
        a.eval();
        b.eval();
        Tensor x = Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        assertEquals(0, maxDiff(a.forward(x), b.forward(x)), 1e-6);
        // the fitted transforms travel beside the graph, and come back into the model file
        assertEquals(ModelFile.readMetadata(model).get("nabla.transforms"), ModelFile.readMetadata(back).get("nabla.transforms"));
        Cli.Run again = Cli.nabla("import", onnx.toString(), "-o", back.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("exists; model files are never replaced"), again.err());
    }

    @Test
    void pyTorchStateDictLoadsIntoAModelFile() throws Exception {
        Path fixtures = Path.of("..", "nabla-onnx", "src", "test", "resources", "onnx");
        Sequential layout = Sequential.of(new Dense(8, Activation.relu()), new Dense(8, Activation.tanh()), new Dense(2));
        layout.build(1, 4);
        Path model = dir.resolve("layout.safetensors");
        ModelFile.save(model, layout);
        Path out = dir.resolve("loaded.safetensors");
        Cli.Run r = Cli.nabla("import-weights", fixtures.resolve("sequential_state.safetensors").toString(), "--model",
                model.toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("layers.1.weight") && r.out().contains("<- 2.weight"), r.out());
        Layer loaded = ModelFile.load(out);
        loaded.eval();
        Tensor y = loaded.forward(Npy.read(fixtures.resolve("sequential_state_input.npy")));
        assertTrue(maxDiff(Npy.read(fixtures.resolve("sequential_state_output.npy")), y) <= 1e-5);

        Path torch = dir.resolve("torch.safetensors");
        Cli.Run export = Cli.nabla("export", out.toString(), "--torch-weights", torch.toString());
        assertEquals(0, export.code(), export.err());
        assertTrue(Files.size(torch) > 0);
        assertEquals(java.util.Set.of("0.weight", "0.bias", "1.weight", "1.bias", "2.weight", "2.bias"),
                dev.nabla.io.SafeTensors.read(torch).tensors().keySet());
    }
}
