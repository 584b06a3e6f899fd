package dev.nabla.cli;

import dev.nabla.autograd.NoGrad;
import dev.nabla.data.FashionMnist;
import dev.nabla.kernel.Parallel;
import dev.nabla.loss.CrossEntropy;
import dev.nabla.nn.Predictor;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Device;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Callback;
import dev.nabla.train.FitOptions;
import dev.nabla.train.History;
import dev.nabla.train.Metric;
import dev.nabla.train.Trainer;
import dev.nabla.train.TrainingContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end-to-end benchmark behind {@code nabla bench}: a Fashion-MNIST network ({@link BenchNet}: the MLP
 * 784-256-128-10 or the example CNN; cross-entropy, Adam lr 1e-3, inputs divided by 255) trained with
 * {@link Trainer} at one thread count, then its test accuracy, the SHA-256 of its weights, and its
 * single-sample inference latency. {@code nabla-bench/pytorch/fashion_mlp.py} (and {@code fashion_cnn.py})
 * run the same protocol in PyTorch.
 */
final class MlpBench {
    private static final int INPUTS = FashionMnist.SIDE * FashionMnist.SIDE;

    /** Training and test data, images flattened to [N, 784] and scaled to [0, 1]. */
    record Data(Tensor trainX, Tensor trainY, Tensor testX, Tensor testY, String source) {}

    /**
     * Training step times in milliseconds over the epochs after the first (batch fetch to the end of the
     * update), and how many steps took more than twice the median: where a GC pause would show.
     */
    record StepTimes(double p50, double p99, double max, int steps, int overTwiceMedian) {}

    /** Single-sample forward times in microseconds (percentiles by nearest rank). */
    record Latency(double p50, double p90, double p99, double mean, int samples) {}

    /** One thread count's results; {@code threads} is what the pool allowed of {@code threadsRequested}. */
    record Result(int threadsRequested, int threads, double[] epochSamplesPerSecond, long samplesTrained,
                  double trainSeconds, double finalLoss, double testAccuracy, JvmMeter.Usage usage, StepTimes steps,
                  String weightsSha256, Latency latency) {

        double best() {
            return Arrays.stream(epochSamplesPerSecond).max().orElse(Double.NaN);
        }

        /** The mean of the epochs after the first (epoch 1 includes the JIT's warm-up); epoch 1 if alone. */
        double meanAfterFirst() {
            double[] e = epochSamplesPerSecond;
            return e.length == 1 ? e[0] : Arrays.stream(e, 1, e.length).average().orElse(Double.NaN);
        }
    }

    private final BenchNet net;
    private final Data data;
    private final int epochs;
    private final int batch;
    private final long seed;
    private final int latencySamples;
    private final int latencyWarmup;
    private final int warmupSteps;
    private final PrintWriter progress;
    private final Device device;

    MlpBench(BenchNet net, Data data, int epochs, int batch, long seed, int latencySamples, int latencyWarmup,
             int warmupSteps, PrintWriter progress, Device device) {
        this.net = net;
        this.device = device;
        // once, before the clock: a GPU trains from its own memory
        this.data = new Data(net.view(data.trainX()).to(device), data.trainY().to(device), net.view(data.testX()).to(device),
                data.testY().to(device), data.source());
        this.epochs = epochs;
        this.batch = batch;
        this.seed = seed;
        this.latencySamples = latencySamples;
        this.latencyWarmup = latencyWarmup;
        this.warmupSteps = warmupSteps;
        this.progress = progress;
    }

    /** Fashion-MNIST from {@code dir} (null: the default directory). */
    static Data fashionMnist(Path dir) throws IOException {
        FashionMnist.Split s = FashionMnist.load(dir);
        String where = dir == null ? FashionMnist.defaultDirectory().toString() : dir.toString();
        return new Data(scaled(s.train().features()), s.train().targets(), scaled(s.test().features()),
                s.test().targets(), "fashion-mnist (" + where + ")");
    }

