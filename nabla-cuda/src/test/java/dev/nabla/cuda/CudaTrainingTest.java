package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.loss.CrossEntropy;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Device;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.FitOptions;
import dev.nabla.train.Trainer;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The check: the Fashion-MNIST MLP (784-256-128-10, ReLU, Adam 1e-3, batch 128) trained 100 steps
 * on the GPU ends within 1e-5 relative of the CPU's weights (float32, TF32 off; each tensor's
 * difference in L2 norm against its norm), and two GPU runs end with the same bits.
 */
class CudaTrainingTest {

    @BeforeEach
    void needsAGpu() {
        CudaAvailable.assume();
    }

    private static Map<String, Tensor> train(Device d) {
        Generator g = new Generator(3);
        int n = 100 * 128;
        Tensor x = Tensor.uniform(g, DType.FLOAT32, 0, 1, n, 784).to(d);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = g.nextInt(10);
        Tensor y = Tensor.of(labels, n).to(d);
        Sequential model = Sequential.of(new Dense(256, Activation.relu()), new Dense(128, Activation.relu()), new Dense(10))
                .build(7, 784);
        model.to(d);
        new Trainer(model, CrossEntropy.of(), new Adam(model.parameters(), 1e-3))
                .fit(x, y, FitOptions.defaults().epochs(1).batchSize(128).seed(5));
        return model.stateDict();
    }

    @Test
    void oneHundredAdamStepsMatchTheCpuAndRepeatBitForBit() {
        Map<String, Tensor> cpu = train(Device.CPU), gpu = train(CudaAvailable.DEVICE), again = train(CudaAvailable.DEVICE);
        double worst = 0;
        for (String name : cpu.keySet()) {
            float[] c = cpu.get(name).toFloatArray(), a = gpu.get(name).toFloatArray();
            assertEquals(CudaAvailable.DEVICE, gpu.get(name).device(), name);
            double diff = 0, norm = 0, maxElem = 0;
            for (int i = 0; i < c.length; i++) {
                diff += (double) (c[i] - a[i]) * (c[i] - a[i]);
                norm += (double) c[i] * c[i];
                maxElem = Math.max(maxElem, Math.abs(c[i] - a[i]) / Math.max(Math.abs(c[i]), 1e-3));
            }
            double rel = Math.sqrt(diff / norm);
            worst = Math.max(worst, rel);
            System.err.printf(Locale.ROOT, "cuda vs cpu after 100 steps, %s: relative L2 %.2e, worst element %.2e%n", name, rel, maxElem);
            assertTrue(rel <= 1e-5, name + ": relative difference " + rel);
            assertArrayEquals(a, again.get(name).toFloatArray(), name + ": two GPU runs differ");
        }
        System.err.printf(Locale.ROOT, "cuda vs cpu after 100 steps: worst relative L2 %.2e (bound 1e-5); GPU run to run: identical%n", worst);
    }
}
