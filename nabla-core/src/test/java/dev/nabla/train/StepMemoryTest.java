package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.loss.CrossEntropy;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fit with step memory reused (the default) against without: the same weights to the bit, and a tensor
 * a layer keeps past its step is revoked (a clear error on access) only when memory is reused.
 */
class StepMemoryTest {

    /** Passes its input on and keeps the last one it saw in training: what a layer must not do. */
    private static final class Keeper extends Layer {
        Tensor last;

        @Override
        protected Shape doBuild(Shape input, Generator g, DType dtype) {
            return input;
        }

        @Override
        protected Tensor call(Tensor x) {
            if (isTraining()) {
                last = x;
            }
            return x;
        }
    }

    private record Run(Map<String, Tensor> weights, History history, Keeper keeper) {}

    private static Run fit(boolean reuse) {
        Generator g = new Generator(11);
        Tensor x = Tensor.uniform(g, DType.FLOAT32, -1, 1, 600, 24);
        int[] labels = new int[600];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (x.f32()[i * 24] > 0 ? 1 : 0) + (x.f32()[i * 24 + 1] > 0 ? 2 : 0);
        }
        Keeper keeper = new Keeper();
        Sequential m = Sequential.of(keeper, new Dense(64, Activation.relu()), new Dense(4)).build(5, 24);
        History h = new Trainer(m, CrossEntropy.of(), new Adam(m.parameters(), 1e-2)).fit(x, Tensor.of(labels, 600),
                FitOptions.defaults().epochs(3).batchSize(128).metrics(Metric.accuracy()).reuseStepMemory(reuse));
        return new Run(m.stateDict(), h, keeper);
    }

    @Test
    void reusingStepMemoryChangesNoBit() {
        Run reused = fit(true), fresh = fit(false);
        assertEquals(fresh.history().get("loss"), reused.history().get("loss"));
        assertEquals(fresh.history().get("accuracy"), reused.history().get("accuracy"));
        for (String name : fresh.weights().keySet()) {
            assertArrayEquals(fresh.weights().get(name).f32(), reused.weights().get(name).f32(), name);
        }
        assertTrue(reused.history().last("accuracy") > 0.6, reused.history().toString());
    }

    @Test
    void aTensorKeptPastItsStepIsRevokedOnlyWhenMemoryIsReused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fit(true).keeper().last.f32());
        assertTrue(e.getMessage().contains("reuseStepMemory(false)"), e.getMessage());
        assertEquals(88 * 24, fit(false).keeper().last.f32().length); // the last batch: 600 = 4·128 + 88
    }
}