    /** Random images of Fashion-MNIST's shape and range and random labels: n to train on, n/4 to test. */
    static Data synthetic(int n, long seed) {
        Generator g = new Generator(seed);
        int test = Math.max(1, n / 4);
        return new Data(scaled(randomImages(g, n)), randomLabels(g, n), scaled(randomImages(g, test)),
                randomLabels(g, test), "synthetic (" + n + " random images)");
    }

    private static Tensor randomImages(Generator g, int n) {
        return Tensor.uniform(g, DType.FLOAT32, 0, 255, n, FashionMnist.SIDE, FashionMnist.SIDE);
    }

    private static Tensor randomLabels(Generator g, int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = g.nextInt(FashionMnist.CLASS_NAMES.size());
        }
        return Tensor.of(y, n);
    }

    private static Tensor scaled(Tensor raw) {
        try (NoGrad ignored = NoGrad.enter()) {
            return raw.reshape(raw.dim(0), INPUTS).div(255);
        }
    }

    /** Trains a fresh model with the kernels limited to {@code threads}, then measures it. */
    Result run(int threads) {
        int previous = Parallel.setThreads(threads);
        warmUp();
        try (JvmMeter meter = new JvmMeter()) {
            Sequential model = net.build(seed);
            model.to(device);
            EpochTimer timer = new EpochTimer(data.trainX().dim(0), Parallel.threads());
            FitOptions options = FitOptions.defaults().epochs(epochs).batchSize(batch).seed(seed).callbacks(timer);
            Trainer trainer = new Trainer(model, CrossEntropy.of(), new Adam(model.parameters(), 1e-3));
            System.gc(); // start from a clean heap: the previous run's garbage is not this run's
            meter.start();
            long start = System.nanoTime();
            History h = trainer.fit(data.trainX(), data.trainY(), options);
            double seconds = (System.nanoTime() - start) / 1e9;
            JvmMeter.Usage usage = meter.stop();
            double accuracy = trainer.evaluate(data.testX(), data.testY(), 1000, List.of(Metric.accuracy()), List.of())
                    .get("accuracy");
            long trained = (long) epochs * data.trainX().dim(0);
            return new Result(threads, Parallel.threads(), timer.samplesPerSecond(), trained, seconds, h.last("loss"), accuracy,
                    usage, timer.stepTimes(), sha256(model), latency(model));
        } finally {
            Parallel.setThreads(previous);
        }
    }

    /**
     * Trains a throwaway model for {@code warmupSteps} steps, untimed, at the current thread count, so
     * that the JIT has compiled the step before the clock starts: on 2 cores its compiler threads
     * otherwise compete with training well into the second epoch, and the first run measured paid for
     * it (its epochs 2+ had up to 120 steps over twice the median; the same run second had 1 to 6).
     */
    private void warmUp() {
        if (warmupSteps == 0) {
            return;
        }
        int n = Math.min(data.trainX().dim(0), warmupSteps * batch);
        int passes = (int) Math.ceil((double) warmupSteps * batch / n);
        Sequential throwaway = net.build(seed + 1);
        throwaway.to(device);
        new Trainer(throwaway, CrossEntropy.of(), new Adam(throwaway.parameters(), 1e-3))
                .fit(data.trainX().slice(0, 0, n), data.trainY().slice(0, 0, n),
                        FitOptions.defaults().epochs(passes).batchSize(batch).seed(seed));
    }

    /**
     * Times {@code latencySamples} single-image forwards ([1, 784], or [1, 1, 28, 28]) through a {@link Predictor} (how a
     * service would call the model), after {@code latencyWarmup} untimed ones. The warm-up is long
     * (20,000 by default) because the serving path and the pool's hand-off settle slowly on two cores:
     * after 500 calls the two-thread p50 was 12–25 µs, after 50,000 about 8 µs, as the JIT finished.
     */
    private Latency latency(Sequential model) {
        int n = latencySamples;
        Tensor[] inputs = new Tensor[n];
        for (int i = 0; i < n; i++) {
            int row = i % data.testX().dim(0);
            inputs[i] = data.testX().slice(0, row, row + 1).copy();
        }
        long[] nanos = new long[n];
        double sink = 0;
        Predictor predictor = Predictor.of(model); // eval mode, no grad, weights packed once
        try {
            for (int i = 0; i < latencyWarmup; i++) {
                sink += first(predictor.predict(inputs[i % n]));
            }
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                Tensor out = predictor.predict(inputs[i]);
                nanos[i] = System.nanoTime() - t0;
                sink += first(out);
            }
        } finally {
            model.train();
        }
        if (Double.isNaN(sink)) {
            progress.println("note: the model's outputs are NaN");
        }
        return stats(nanos);
    }

    /** The first output, read as a service would: on a GPU this waits for the forward and copies it back. */
    private float first(Tensor out) {
        return device.isCpu() ? out.f32()[0] : (float) out.get(0, 0);
    }

    static Latency stats(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(Double.NaN) / 1e3;
        return new Latency(rank(s, 0.50), rank(s, 0.90), rank(s, 0.99), mean, s.length);
    }

    /** Nearest-rank percentile in microseconds: the smallest value with at least p of the samples at or below. */
    private static double rank(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.clamp(i, 0, sorted.length - 1)] / 1e3;
    }

    /** SHA-256 over the state dict: each name (UTF-8) followed by its float32 values (big-endian bits). */
    static String sha256(Sequential model) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
            md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            float[] v = e.getValue().toFloatArray();  // from any device
            ByteBuffer b = ByteBuffer.allocate(4 * v.length);
            b.asFloatBuffer().put(v);
            md.update(b.array());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Wall time of each whole epoch, first batch to last (shuffling and batching included). */
    private final class EpochTimer implements Callback {
        private final int samples;
        private final int threads;
        private final List<Double> rates = new ArrayList<>();
        /** Step durations after the first epoch, preallocated so that recording them allocates nothing. */
        private final long[] stepNanos;
        private int stepCount;
        private int epoch;
        private long begin;
        private long lastBatchEnd;

        EpochTimer(int samples, int threads) {
            this.samples = samples;
            this.threads = threads;
            this.stepNanos = new long[Math.max(0, epochs - 1) * ((samples + batch - 1) / batch)];
        }

        @Override
        public void onEpochBegin(TrainingContext context, int epoch) {
            this.epoch = epoch;
            begin = System.nanoTime();
            lastBatchEnd = begin;
        }

        @Override
        public void onBatchEnd(TrainingContext context, int batchIndex, Map<String, Double> logs) {
            long now = System.nanoTime();
            if (epoch > 0 && stepCount < stepNanos.length) {
                stepNanos[stepCount++] = now - lastBatchEnd;
            }
            lastBatchEnd = now;
        }

        StepTimes stepTimes() {
            long[] s = Arrays.copyOf(stepNanos, stepCount);
            if (s.length == 0) {
                return new StepTimes(Double.NaN, Double.NaN, Double.NaN, 0, 0);
            }
            Arrays.sort(s);
            double p50 = rank(s, 0.50) / 1e3;
            int slow = (int) Arrays.stream(s).filter(v -> v > 2 * p50 * 1e6).count();
            // all three through rank() and the same division, so that p50 <= p99 <= max holds in doubles too
            return new StepTimes(p50, rank(s, 0.99) / 1e3, rank(s, 1.0) / 1e3, s.length, slow);
        }

        @Override
        public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> logs) {
            double rate = samples / ((System.nanoTime() - begin) / 1e9);
            rates.add(rate);
            progress.printf(Locale.ROOT, "threads %d: epoch %d/%d  %,.0f samples/s  loss %.4f%n",
                    threads, epoch + 1, epochs, rate, logs.get("loss"));
            progress.flush();
        }

        double[] samplesPerSecond() {
            return rates.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }
}
