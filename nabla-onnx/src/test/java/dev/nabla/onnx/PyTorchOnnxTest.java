package dev.nabla.onnx;

import static dev.nabla.onnx.Models.maxDiff;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Npy;
import dev.nabla.loss.MSE;
import dev.nabla.nn.Graph;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ONNX files written by PyTorch's exporter (src/test/resources/onnx/make_fixtures.py, torch 1.13, opset 17):
 * each imports, predicts within 1e-5 of PyTorch's own outputs, and fine-tunes (the loss falls).
 */
class PyTorchOnnxTest {
    static Path fixture(String name) {
        return Path.of("src/test/resources/onnx", name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "mlp_activations", "mlp_bn", "cnn", "cnn_global", "conv1d", "skip"})
    void importsPredictsAndFineTunes(String name) throws Exception {
        Graph model = OnnxImport.read(fixture(name + ".onnx"));
        Tensor x = Npy.read(fixture(name + "_input.npy"));
        Tensor expected = Npy.read(fixture(name + "_output.npy"));
        model.eval();
        double diff = maxDiff(expected, model.forward(x));
        assertTrue(diff <= 1e-5, name + ": Nabla differs from PyTorch by " + diff);

        // fine-tune towards another target: the imported parameters take gradients and the loss falls
        model.train();
        Tensor target = expected.add(Models.randn(5, expected.shape().dims()).mul(0.3)).detach();
        Optimizer opt = new Adam(model.parameters(), 0.01);
        double first = Double.NaN, last = Double.NaN;
        for (int step = 0; step < 30; step++) {
            opt.zeroGrad();
            Tensor loss = MSE.of().compute(model.forward(x), target);
            loss.backward();
            opt.step();
            last = loss.item();
            first = step == 0 ? last : first;
        }
        assertTrue(last < 0.9 * first, name + ": fine-tuning loss went from " + first + " to " + last);
    }
}
