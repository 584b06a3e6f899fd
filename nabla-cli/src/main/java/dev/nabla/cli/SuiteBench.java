package dev.nabla.cli;

import dev.nabla.kernel.Parallel;
import dev.nabla.nn.Predictor;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Callback;
import dev.nabla.train.FitOptions;
import dev.nabla.train.Trainer;
import dev.nabla.train.TrainingContext;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code nabla bench --suite}: each {@link SuiteRow} at each thread count, one after the other (a row's
 * thread counts back to back, so that the machine's load is alike for them), on synthetic data drawn from
 * the seed. A training row first fits models untimed for at least {@link #WARMUP_SECONDS} (whole fits,
 * at least one: the row's own code, its activation's kernels and its shapes' paths compiled, and
 * recompiled, before anything is timed), then, at each thread count, fits a fresh model for
 * {@link #EPOCHS} epochs through {@code Trainer.fit} and reports the mean samples/s of the epochs after
 * the first (the first carries the cold caches); the inference row times passes of 10,000 rows in
 * batches of 1,000 through a {@link Predictor} after untimed passes for at least as long (and at least
 * {@link #INFERENCE_WARMUP}). {@code nabla-bench/pytorch/suite.py} is the same protocol.
 *
 * <p>Why seconds, not one fit: the JIT keeps improving the code for several seconds. One long fit of the
 * MLP at two threads, epoch by epoch from start-up: 84k samples/s after 1.7 s, 128–146k at 2–2.5 s,
 * 160–180k from 4.5 s on; with one untimed fit (about a second) the suite's first row was timed on that
 * slope and ran 20–30% below the same row placed later. With 4 s it still ran 10–25% below the row after
 * it in some runs (mlp-sigmoid first: 127k and 142k, then mlp-relu 154k and 164k), so the first training
 * row warms up for {@link #FIRST_WARMUP_SECONDS}.
 */
final class SuiteBench {
    static final int EPOCHS = 3;
    static final double WARMUP_SECONDS = 4;
    /** The first training row's warm-up: the JVM's own (see the class comment) comes on top of the row's. */
    static final double FIRST_WARMUP_SECONDS = 8;
    static final int INFERENCE_WARMUP = 10;
    static final int INFERENCE_PASSES = 30;

    /** One row: samples/s per thread count (in the order run) and the weights' SHA-256 per thread count. */
    record RowResult(SuiteRow row, List<Integer> threads, List<Double> samplesPerSecond, List<String> sha256) {
        boolean bitIdentical() {
            return sha256.stream().distinct().count() == 1;
        }

        int best() {
            int b = 0;
            for (int i = 1; i < samplesPerSecond.size(); i++) {
                b = samplesPerSecond.get(i) > samplesPerSecond.get(b) ? i : b;
            }
            return b;
        }

        /** The best thread count's floating-point rate over the whole step, GFLOP/s. */
        double gflops() {
            return samplesPerSecond.get(best()) * row.flopsPerSample() / 1e9;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("row", row.id());
            m.put("description", row.description());
            m.put("batch", row.batch());
            Map<String, Object> rates = new LinkedHashMap<>();
            for (int i = 0; i < threads.size(); i++) {
                rates.put(Integer.toString(threads.get(i)), Json.number(samplesPerSecond.get(i)));
            }
            m.put("samples_per_s", rates);
            m.put("best_threads", threads.get(best()));
            m.put("best_samples_per_s", Json.number(samplesPerSecond.get(best())));
            m.put("bit_identical_across_threads", bitIdentical());
            m.put("dtype", row.dtype().name().toLowerCase(java.util.Locale.ROOT));
            m.put("flops_per_sample", row.flopsPerSample());
            m.put("best_gflops", Json.number(gflops()));
            return m;
        }
    }

    private final long seed;
    private final PrintWriter progress;
    /** Whether a training row has run its warm-up in this JVM yet. */
    private boolean jvmWarm;

    SuiteBench(long seed, PrintWriter progress) {
        this.seed = seed;
        this.progress = progress;
    }

    RowResult run(SuiteRow row, List<Integer> counts) {
        Tensor[] data = data(row);
        List<Double> rates = new ArrayList<>();
        List<String> shas = new ArrayList<>();
        if (row != SuiteRow.INFERENCE) {
            double seconds = jvmWarm ? WARMUP_SECONDS : FIRST_WARMUP_SECONDS;
            jvmWarm = true;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            do {
                train(row, row.build(seed), data); // untimed: see the class comment
            } while (System.nanoTime() < end);
        }
        for (int t : counts) {
            int previous = Parallel.setThreads(t);
            try {
                Sequential model = row.build(seed);
                double rate = row == SuiteRow.INFERENCE ? infer(model, data[0]) : train(row, model, data);
                rates.add(rate);
                shas.add(sha256(model));
                progress.printf(Locale.ROOT, "suite %-13s threads %d: %,.0f samples/s%n", row.id(), Parallel.threads(), rate);
                progress.flush();
            } finally {
                Parallel.setThreads(previous);
            }
        }
        return new RowResult(row, counts, rates, shas);
    }

    private double train(SuiteRow row, Sequential model, Tensor[] data) {
        EpochClock clock = new EpochClock(data[0].dim(0));
        FitOptions options = FitOptions.defaults().epochs(EPOCHS).batchSize(row.batch()).seed(seed).callbacks(clock);
        new Trainer(model, row.loss(), row.optimizer(model.parameters())).fit(data[0], data[1], options);
        return clock.meanAfterFirst();
    }

    /** Rows per second of the no-grad forward over 10,000 rows in batches of 1,000. */
    private static double infer(Sequential model, Tensor x) {
        Predictor p = Predictor.of(model);
        int n = x.dim(0);
        Tensor[] batches = new Tensor[n / 1000];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = x.slice(0, i * 1000, (i + 1) * 1000);
        }
        double sink = 0;
        long warmEnd = System.nanoTime() + (long) (WARMUP_SECONDS * 1e9);
        for (int pass = 0; pass < INFERENCE_WARMUP || System.nanoTime() < warmEnd; pass++) {
            sink += pass(p, batches);
        }
        long start = System.nanoTime();
        for (int pass = 0; pass < INFERENCE_PASSES; pass++) {
            sink += pass(p, batches);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        model.train();
        return Double.isNaN(sink) ? Double.NaN : (double) INFERENCE_PASSES * batches.length * 1000 / seconds;
    }

    /** One pass over the batches; the sum of each prediction's first value, so that none can be skipped. */
    private static double pass(Predictor p, Tensor[] batches) {
        double sum = 0;
        for (Tensor b : batches) {
            sum += p.predict(b).f32()[0];
        }
        return sum;
    }

    /** Synthetic inputs in [0, 1) of the row's shape and dtype, and targets: class labels or a smooth function. */
    private Tensor[] data(SuiteRow row) {
        Generator g = new Generator(seed);
        int n = row.samples();
        int[] dims = new int[row.sample().length + 1];
        dims[0] = n;
        System.arraycopy(row.sample(), 0, dims, 1, row.sample().length);
        Tensor x = Tensor.uniform(g, row.dtype(), 0, 1, dims);
        if (!row.classification()) {
            return new Tensor[] {x, Tensor.normal(g, row.dtype(), 0, 1, n, 1)};
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = g.nextInt(10);
        }
        return new Tensor[] {x, Tensor.of(y, n)};
    }

    /** SHA-256 over the state dict in the model's own precision (float64 rows hash their doubles). */
    static String sha256(Sequential model) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                Tensor t = e.getValue();
                if (t.dtype() == DType.FLOAT64) {
                    double[] v = t.f64();
                    ByteBuffer b = ByteBuffer.allocate(8 * v.length);
                    b.asDoubleBuffer().put(v);
                    md.update(b.array());
                } else {
                    float[] v = t.toFloatArray();
                    ByteBuffer b = ByteBuffer.allocate(4 * v.length);
                    b.asFloatBuffer().put(v);
                    md.update(b.array());
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Samples/s of each whole epoch (shuffling and batching included). */
    private static final class EpochClock implements Callback {
        private final int samples;
        private final List<Double> rates = new ArrayList<>();
        private long begin;

        EpochClock(int samples) {
            this.samples = samples;
        }

        @Override
        public void onEpochBegin(TrainingContext context, int epoch) {
            begin = System.nanoTime();
        }

        @Override
        public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> logs) {
            rates.add(samples / ((System.nanoTime() - begin) / 1e9));
        }

        double meanAfterFirst() {
            return rates.subList(1, rates.size()).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }
}
