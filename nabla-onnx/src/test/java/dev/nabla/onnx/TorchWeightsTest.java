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

    /** BatchNorm's buffers come along, num_batches_tracked (int64 in PyTorch's file) included. */
    @Test
    void batchNormStateDictWithInt64Counter() throws Exception {
        Map<String, Tensor> torch = SafeTensors.read(PyTorchOnnxTest.fixture("sequential_bn_state.safetensors")).tensors();
        Sequential withRelu = Sequential.of(new Dense(8), new dev.nabla.nn.BatchNorm1d(), new ActivationLayer(Activation.relu()),
                new Dense(2));
        withRelu.build(3, 4);
        Map<String, String> mapping = TorchWeights.load(withRelu, torch);
        assertEquals("1.num_batches_tracked", mapping.get("layers.1.num_batches_tracked"));
        assertEquals(3, withRelu.stateDict().get("layers.1.num_batches_tracked").item());
        withRelu.eval();
        Tensor x = Npy.read(PyTorchOnnxTest.fixture("sequential_state_input.npy"));
        double diff = Models.maxDiff(Npy.read(PyTorchOnnxTest.fixture("sequential_bn_state_output.npy")), withRelu.forward(x));
        assertTrue(diff <= 1e-5, "differs from PyTorch by " + diff);
    }

    @Test
    void naturalOrderOfIndexes() {
        assertEquals(List.of("0.w", "2.w", "10.w"), List.of("10.w", "0.w", "2.w").stream().sorted(TorchWeights::natural).toList());
    }
}
