package dev.nabla.cli;

import dev.nabla.cli.TextTable.Align;
import dev.nabla.io.AtomicFiles;
import dev.nabla.kernel.NativeBlas;
import dev.nabla.kernel.Parallel;
import dev.nabla.tensor.Backend;
import dev.nabla.tensor.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nabla bench}: a Fashion-MNIST network ({@code --model mlp}, {@code cnn} or {@code cnn-bn}, {@link BenchNet}) end
 * to end ({@link MlpBench}) at each thread count, in one JVM: training throughput per epoch, test accuracy, heap, allocation and GC, the weights' SHA-256 (the
 * same bits for every thread count, or the kernels are broken), and single-sample inference latency.
 *
 * <p>The kernels' pool is created once per JVM at its full size ({@code -Dnabla.threads=N}, default the
 * cores); {@code --threads} limits how many of its threads the kernels use ({@link Parallel#setThreads}),
 * so a count above the pool's size runs at the pool's size (the report shows both). The thread counts run
 * one after another: the first one's first epoch carries the JIT's warm-up, hence "mean after 1st".
 * Targets are not checked here: {@code nabla-bench/compare-pytorch.sh} compares with PyTorch.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Benchmark a Fashion-MNIST network end to end (the MLP, or an example CNN): samples/s, "
                + "accuracy, memory, latency.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", defaultValue = "mlp", paramLabel = "NET",
            description = "The network: mlp (784-256-128-10), cnn (examples/fashion-mnist-cnn.json's) or cnn-bn "
                    + "(examples/fashion-mnist-cnn-bn.json's) (default: ${DEFAULT-VALUE}).")
    private String model;

    @Option(names = "--epochs", defaultValue = "3", paramLabel = "N", description = "Epochs per thread count (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--threads", defaultValue = "1,2", paramLabel = "LIST",
            description = "Kernel thread counts to run, comma-separated (default: ${DEFAULT-VALUE}).")
    private String threads;

    @Option(names = "--batch", defaultValue = "128", paramLabel = "N", description = "Batch size (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST directory (default: /usr/share/datasets/fashion-mnist).")
    private Path data;

    @Option(names = "--latency-samples", defaultValue = "2000", paramLabel = "N",
            description = "Single-sample forwards to time, after the warm-up ones (default: ${DEFAULT-VALUE}).")
    private int latencySamples;

    @Option(names = "--latency-warmup", defaultValue = "20000", paramLabel = "N",
            description = "Untimed single-sample forwards before the timed ones, so the JIT has compiled the "
                    + "serving path and the pool's hand-off (default: ${DEFAULT-VALUE}).")
    private int latencyWarmup;

    @Option(names = "--warmup-steps", defaultValue = "500", paramLabel = "N",
            description = "Untimed training steps of a throwaway model before each thread count's run, so the JIT "
                    + "has compiled the step (default: ${DEFAULT-VALUE}; 0: none).")
    private int warmupSteps;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of the weights and the shuffling (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
            description = "Where to train: cpu, or cuda (cuda:N) with the nabla-cuda module and an NVIDIA GPU. Default: ${DEFAULT-VALUE}.")
    private String device;

    @Option(names = "--json", description = "Print the report as JSON instead of tables.")
    private boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the JSON report to FILE.")
    private Path out;

    @Option(names = "--suite", description = "Run the suite instead: the MLP with ReLU, sigmoid and tanh, batch 32 and 512, a deep "
            + "narrow sigmoid net, a wide net, SGD with momentum, float64, a small regression net, batched inference "
            + "and the example CNN, on synthetic data; one table of samples/s (nabla-bench/compare-pytorch.sh --suite "
            + "adds PyTorch's).")
    private boolean suite;

    @Option(names = "--rows", paramLabel = "LIST", description = "With --suite: only these rows, comma-separated (default: all).")
    private String rows;

    @Option(names = "--synthetic", hidden = true, paramLabel = "N",
            description = "Random data of Fashion-MNIST's shape, N training images, instead of the data set (for tests).")
    private Integer synthetic;

    @Override
    public Integer call() throws IOException {
        List<Integer> counts = validated();
        if (suite) {
            return new SuiteReport(spec.commandLine(), seed, json, out).run(suiteRows(), counts);
        }
        Device where = DeviceOption.open(spec.commandLine(), device);
        BenchNet net = net();
        dev.nabla.kernel.Kernels.warmUp();
        MlpBench.Data d = synthetic != null ? MlpBench.synthetic(synthetic, seed) : MlpBench.fashionMnist(data);
        PrintWriter progress = spec.commandLine().getErr();
        double loadBefore = loadAverage();
        MlpBench bench = new MlpBench(net, d, epochs, batch, seed, latencySamples, latencyWarmup, warmupSteps, progress, where);
        List<MlpBench.Result> results = new ArrayList<>();
        for (int t : counts) {
            results.add(bench.run(t));
        }
        Map<String, Object> report = report(net, d, results, loadBefore, loadAverage());
        if (out != null) {
            String text = Json.write(report) + "\n";
            AtomicFiles.write(out, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(Json.write(report));
        } else {
            print(w, net, d, results, report);
        }
        w.flush();
        return 0;
    }

    private List<Integer> validated() {
        positive("--epochs", epochs);
        positive("--batch", batch);
        positive("--latency-samples", latencySamples);
        if (latencyWarmup < 0) {
            throw new ParameterException(spec.commandLine(), "--latency-warmup must be >= 0, got " + latencyWarmup);
        }
        if (warmupSteps < 0) {
            throw new ParameterException(spec.commandLine(), "--warmup-steps must be >= 0, got " + warmupSteps);
        }
        if (synthetic != null) {
            positive("--synthetic", synthetic);
        }
        List<Integer> counts = new ArrayList<>();
        for (String part : threads.split(",")) {
            try {
                counts.add(Integer.parseInt(part.strip()));
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), "--threads must be a comma-separated list of "
                        + "counts such as 1,2; got '" + threads + "'");
            }
            positive("--threads", counts.getLast());
        }
        return counts;
    }

    private List<SuiteRow> suiteRows() {
        if (rows == null) {
            return List.of(SuiteRow.values());
        }
        List<SuiteRow> picked = new ArrayList<>();
        for (String id : rows.split(",")) {
            SuiteRow r = SuiteRow.byId(id.strip());
            if (r == null) {
                throw new ParameterException(spec.commandLine(), "--rows: no suite row '" + id.strip() + "' (rows: "
                        + Arrays.stream(SuiteRow.values()).map(SuiteRow::id).collect(Collectors.joining(", ")) + ")");
            }
            picked.add(r);
        }
        return picked;
    }

    private BenchNet net() {
        return switch (model.strip().toLowerCase(Locale.ROOT)) {
            case "mlp" -> BenchNet.MLP;
            case "cnn" -> BenchNet.CNN;
            case "cnn-bn" -> BenchNet.CNN_BN;
            default -> throw new ParameterException(spec.commandLine(), "--model must be mlp, cnn or cnn-bn, got '" + model
                    + "'");
        };
    }

    private void positive(String option, int value) {
        if (value <= 0) {
            throw new ParameterException(spec.commandLine(), option + " must be > 0, got " + value);
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static boolean bitIdentical(List<MlpBench.Result> results) {
        return results.stream().map(MlpBench.Result::weightsSha256).distinct().count() == 1;
    }

    private Map<String, Object> report(BenchNet net, MlpBench.Data d, List<MlpBench.Result> results, double loadBefore, double loadAfter) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", net.benchmark());
        m.put("model", net.architecture());
        m.put("data", d.source());
        m.put("train_samples", d.trainX().dim(0));
        m.put("test_samples", d.testX().dim(0));
        m.put("epochs", epochs);
        m.put("batch", batch);
        m.put("seed", seed);
        m.put("device", Backend.forDevice(Device.of(device)).toString());
        m.put("jvm", Runtime.version().toString());
        m.put("kernels", VersionProvider.kernels());
        m.put("gemm", NativeBlas.describe());
        m.put("pool_threads", Parallel.threads());
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("load_average_before", Json.number(loadBefore));
        m.put("load_average_after", Json.number(loadAfter));
        m.put("runs", results.stream().map(this::runMap).toList());
        MlpBench.Result best = results.stream().max((a, b) -> Double.compare(a.meanAfterFirst(), b.meanAfterFirst())).orElseThrow();
        m.put("best_threads", best.threads());
        m.put("best_samples_per_s", Json.number(best.meanAfterFirst()));
        m.put("bit_identical_across_threads", bitIdentical(results));
        return m;
    }

    private Map<String, Object> runMap(MlpBench.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threads_requested", r.threadsRequested());
        m.put("threads", r.threads());
        m.put("epoch_samples_per_s", Arrays.stream(r.epochSamplesPerSecond()).mapToObj(Json::number).toList());
        m.put("best_epoch_samples_per_s", Json.number(r.best()));
        m.put("mean_after_first_samples_per_s", Json.number(r.meanAfterFirst()));
        m.put("train_seconds", Json.number(r.trainSeconds()));
        m.put("final_train_loss", Json.number(r.finalLoss()));
        m.put("test_accuracy", Json.number(r.testAccuracy()));
        m.putAll(r.usage().toMap(r.trainSeconds(), r.samplesTrained()));
        MlpBench.StepTimes st = r.steps();
        Map<String, Object> steps = new LinkedHashMap<>();
        steps.put("p50", Json.number(st.p50()));
        steps.put("p99", Json.number(st.p99()));
        steps.put("max", Json.number(st.max()));
        steps.put("steps", st.steps());
        steps.put("over_twice_median", st.overTwiceMedian());
        m.put("step_ms", steps);
        m.put("weights_sha256", r.weightsSha256());
        MlpBench.Latency l = r.latency();
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", l.p50());
        latency.put("p90", l.p90());
        latency.put("p99", l.p99());
        latency.put("mean", l.mean());
        latency.put("samples", l.samples());
        latency.put("warmup", latencyWarmup);
        m.put("latency_us", latency);
        return m;
    }

    private void print(PrintWriter w, BenchNet net, MlpBench.Data d, List<MlpBench.Result> results, Map<String, Object> report) {
        w.printf(Locale.ROOT, "Fashion-MNIST %s %s; batch %d, %d epoch(s), %d train / %d test samples%n",
                net.name().replace('_', '-'), net.architecture(), batch, epochs, d.trainX().dim(0), d.testX().dim(0));
        w.printf(Locale.ROOT, "data: %s; JVM %s; kernels: %s; %s%n", d.source(), Runtime.version(),
                VersionProvider.kernels(), NativeBlas.describe());
        w.println("device: " + report.get("device"));
        w.printf(Locale.ROOT, "pool %d thread(s), %d CPU(s); load average %.2f before, %.2f after%n%n", Parallel.threads(),
                Runtime.getRuntime().availableProcessors(), loadAverage(report, "before"), loadAverage(report, "after"));
        TextTable train = new TextTable().column("threads", Align.RIGHT).column("samples/s per epoch", Align.LEFT)
                .column("best", Align.RIGHT).column("mean after 1st", Align.RIGHT).column("train s", Align.RIGHT)
                .column("loss", Align.RIGHT).column("test acc", Align.RIGHT);
        TextTable memory = new TextTable().column("threads", Align.RIGHT).column("heap peak MB", Align.RIGHT)
                .column("max after GC MB", Align.RIGHT).column("allocated MB", Align.RIGHT).column("MB/s", Align.RIGHT)
                .column("bytes/sample", Align.RIGHT).column("GCs", Align.RIGHT).column("GC pause ms", Align.RIGHT);
        TextTable steps = new TextTable().column("threads", Align.RIGHT).column("p50 ms", Align.RIGHT)
                .column("p99 ms", Align.RIGHT).column("max ms", Align.RIGHT).column("steps", Align.RIGHT)
                .column("> 2x p50", Align.RIGHT);
        TextTable latency = new TextTable().column("threads", Align.RIGHT).column("p50 us", Align.RIGHT)
                .column("p90 us", Align.RIGHT).column("p99 us", Align.RIGHT).column("mean us", Align.RIGHT)
                .column("samples", Align.RIGHT);
        for (MlpBench.Result r : results) {
            String t = threadsCell(r);
            train.row(t, Arrays.stream(r.epochSamplesPerSecond()).mapToObj(BenchCommand::thousands).collect(Collectors.joining(" ")),
                    thousands(r.best()), thousands(r.meanAfterFirst()), fmt("%.1f", r.trainSeconds()),
                    fmt("%.4f", r.finalLoss()), fmt("%.4f", r.testAccuracy()));
            memory.row(memoryCells(t, r));
            MlpBench.StepTimes st = r.steps();
            steps.row(t, fmt("%.3f", st.p50()), fmt("%.3f", st.p99()), fmt("%.3f", st.max()), Integer.toString(st.steps()),
                    Integer.toString(st.overTwiceMedian()));
            MlpBench.Latency l = r.latency();
            latency.row(t, fmt("%.1f", l.p50()), fmt("%.1f", l.p90()), fmt("%.1f", l.p99()), fmt("%.1f", l.mean()),
                    Integer.toString(l.samples()));
        }
        section(w, "Training", train);
        section(w, "Memory and GC during training", memory);
        section(w, "Training step time, epochs 2+ (batch fetch to end of update)", steps);
        section(w, "Single-sample inference latency (Predictor: eval mode, no grad, packed weights; " + net.singleInput() + ")",
                latency);
        for (MlpBench.Result r : results) {
            w.printf(Locale.ROOT, "weights SHA-256, %s thread(s): %s%n", threadsCell(r), r.weightsSha256());
        }
        w.println("bit-identical across thread counts: " + (bitIdentical(results) ? "yes" : "no"));
    }

    private static String[] memoryCells(String threadsCell, MlpBench.Result r) {
        JvmMeter.Usage u = r.usage();
        boolean alloc = u.allocatedBytes() >= 0;
        return new String[] {threadsCell, fmt("%.1f", JvmMeter.Usage.mb(u.peakHeapBytes())),
            u.maxAfterGcBytes() < 0 ? "-" : fmt("%.1f", JvmMeter.Usage.mb(u.maxAfterGcBytes())),
            alloc ? fmt("%.1f", JvmMeter.Usage.mb(u.allocatedBytes())) : "-",
            alloc ? fmt("%.1f", JvmMeter.Usage.mb(u.allocatedBytes()) / r.trainSeconds()) : "-",
            alloc ? thousands((double) u.allocatedBytes() / r.samplesTrained()) : "-",
            Long.toString(u.gcCount()), Long.toString(u.gcMillis())};
    }

    private static void section(PrintWriter w, String title, TextTable table) {
        w.println(title);
        table.print(w);
        w.println();
    }

    private static String threadsCell(MlpBench.Result r) {
        return r.threads() == r.threadsRequested() ? Integer.toString(r.threads())
                : r.threads() + " (asked " + r.threadsRequested() + ")";
    }

    private static double loadAverage(Map<String, Object> report, String when) {
        Object v = report.get("load_average_" + when);
        return v == null ? Double.NaN : (Double) v;
    }

    private static String thousands(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }
}
