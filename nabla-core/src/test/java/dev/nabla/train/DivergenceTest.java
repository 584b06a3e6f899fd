package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.loss.MSE;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A planted divergence (a huge learning rate) stops before the weights are touched and says where. */
class DivergenceTest {
    private static final Tensor X = Tensor.randn(new Generator(3), 64, 4).mul(10);
    private static final Tensor Y = X.sum(new int[] {1}, true).mul(100);

    private static boolean allFinite(Sequential m) {
        for (Parameter p : m.parameters()) {
            for (float v : p.value().toFloatArray()) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void hugeLearningRateStopsWithEpochBatchAndLayer() {
        Sequential m = Sequential.of(new Dense(16, Activation.tanh()), new Dense(1)).build(2, 4);
        DivergenceException e = assertThrows(DivergenceException.class, () -> new Trainer(m, MSE.of(), new SGD(m.parameters(), 1e6))
                .fit(X, Y, FitOptions.defaults().epochs(50).batchSize(8)));
        assertTrue(e.getMessage().contains("epoch " + (e.epoch() + 1)) && e.getMessage().contains("batch " + (e.batch() + 1)),
                e.getMessage());
        assertTrue(e.parameter() == null ? e.getMessage().contains("loss") : e.getMessage().contains(e.parameter()), e.getMessage());
        assertTrue(allFinite(m), "the diverging update was not applied");
    }

    @Test
    void rollbackLowersTheLearningRateAndCarriesOn() {
        Sequential m = Sequential.of(new Dense(16, Activation.tanh()), new Dense(1)).build(2, 4);
        SGD sgd = new SGD(m.parameters(), 1e6);
        History h = new Trainer(m, MSE.of(), sgd)
                .fit(X, Y.div(1000), FitOptions.defaults().epochs(3).batchSize(8).rollbackOnDivergence(1e-4));
        assertEquals(3, h.epochs());
        assertTrue(allFinite(m));
        assertTrue(sgd.learningRate() < 1e6, "lr " + sgd.learningRate());
    }
}
