package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nabla.data.HorizontalFlip;
import dev.nabla.data.RandomRotation;
import dev.nabla.data.RandomShift;
import dev.nabla.kernel.Parallel;
import dev.nabla.loss.CrossEntropy;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Augmented fits: a run stopped mid-epoch and resumed from its checkpoint ends with the uninterrupted run's
 * weights bit for bit (so it saw the same augmented batches), for any thread count; augmentation changes
 * the fit, and never touches the validation data.
 */
class AugmentedResumeTest {
    private static final int SAMPLES = 160;

    @TempDir
    Path dir;

    private static Tensor x() {
        return Tensor.rand(new Generator(5), SAMPLES, 1, 8, 8);
    }

    /** The class is which quarter of the image is brightest: flips and shifts change the picture, not much the answer. */
    private static Tensor y() {
        float[] v = x().toFloatArray();
        int[] y = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            double left = 0, top = 0;
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    left += c < 4 ? v[i * 64 + r * 8 + c] : 0;
                    top += r < 4 ? v[i * 64 + r * 8 + c] : 0;
                }
            }
            y[i] = left > 16 ? 0 : top > 16 ? 1 : 2;
        }
        return Tensor.of(y);
    }

    private static Trainer trainer(Sequential model) {
        return new Trainer(model, CrossEntropy.of(), new Adam(model.parameters(), 3e-3));
    }

    private static Sequential model() {
        return Sequential.of(new Flatten(), new Dense(16, Activation.relu()), new Dense(3)).build(3, 1, 8, 8);
    }

    private static FitOptions options(boolean augment) {
        FitOptions o = FitOptions.defaults().epochs(3).batchSize(16).seed(9).validationSplit(0.25).metrics(Metric.accuracy());
        return augment ? o.augment(new HorizontalFlip(), new RandomShift(1, 0), new RandomRotation(10, 0)) : o;
    }

    @Test
    void stoppedAndResumedSeesTheSameAugmentedBatchesAsUninterrupted() {
        Sequential whole = model();
        History expected = trainer(whole).fit(x(), y(), options(true));

        Sequential first = model();
        trainer(first).fit(x(), y(), options(true).checkpoints(CheckpointOptions.everyEpoch(dir).everyBatches(2))
                .callbacks(ResumeFixture.stopAfter(11))); // 8 batches an epoch: stops in the second
        Sequential second = model();
        History resumed = trainer(second).fit(x(), y(), options(true)
                .checkpoints(CheckpointOptions.everyEpoch(dir).everyBatches(2)).resume(true));

        CheckpointResumeTest.assertSameBits(whole.stateDict(), second.stateDict());
        assertEquals(expected.asMap(), resumed.asMap());
    }

    @Test
    void sameBitsForAnyThreadCountAndAugmentationChangesTheFit() {
        int before = Parallel.setThreads(1);
        Map<String, Tensor> one;
        try {
            Sequential m = model();
            trainer(m).fit(x(), y(), options(true));
            one = m.stateDict();
        } finally {
            Parallel.setThreads(before);
        }
        Parallel.setThreads(Math.max(2, before));
        try {
            Sequential m = model();
            History h = trainer(m).fit(x(), y(), options(true));
            CheckpointResumeTest.assertSameBits(one, m.stateDict());
            Sequential plain = model();
            History p = trainer(plain).fit(x(), y(), options(false));
            assertFalse(Arrays.equals(one.get("layers.1.weight").toFloatArray(), plain.stateDict().get("layers.1.weight")
                    .toFloatArray()), "augmentation changes the weights");
            assertFalse(h.asMap().get("loss").equals(p.asMap().get("loss")));
        } finally {
            Parallel.setThreads(before);
        }
    }
}
