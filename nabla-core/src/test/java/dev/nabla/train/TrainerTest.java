package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.kernel.Parallel;
import dev.nabla.loss.BinaryCrossEntropy;
import dev.nabla.loss.MSE;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TrainerTest {

    @Test
    void fitSolvesXorWithAdam() {
        Tensor x = Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
        Sequential m = Sequential.of(new Dense(8, Activation.tanh()), new Dense(1, Activation.sigmoid())).build(3, 2);
        History h = new Trainer(m, BinaryCrossEntropy.of(), new Adam(m.parameters(), 0.05))
                .fit(x, y, FitOptions.defaults().epochs(300).batchSize(4).metrics(Metric.binaryAccuracy()));
        assertEquals(1.0, h.last("binary_accuracy"), 0.0, h.toString());
        assertTrue(h.last("loss") < h.get("loss").get(0));
    }

    /** Records every input value it sees while training. */
    private static final class Spy extends Layer {
        final TreeSet<Integer> seenInTraining = new TreeSet<>();
        final Dense inner = new Dense(1);

        Spy() {
            registerModule("inner", inner);
        }

        @Override
        protected Shape doBuild(Shape input, Generator g, DType dtype) {
            return inner.build(input, g, dtype);
        }

        @Override
        protected Tensor call(Tensor x) {
            if (isTraining()) {
                for (float v : x.toFloatArray()) {
                    seenInTraining.add((int) v);
                }
            }
            return inner.forward(x);
        }
    }

    @Test
    void validationSplitHoldsOutTheLastFractionAndNeverTrainsOnIt() {
        Tensor x = Tensor.arange(50).reshape(50, 1);
        Tensor y = Tensor.zeros(50, 1);
        Spy spy = new Spy();
        spy.build(Shape.of(1), new Generator(0), DType.FLOAT32);
        History h = new Trainer(spy, MSE.of(), new SGD(spy.parameters(), 1e-4))
                .fit(x, y, FitOptions.defaults().epochs(3).batchSize(7).validationSplit(0.2));
        TreeSet<Integer> expected = new TreeSet<>();
        for (int i = 0; i < 40; i++) {
            expected.add(i);
        }
        assertEquals(expected, spy.seenInTraining);
        assertEquals(3, h.get("val_loss").size());
    }

    @Test
    void fullBatchStochasticAndMiniBatchAreBatchSizesOfOneLoop() {
        Generator g = new Generator(11);
        Tensor x = Tensor.randn(g, 32, 2);
        Tensor y = x.matmul(Tensor.of(new float[] {2, -1}, 2, 1)).add(0.5);
        for (int batch : new int[] {32, 1, 8}) {
            Sequential m = Sequential.of(new Dense(1)).build(0, 2);
            History h = new Trainer(m, MSE.of(), new SGD(m.parameters(), batch == 1 ? 0.01 : 0.1))
                    .fit(x, y, FitOptions.defaults().epochs(60).batchSize(batch));
            assertTrue(h.last("loss") < 1e-3, "batch " + batch + ": " + h.last("loss"));
        }
    }

    @Test
    void sameSeedGivesTheSameBitsWhateverTheThreadCount() {
        float[] one = trainAndGetWeights(1);
        float[] again = trainAndGetWeights(1);
        float[] two = trainAndGetWeights(2);
        assertArrayEquals(one, again);
        assertArrayEquals(one, two);
    }

    private static float[] trainAndGetWeights(int threads) {
        int previous = Parallel.setThreads(threads);
        try {
            Generator g = new Generator(21);
            Tensor x = Tensor.randn(g, 256, 64);
            Tensor y = Tensor.randn(g, 256, 8);
            Sequential m = Sequential.of(new Dense(128, Activation.relu()), new Dense(8)).build(9, 64);
            new Trainer(m, MSE.of(), new Adam(m.parameters(), 1e-3))
                    .fit(x, y, FitOptions.defaults().epochs(2).batchSize(64).seed(4));
            return m.stateDict().get("layers.0.weight").toFloatArray();
        } finally {
            Parallel.setThreads(previous);
        }
    }

    @Test
    void badOptionsAreRefusedWhereGiven() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FitOptions.defaults().batchSize(0));
        assertTrue(e.getMessage().contains("batch size") && e.getMessage().contains("0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FitOptions.defaults().epochs(0));
        assertThrows(IllegalArgumentException.class, () -> FitOptions.defaults().validationSplit(1.0));
        Sequential m = Sequential.of(new Dense(1)).build(0, 2);
        e = assertThrows(IllegalArgumentException.class, () -> new Trainer(m, MSE.of(), new SGD(m.parameters(), 0.1))
                .fit(Tensor.zeros(10, 2), Tensor.zeros(9, 1), FitOptions.defaults()));
        assertTrue(e.getMessage().contains("[10, 2]") && e.getMessage().contains("[9, 1]"), e.getMessage());
    }
}
