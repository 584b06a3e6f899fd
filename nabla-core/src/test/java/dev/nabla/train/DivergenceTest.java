package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Bundled;
import dev.nabla.data.Dataset;
import dev.nabla.loss.CrossEntropy;
import dev.nabla.loss.MSE;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A divergence stops before the weights are touched and says where: the epoch, the batch and the layer. An
 * exploding loss is said; a rollback goes back to a state a step passed from, whenever saves happen and
 * after a resume, and is counted.
 */
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

    /** y = s·x with one learnt s, whose output turns infinite once |s| passes a bound: a planted blow-up. */
    private static final class BoundedScale extends Layer {
        private final double bound;
        private Parameter s;

        BoundedScale(double bound) {
            this.bound = bound;
        }

        @Override
        protected Shape doBuild(Shape input, Generator g, DType dtype) {
            s = registerParameter("s", new Parameter(Tensor.ones(dtype, 1)));
            return input;
        }

        @Override
        protected Tensor call(Tensor x) {
            Tensor y = x.mul(s.value());
            return Math.abs(s.value().item()) > bound ? y.mul(Double.POSITIVE_INFINITY) : y;
        }
    }

    /**
     * Rolling back twice to the same good state cuts the rate twice: the state holds the rate it had, and
     * replaying the same batches at the rate that just diverged would diverge again. SGD on (s − 2.9)² from
     * s = 1 with the bound 5: at lr 1.05, s = 4.99, 0.60, 5.43 (diverges at the fourth forward); from the
     * epoch's start, 1.05·0.97 still overshoots (4.87, 0.86, 5.02), 1.05·0.97² gives 4.75, 1.09, 4.67, ... and
     * converges. The checkpoints saved every 2 batches are not where it goes back to.
     */
    @Test
    void repeatedRollbacksToOneStateCompound(@TempDir Path dir) {
        Sequential m = Sequential.of(new BoundedScale(5)).build(0, 1);
        List<Double> rates = new ArrayList<>();
        Callback watch = new Callback() {
            @Override
            public void onBatchEnd(TrainingContext context, int batch, Map<String, Double> logs) {
                rates.add(context.optimizer().learningRate());
            }
        };
        History h = new Trainer(m, MSE.of(), new SGD(m.parameters(), 1.05)).fit(Tensor.ones(8, 1), Tensor.full(2.9, 8, 1),
                FitOptions.defaults().epochs(1).batchSize(1).checkpoints(CheckpointOptions.everyEpoch(dir).everyBatches(2))
                        .rollbackOnDivergence(0.97).callbacks(watch));
        assertEquals(1, h.epochs());
        double r1 = 1.05 * 0.97, r2 = 1.05 * 0.97 * 0.97;
        double[] expected = {1.05, 1.05, 1.05, r1, r1, r1, r2, r2, r2, r2, r2, r2, r2, r2};
        assertArrayEquals(expected, rates.stream().mapToDouble(Double::doubleValue).toArray(), 1e-12,
                "the rates the batches ran at: " + rates);
        assertEquals(2, h.rollbacks());
        assertTrue(Math.abs(m.parameters().getFirst().value().item()) <= 5, "s stayed within its bound");
    }

    private static void set(Sequential m, String parameter, double value) {
        Parameter p = m.namedParameters().get(parameter);
        p.assign(Tensor.full(value, p.shape().dims()));
    }

    /** fc2's weights are finite but so large that its output overflows: the loss is NaN, fc2 is to blame. */
    @Test
    void aNonFiniteLossNamesTheFirstLayerWhoseOutputIsNotFinite() {
        Sequential m = Sequential.of(new Dense(8).named("fc1"), new Dense(8).named("fc2"), new Dense(1).named("out")).build(0, 4);
        set(m, "layers.0.weight", 1);
        set(m, "layers.0.bias", 0);
        set(m, "layers.1.weight", 1e38); // each output: 8 inputs of 4 times 1e38, over float32's 3.4e38
        DivergenceException e = assertThrows(DivergenceException.class, () -> new Trainer(m, MSE.of(), new SGD(m.parameters(), 0.1))
                .fit(Tensor.ones(4, 4), Tensor.zeros(4, 1), FitOptions.defaults().batchSize(4)));
        assertEquals("layers.1", e.layer());
        assertTrue(e.getMessage().startsWith("training diverged at epoch 1, batch 1: the loss is")
                && e.getMessage().contains("the first layer whose output is not finite is Dense 'fc2' at layers.1"), e.getMessage());
    }

    /**
     * x = 1.5e19 through two unit weights: the prediction 1.5e19 gives a finite loss (2.25e38), but the
     * gradient of out's weight, 2·1.5e19·1.5e19, overflows; so does fc1's, which only inherits it.
     */
    @Test
    void aNonFiniteGradientNamesTheFirstParameterTheBackwardReaches() {
        Sequential m = Sequential.of(new Dense(1).named("fc1"), new Dense(1).named("out")).build(0, 1);
        set(m, "layers.0.weight", 1);
        set(m, "layers.0.bias", 0);
        set(m, "layers.1.weight", 1);
        set(m, "layers.1.bias", 0);
        DivergenceException e = assertThrows(DivergenceException.class, () -> new Trainer(m, MSE.of(), new SGD(m.parameters(), 0.1))
                .fit(Tensor.full(1.5e19, 1, 1), Tensor.zeros(1, 1), FitOptions.defaults().batchSize(1)));
        assertEquals("layers.1.weight", e.parameter());
        assertEquals("layers.1", e.layer());
        assertTrue(e.getMessage().contains("the gradient of 'layers.1.weight' (Dense 'out' at layers.1) is not finite"), e.getMessage());
    }

    /** The bundled digits, scaled to [0, 1]. */
    private static Dataset digits() {
        Dataset d = Bundled.digits();
        return Dataset.of(d.features().div(16), d.targets());
    }

    /** Runs {@code fit} with the warnings logged under dev.nabla captured; returns them. */
    private static List<String> warnings(Runnable fit) {
        Logger log = Logger.getLogger("dev.nabla");
        List<String> seen = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                seen.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(capture);
        try {
            fit.run();
        } finally {
            log.removeHandler(capture);
        }
        return seen;
    }

    /** Adam at lr 1e6 took the loss from 2.3 to 1e13 and trained on, at chance, without a word. */
    @Test
    void anExplodingLossIsSaidOnce() {
        Dataset d = digits();
        Sequential m = Sequential.of(new Dense(32, Activation.relu()), new Dense(10)).build(1, 64);
        List<String> said = warnings(() -> new Trainer(m, CrossEntropy.of(), new Adam(m.parameters(), 1e6))
                .fit(d, FitOptions.defaults().epochs(2).batchSize(64)));
        assertEquals(1, said.size(), "said once: " + said);
        assertTrue(said.getFirst().startsWith("WARNING training at epoch 1, batch ") && said.getFirst().contains("exploding")
                && said.getFirst().contains("over 1000 times the first loss of the fit"), said.getFirst());
    }

    /**
     * Two linear layers at SGD lr 1 on digits: the loss reaches 4e8 in the first epoch and NaN in the third.
     * Rollback used to go back to the third epoch's start, already at 1e27, and ended there at chance; now
     * the explosion is a divergence, and it goes back to the first epoch's start with a tenth of the rate.
     */
    @Test
    void rollbackGoesBackToAStateThatHadNotBlownUp() {
        Dataset d = digits();
        Sequential m = Sequential.of(new Dense(32), new Dense(10)).build(1, 64);
        History h = new Trainer(m, CrossEntropy.of(), new SGD(m.parameters(), 1.0)).fit(d, FitOptions.defaults().epochs(4)
                .batchSize(64).metrics(Metric.accuracy()).rollbackOnDivergence(0.1));
        assertTrue(h.last("loss") < 1 && h.last("accuracy") > 0.8, "loss " + h.get("loss") + ", accuracy " + h.get("accuracy"));
        assertTrue(h.rollbacks() >= 1, "rollbacks: " + h.rollbacks());
        assertEquals(0.1, h.get("lr").getFirst(), 1e-12, "the first epoch was run again at a tenth of the rate");
    }

    /**
     * One batch an epoch, so each update starts an epoch: s = 1, 4.99, 0.60, then 5.43 at the fourth epoch's
     * start, whose very first forward fails. That state never passed a step; the third epoch's start (0.60)
     * did, and is where the fit goes back to: at 1.05·0.9, s = 4.95, 1.08, ... converges. Going back to 5.43,
     * as before, failed at every rate.
     */
    @Test
    void aStateThatFailsAtItsFirstStepIsNotGoneBackTo() {
        Sequential m = Sequential.of(new BoundedScale(5)).build(0, 1);
        History h = new Trainer(m, MSE.of(), new SGD(m.parameters(), 1.05)).fit(Tensor.ones(1, 1), Tensor.full(2.9, 1, 1),
                FitOptions.defaults().epochs(8).batchSize(1).rollbackOnDivergence(0.9));
        assertEquals(8, h.epochs());
        assertEquals(1, h.rollbacks());
        assertEquals(List.of(1.05, 1.05, 1.05 * 0.9, 1.05 * 0.9), h.get("lr").subList(0, 4),
                "the third epoch ran again, at the lower rate");
        assertTrue(Math.abs(m.parameters().getFirst().value().item()) <= 5, "s stayed within its bound");
    }

    private static History boundedFit(Sequential m, FitOptions options) {
        return new Trainer(m, MSE.of(), new SGD(m.parameters(), 1.05)).fit(Tensor.ones(8, 1), Tensor.full(2.9, 8, 1),
                options.epochs(1).batchSize(1));
    }

    /**
     * Stopped after the first update (s = 4.99), saved mid-epoch, resumed with rollback: the fit diverges at
     * the fourth batch and goes back to where it resumed, the only state it has (it used to have none).
     */
    @Test
    void rollbackWorksAfterResumingMidEpoch(@TempDir Path dir) {
        Sequential first = Sequential.of(new BoundedScale(5)).build(0, 1);
        boundedFit(first, FitOptions.defaults().checkpoints(CheckpointOptions.everyEpoch(dir)).callbacks(ResumeFixture.stopAfter(1)));
        Sequential m = Sequential.of(new BoundedScale(5)).build(0, 1);
        History h = boundedFit(m, FitOptions.defaults().checkpoints(CheckpointOptions.everyEpoch(dir)).resume(true)
                .rollbackOnDivergence(0.93));
        assertEquals(1, h.epochs());
        assertEquals(1, h.rollbacks());
        assertTrue(Math.abs(m.parameters().getFirst().value().item()) <= 5, "s stayed within its bound");
    }

    /** Saves every 2 updates, or none: the same rollbacks, the same weights, the same history. */
    @Test
    void whenCheckpointsAreSavedDoesNotChangeWhereARollbackGoes(@TempDir Path dir) {
        Sequential saved = Sequential.of(new BoundedScale(5)).build(0, 1);
        History a = boundedFit(saved, FitOptions.defaults().checkpoints(CheckpointOptions.everyEpoch(dir).everyBatches(2))
                .rollbackOnDivergence(0.93));
        Sequential unsaved = Sequential.of(new BoundedScale(5)).build(0, 1);
        History b = boundedFit(unsaved, FitOptions.defaults().rollbackOnDivergence(0.93));
        assertEquals(b.asMap(), a.asMap());
        assertEquals(b.rollbacks(), a.rollbacks());
        assertEquals(unsaved.parameters().getFirst().value().item(), saved.parameters().getFirst().value().item());
    }
}
