package dev.nabla.insight;

import dev.nabla.autograd.NoGrad;
import dev.nabla.config.Check;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.optim.Optimizer;
import dev.nabla.spec.Experiment;
import dev.nabla.spec.RunListener;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Callback;
import dev.nabla.train.DivergenceException;
import dev.nabla.train.FitOptions;
import dev.nabla.train.TrainingContext;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The learning-rate range test (Smith, 2017; fastai's {@code lr_find}), behind {@code nabla lr-find SPEC}
 * and the notes' learning-rate guideline: a bounded number of updates with the rate growing exponentially
 * from {@code minLr} to {@code maxLr}, the loss of each batch recorded, stopped early once the smoothed loss
 * passes {@code stopFactor} times its lowest (the "too high" side of the guideline). The weights and the
 * optimizer's state are put back afterwards bit for bit, so the test can be run on a model about to be
 * trained. The suggested rate is a tenth of the rate at the lowest smoothed loss: the last rate where the
 * loss still fell steadily, as the guideline's "good" curve.
 *
 * <pre>{@code
 * LrRangeTest.Result r = LrRangeTest.run(model, loss, new Adam(model.parameters(), 1e-3), x, y, LrRangeTest.Options.DEFAULT);
 * r.suggested();
 * }</pre>
 */
public final class LrRangeTest {
    /** The EMA factor of the smoothed loss, debiased as Adam's moments; fastai's 0.98 lags a 100-step test by a third of a decade. */
    private static final double SMOOTHING = 0.9;

    /**
     * @param minLr the first rate
     * @param maxLr the rate the last step would take
     * @param steps at most this many updates
     * @param stopFactor stop once the smoothed loss passes this many times its lowest
     */
    public record Options(double minLr, double maxLr, int steps, double stopFactor) {
        public static final Options DEFAULT = new Options(1e-6, 10, 100, 4);

        public Options {
            Check.positive("lr-find", "min_lr", minLr);
            Check.positive("lr-find", "steps", steps);
            if (!(maxLr > minLr) || !(stopFactor > 1)) {
                throw new IllegalArgumentException("lr-find: needs max_lr above min_lr and a stop factor above 1, got "
                        + minLr + ".." + maxLr + " and " + stopFactor);
            }
        }
    }

    /**
     * What the test saw: the rate and loss of each update, the smoothed loss, and the suggestion.
     *
     * @param diverged whether it stopped early because the loss blew up (or turned non-finite)
     */
    public record Result(double[] lrs, double[] losses, double[] smoothed, double suggested, double lowestAt, boolean diverged) {}

    private LrRangeTest() {}

    /** Runs the test on {@code model} with {@code optimizer} over {@code (x, y)}; puts both back as they were. */
    public static Result run(Module model, Loss loss, Optimizer optimizer, Tensor x, Tensor y, int batchSize, long seed, Options o) {
        Recorder r = new Recorder(o);
        int batches = (x.dim(0) + batchSize - 1) / batchSize;
        try {
            new Trainer(model, loss, optimizer).fit(x, y, FitOptions.defaults().epochs((o.steps() + batches - 1) / batches)
                    .batchSize(batchSize).seed(seed).callbacks(r));
        } catch (DivergenceException e) {
            r.diverged = true; // a non-finite loss or gradient at a high rate: the end of the test, not an error
        }
        return r.result();
    }

    /** Runs the test on a spec's model, data and optimizer (not its callbacks), from its initial weights. */
    public static Result run(Experiment experiment, Options o) throws IOException {
        Recorder r = new Recorder(o);
        dev.nabla.spec.TrainingSpec t = experiment.spec().training();
        // an epoch per step at most: the recorder stops it after o.steps() updates
        Experiment limited = new Experiment(experiment.spec().withTraining(new dev.nabla.spec.TrainingSpec(o.steps(), t.batchSize(),
                t.shuffle())));
        try {
            // the spec's own callbacks left out: a plateau cut or an early stop would fight the test's rates
            limited.run(RunListener.NONE, f -> f.callbacks(r).validationData(null, null));
        } catch (DivergenceException e) {
            r.diverged = true;
        }
        return r.result();
    }

    /** Sets each update's rate, records its loss, stops, and restores the weights and optimizer at the end. */
    private static final class Recorder implements Callback {
        private final Options o;
        private final double[] lrs, losses, smoothed;
        private int n;
        private double avg, best = Double.POSITIVE_INFINITY;
        private boolean diverged;
        private List<Tensor> weights;
        private Map<String, Tensor> optimizerState;
        private List<Parameter> params;

        Recorder(Options o) {
            this.o = o;
            lrs = new double[o.steps()];
            losses = new double[o.steps()];
            smoothed = new double[o.steps()];
        }

        private double rate(int step) {
            return o.minLr() * Math.pow(o.maxLr() / o.minLr(), (double) step / Math.max(1, o.steps() - 1));
        }

        @Override
        public void onTrainBegin(TrainingContext c) {
            params = c.model().parameters();
            weights = params.stream().map(p -> p.value().copy()).toList();
            optimizerState = c.optimizer().stateDict();
        }

        @Override
        public void onBatchBegin(TrainingContext c, int batch) {
            c.optimizer().setLearningRate(rate(n));
        }

        @Override
        public void onBatchEnd(TrainingContext c, int batch, Map<String, Double> logs) {
            double loss = logs.get("loss");
            lrs[n] = rate(n);
            losses[n] = loss;
            avg = SMOOTHING * avg + (1 - SMOOTHING) * loss;
            smoothed[n] = avg / (1 - Math.pow(SMOOTHING, n + 1));
            best = Math.min(best, smoothed[n]);
            n++;
            if (!Double.isFinite(smoothed[n - 1]) || smoothed[n - 1] > o.stopFactor() * best) {
                diverged = true;
                c.requestStop();
            } else if (n == o.steps()) {
                c.requestStop();
            }
        }

        @Override
        public void onTrainEnd(TrainingContext c) {
            try (NoGrad ignored = NoGrad.enter()) {
                for (int i = 0; i < params.size(); i++) {
                    params.get(i).assign(weights.get(i));
                }
            }
            c.optimizer().loadStateDict(optimizerState);
        }

        Result result() {
            double[] l = Arrays.copyOf(lrs, n), s = Arrays.copyOf(smoothed, n);
            int lowest = 0;
            for (int i = 1; i < n; i++) {
                if (s[i] < s[lowest]) {
                    lowest = i;
                }
            }
            return new Result(l, Arrays.copyOf(losses, n), s, n == 0 ? Double.NaN : l[lowest] / 10, n == 0 ? Double.NaN : l[lowest],
                    diverged);
        }
    }
}
