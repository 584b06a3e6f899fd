package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.loss.CrossEntropy;
import dev.nabla.nn.Activation;
import dev.nabla.nn.ActivationLayer;
import dev.nabla.nn.BatchNorm1d;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelEmaTest {
    @TempDir
    Path dir;

    private static final double DECAY = 0.9;

    /** Dense, batch norm (running statistics and an integer counter), dense: every kind of state. */
    private static Sequential model() {
        return Sequential.of(new Dense(16), new BatchNorm1d(), new ActivationLayer(Activation.relu()), new Dense(3)).build(5, 5);
    }

    /** The live model's state after every update (it runs after the average in the callback list). */
    private static final class Recorder implements Callback {
        final List<Map<String, Tensor>> states = new ArrayList<>();

        @Override
        public void onBatchEnd(TrainingContext context, int batch, Map<String, Double> logs) {
            states.add(context.model().stateDict());
        }
    }

    private static Tensor valX() {
        return Tensor.randn(new dev.nabla.tensor.Generator(9), 60, 5);
    }

    private static FitOptions options(Callback... callbacks) {
        Tensor vx = valX();
        return FitOptions.defaults().epochs(3).batchSize(32).seed(3).metrics(Metric.accuracy())
                .validationData(vx, labels(vx)).callbacks(callbacks);
    }

    private static Tensor labels(Tensor x) {
        float[] v = x.toFloatArray();
        int n = x.dim(0);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double s = v[5 * i] - v[5 * i + 3];
            y[i] = s < -0.4 ? 0 : s < 0.4 ? 1 : 2;
        }
        return Tensor.of(y);
    }

    private static History fit(Sequential m, FitOptions o) {
        Tensor x = ResumeFixture.x();
        return new Trainer(m, CrossEntropy.of(), new Adam(m.parameters(), 1e-2)).fit(x, labels(x), o);
    }

    @Test
    void endsWithTheAverageOfEveryUpdateRunningStatisticsIncluded() {
        Sequential m = model();
        Recorder live = new Recorder();
        fit(m, options(new ModelEma(DECAY), live));

        // the average written out in double from the recorded states: copy, then lerp by 1 - decay
        Map<String, double[]> expected = new LinkedHashMap<>();
        live.states.getFirst().forEach((n, t) -> expected.put(n, t.toDoubleArray()));
        for (Map<String, Tensor> s : live.states.subList(1, live.states.size())) {
            s.forEach((n, t) -> {
                double[] avg = expected.get(n), w = t.toDoubleArray();
                for (int i = 0; i < avg.length; i++) {
                    avg[i] = t.dtype().isFloating() ? avg[i] + (1 - DECAY) * (w[i] - avg[i]) : w[i];
                }
            });
        }
        Map<String, Tensor> end = m.stateDict();
        assertEquals(expected.keySet(), end.keySet());
        assertTrue(expected.keySet().stream().anyMatch(n -> n.endsWith("running_var")), expected.keySet().toString());
        double farthest = 0;
        for (String n : expected.keySet()) {
            double[] want = expected.get(n), got = end.get(n).toDoubleArray();
            double[] last = live.states.getLast().get(n).toDoubleArray();
            assertArrayEquals(want, got, 1e-5, n);
            for (int i = 0; i < want.length; i++) {
                farthest = Math.max(farthest, Math.abs(want[i] - last[i]));
            }
        }
        assertTrue(farthest > 1e-2, "the average should differ from the last weights, by " + farthest);
    }

    @Test
    void validationScoresTheAverageAndTrainingGoesOnWithTheLiveWeights() {
        Sequential plain = model();
        fit(plain, options());
        Sequential averaged = model();
        Recorder live = new Recorder();
        History h = fit(averaged, options(new ModelEma(DECAY), live));

        // the swap for validation is undone exactly: the live weights are those of a fit without it
        CheckpointResumeTest.assertSameBits(plain.stateDict(), live.states.getLast());
        Tensor vx = valX();
        Map<String, Double> scored = new Trainer(averaged, CrossEntropy.of(), new Adam(averaged.parameters(), 1e-2))
                .evaluate(vx, labels(vx), 32, List.of(Metric.accuracy()), List.of());
        assertEquals(scored.get("loss"), h.last("val_loss"), 0.0, "the last validation is the average's");
    }

    @Test
    void stoppedAndResumedEndsWithTheSameAverage() {
        ResumeFixture whole = new ResumeFixture();
        whole.fit(null, false, new ModelEma(DECAY));

        new ResumeFixture().fit(dir, false, new ModelEma(DECAY), ResumeFixture.stopAfter(31));
        ResumeFixture second = new ResumeFixture();
        second.fit(dir, true, new ModelEma(DECAY), ResumeFixture.stopAfter(Integer.MAX_VALUE));

        CheckpointResumeTest.assertSameBits(whole.weights(), second.weights());
    }

    @Test
    void aDecayOutsideZeroToOneIsRefusedWhereGiven() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ModelEma(1.0));
        assertTrue(e.getMessage().contains("ModelEma") && e.getMessage().contains("decay") && e.getMessage().contains("[0, 1)"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CallbackConfig.REGISTRY.read(Map.of("name", "ema", "decay", -0.1), "$.callbacks[0]"));
    }
}
