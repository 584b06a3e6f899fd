package dev.nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Npy;
import dev.nabla.io.SafeTensors;
import dev.nabla.nn.Activation;
import dev.nabla.nn.ActivationLayer;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A PyTorch nn.Sequential's state dict, written as safetensors by make_fixtures.py, loads into Nabla and predicts the same. */
class TorchWeightsTest {
    private static Map<String, Tensor> torchState() throws Exception {
        return SafeTensors.read(PyTorchOnnxTest.fixture("sequential_state.safetensors")).tensors();
    }

    private static void predictsAsPyTorch(Sequential model) throws Exception {
        model.eval();
        Tensor x = Npy.read(PyTorchOnnxTest.fixture("sequential_state_input.npy"));
        Tensor y = Npy.read(PyTorchOnnxTest.fixture("sequential_state_output.npy"));
        double diff = Models.maxDiff(y, model.forward(x));
        assertTrue(diff <= 1e-5, "differs from PyTorch by " + diff);
    }

    @Test
    void sameLayoutLoadsByName() throws Exception {
        Sequential model = Sequential.of(new Dense(8), new ActivationLayer(Activation.relu()), new Dense(8),
                new ActivationLayer(Activation.tanh()), new Dense(2));
        model.build(3, 4);
        Map<String, String> mapping = TorchWeights.load(model, torchState());
        assertEquals("2.weight", mapping.get("layers.2.weight"));
        predictsAsPyTorch(model);
        assertEquals(torchState().keySet(), TorchWeights.toTorch(model).keySet());
    }

    @Test
    void fusedActivationsLoadByOrder() throws Exception {
        Sequential model = Sequential.of(new Dense(8, Activation.relu()), new Dense(8, Activation.tanh()), new Dense(2));
        model.build(3, 4);
        Map<String, String> mapping = TorchWeights.load(model, torchState());
        assertEquals("4.bias", mapping.get("layers.2.bias"));
        assertEquals("2.weight", mapping.get("layers.1.weight"));
        predictsAsPyTorch(model);
    }

    @Test
    void shapeMismatchLeavesTheModelUntouched() throws Exception {
        Sequential model = Sequential.of(new Dense(8, Activation.relu()), new Dense(5, Activation.tanh()), new Dense(2));
        model.build(3, 4);
        Map<String, Tensor> before = model.stateDict();
        String msg = assertThrows(IllegalArgumentException.class, () -> TorchWeights.load(model, torchState())).getMessage();
        assertTrue(msg.contains("'2.weight' has shape [8, 8], the model's 'layers.1.weight' [5, 8]"), msg);
        assertEquals(0, Models.maxDiff(before.get("layers.0.weight"), model.stateDict().get("layers.0.weight")));
    }

    @Test
    void naturalOrderOfIndexes() {
        assertEquals(List.of("0.w", "2.w", "10.w"), List.of("10.w", "0.w", "2.w").stream().sorted(TorchWeights::natural).toList());
    }
}
