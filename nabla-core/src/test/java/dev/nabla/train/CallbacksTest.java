package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.loss.MSE;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * EarlyStopping and ReduceLROnPlateau in real fits, with the monitored value scripted by a callback
 * that runs before them, so the expected epochs can be worked out by hand.
 */
class CallbacksTest {
    private static final Generator G = new Generator(5);
    private static final Tensor X = Tensor.randn(G, 40, 3);
    private static final Tensor Y = Tensor.randn(G, 40, 1);

    /** Overwrites val_loss with a script and snapshots the weights at each epoch's end. */
    private static final class Script implements Callback {
        final double[] values;
        final List<Map<String, Tensor>> weights = new ArrayList<>();

        Script(double... values) {
            this.values = values;
        }

        @Override
        public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> logs) {
            logs.put("val_loss", values[epoch]);
            weights.add(context.model().stateDict());
        }
    }

    private static Sequential model() {
        return Sequential.of(new Dense(4), new Dense(1)).build(1, 3);
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestEpoch() {
        Sequential m = model();
        Script script = new Script(1.0, 0.8, 0.9, 0.85, 0.5, 0.4);
        EarlyStopping stop = new EarlyStopping("val_loss", 0, 2, MonitorCallback.Mode.MIN, true);
        History h = new Trainer(m, MSE.of(), new SGD(m.parameters(), 0.05))
                .fit(X, Y, FitOptions.defaults().epochs(6).batchSize(8).callbacks(script, stop));
        // best 0.8 at epoch 1; epochs 2 and 3 do not improve: patience 2 runs out at epoch 3
        assertEquals(4, h.epochs());
        assertEquals(1, stop.bestEpoch());
        assertEquals(3, stop.stoppedEpoch());
        Map<String, Tensor> restored = m.stateDict();
        script.weights.get(1).forEach((name, t) ->
                assertArrayEquals(t.toFloatArray(), restored.get(name).toFloatArray(), name));
        assertTrue(!java.util.Arrays.equals(script.weights.get(3).get("layers.0.weight").toFloatArray(),
                restored.get("layers.0.weight").toFloatArray()), "weights moved after the best epoch");
    }

    @Test
    void earlyStoppingHonoursMinDelta() {
        Sequential m = model();
        Script script = new Script(1.0, 0.99, 0.98, 0.97, 0.5);
        EarlyStopping stop = new EarlyStopping("val_loss", 0.05, 3, MonitorCallback.Mode.MIN, false);
        History h = new Trainer(m, MSE.of(), new SGD(m.parameters(), 0.05))
                .fit(X, Y, FitOptions.defaults().epochs(5).callbacks(script, stop));
        assertEquals(4, h.epochs(), "improvements of 0.01 are below minDelta 0.05");
        assertEquals(0, stop.bestEpoch());
    }

    @Test
    void reduceLrOnPlateauWaitsPatienceEpochsAndCoolsDown() {
        Sequential m = model();
        Script script = new Script(1, 1, 1, 1, 1, 1, 1);
        ReduceLROnPlateau plateau = new ReduceLROnPlateau("val_loss", 0.5, 2, 0.03, 1, 0, MonitorCallback.Mode.MIN);
        History h = new Trainer(m, MSE.of(), new SGD(m.parameters(), 0.1))
                .fit(X, Y, FitOptions.defaults().epochs(7).callbacks(script, plateau));
        // lr is logged at the start of each epoch: cut at the end of epoch 2 (patience 2), one epoch of
        // cooldown, cut again at the end of epoch 4 (0.025 clamped to minLr 0.03), then stays at the minimum.
        List<Double> lr = h.get("lr");
        double[] expected = {0.1, 0.1, 0.1, 0.05, 0.05, 0.03, 0.03};
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], lr.get(e), 1e-12, "epoch " + e + ": " + lr);
        }
    }

    @Test
    void unknownMonitorNamesWhatIsLogged() {
        Sequential m = model();
        EarlyStopping stop = new EarlyStopping("val_accuracy", 0, 1, MonitorCallback.Mode.AUTO, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new Trainer(m, MSE.of(), new SGD(m.parameters(), 0.1)).fit(X, Y, FitOptions.defaults().callbacks(stop)));
        assertTrue(e.getMessage().contains("val_accuracy") && e.getMessage().contains("loss"), e.getMessage());
    }

    @Test
    void badCallbackSettingsAreRefusedWhereGiven() {
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("val_loss", -1, 1, MonitorCallback.Mode.MIN, false));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("val_loss", 0, -1, MonitorCallback.Mode.MIN, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReduceLROnPlateau("val_loss", 1.5, 1, 0, 0, 0, MonitorCallback.Mode.MIN));
        assertTrue(e.getMessage().contains("factor") && e.getMessage().contains("1.5"), e.getMessage());
    }
}
