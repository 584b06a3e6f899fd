package dev.nabla.offheap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Bundled;
import dev.nabla.data.Dataset;
import dev.nabla.io.ModelFile;
import dev.nabla.loss.CrossEntropy;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Device;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.CheckpointOptions;
import dev.nabla.train.FitOptions;
import dev.nabla.train.History;
import dev.nabla.train.Metric;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof that a second backend needs no change to layers, losses, optimizers or the trainer: an MLP
 * trained by {@code Trainer.fit} on the bundled digits with model and data on the off-heap device ends
 * with the weights of the same run on the CPU, to the bit, and the same logged history.
 */
class OffHeapTrainingTest {

    private record Run(Map<String, Tensor> weights, History history) {}

    private static Run fit(Device device) {
        return fit(device, FitOptions.defaults());
    }

    private static Run fit(Device device, FitOptions base) {
        Dataset digits = Bundled.digits();
        Tensor x = digits.features().div(16).to(device), y = digits.targets().to(device);
        Sequential model = Sequential.of(new Dense(32, Activation.relu()), new Dense(16, Activation.tanh()), new Dense(10))
                .build(7, 64);
        List<Parameter> before = model.parameters();
        model.to(device);
        assertEquals(before, model.parameters(), "Module.to keeps the Parameter objects");
        Adam adam = new Adam(model.parameters(), 1e-2);
        History h = new Trainer(model, CrossEntropy.of(), adam).fit(x, y,
                base.epochs(3).batchSize(64).seed(5).metrics(Metric.accuracy()));
        for (Parameter p : model.parameters()) {
            assertEquals(device, p.value().device());
            assertEquals(device, adam.state(p).buffer("exp_avg").device());
        }
        return new Run(model.stateDict(), h);
    }

    @Test
    void checkpointsAreWrittenFromTheDeviceAndResumedThere(@TempDir Path dir) {
        Run cpu = fit(Device.CPU);
        Run off = fit(OffHeapBackend.DEVICE, FitOptions.defaults().checkpoints(CheckpointOptions.everyEpoch(dir)));
        Run resumed = fit(OffHeapBackend.DEVICE, FitOptions.defaults().checkpoints(CheckpointOptions.everyEpoch(dir))
                .resume(true));
        for (String name : cpu.weights().keySet()) {
            assertArrayEquals(bits(cpu.weights().get(name)), bits(off.weights().get(name)), name);
            assertArrayEquals(bits(cpu.weights().get(name)), bits(resumed.weights().get(name)), "resumed " + name);
        }
        assertEquals(cpu.history().asMap(), resumed.history().asMap());
    }

    @Test
    void aModelOnTheDeviceIsSavedAndLoadedBackOnTheCpu(@TempDir Path dir) throws IOException {
        Sequential model = Sequential.of(new Dense(8, Activation.relu()), new Dense(3)).build(3, 5);
        Map<String, Tensor> weights = model.stateDict();
        model.to(OffHeapBackend.DEVICE);
        ModelFile.save(dir.resolve("m.safetensors"), model);
        Map<String, Tensor> loaded = ModelFile.load(dir.resolve("m.safetensors")).stateDict();
        for (String name : weights.keySet()) {
            assertEquals(Device.CPU, loaded.get(name).device());
            assertArrayEquals(bits(weights.get(name)), bits(loaded.get(name)), name);
        }
    }

    @Test
    void anMlpTrainedOnTheDeviceEndsWithTheCpusWeightsBitForBit() {
        Run cpu = fit(Device.CPU), off = fit(OffHeapBackend.DEVICE);
        assertEquals(cpu.history().asMap(), off.history().asMap());
        assertEquals(cpu.weights().keySet(), off.weights().keySet());
        for (String name : cpu.weights().keySet()) {
            Tensor w = off.weights().get(name);
            assertEquals(OffHeapBackend.DEVICE, w.device(), name);
            assertArrayEquals(bits(cpu.weights().get(name)), bits(w), name);
        }
        assertTrue(cpu.history().last("accuracy") > 0.9, cpu.history().toString());
    }

    private static int[] bits(Tensor t) {
        float[] f = t.toFloatArray();
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = Float.floatToRawIntBits(f[i]);
        }
        return b;
    }
}
