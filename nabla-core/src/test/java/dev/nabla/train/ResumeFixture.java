package dev.nabla.train;

import dev.nabla.loss.CrossEntropy;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;

/**
 * A small classification fit with every kind of state a checkpoint must carry: shuffling, dropout, Adam's
 * moments, a plateau callback, early stopping with best weights, validation and a metric.
 */
final class ResumeFixture {
    static final int EPOCHS = 4;
    static final int BATCH = 16;
    static final int SAMPLES = 400;

    final Sequential model = Sequential.of(new Dense(32, Activation.relu()), new Dropout(0.3), new Dense(3)).build(11, 5);
    final Trainer trainer = new Trainer(model, CrossEntropy.of(), new Adam(model.parameters(), 3e-3));

    static Tensor x() {
        return Tensor.randn(new Generator(1), SAMPLES, 5);
    }

    static Tensor y() {
        float[] x = x().toFloatArray();
        int[] y = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            double s = x[5 * i] + 0.5 * x[5 * i + 1] - x[5 * i + 2];
            y[i] = s < -0.5 ? 0 : s < 0.5 ? 1 : 2;
        }
        return Tensor.of(y);
    }

    static FitOptions options(Path dir, Callback... extra) {
        Callback[] all = new Callback[extra.length + 2];
        all[0] = new ReduceLROnPlateau("val_loss", 0.5, 1, 0, 0, 0, MonitorCallback.Mode.MIN);
        all[1] = new EarlyStopping("val_loss", 0, 100, MonitorCallback.Mode.MIN, true);
        System.arraycopy(extra, 0, all, 2, extra.length);
        FitOptions o = FitOptions.defaults().epochs(EPOCHS).batchSize(BATCH).seed(7).validationSplit(0.2)
                .metrics(Metric.accuracy()).callbacks(all);
        return dir == null ? o : o.checkpoints(CheckpointOptions.everyEpoch(dir).everyBatches(3).keep(2));
    }

    History fit(Path dir, boolean resume, Callback... extra) {
        return trainer.fit(x(), y(), options(dir, extra).resume(resume));
    }

    Map<String, Tensor> weights() {
        return model.stateDict();
    }

    /** Stops the fit after a given number of updates, as a Ctrl-C would. */
    static Callback stopAfter(int updates) {
        return new Callback() {
            private int seen;

            @Override
            public void onBatchEnd(TrainingContext context, int batch, Map<String, Double> logs) {
                if (++seen == updates) {
                    context.requestStop();
                }
            }
        };
    }
}
