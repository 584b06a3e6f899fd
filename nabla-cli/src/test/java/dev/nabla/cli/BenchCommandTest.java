package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nabla.kernel.Parallel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nabla bench} on a small random stand-in for Fashion-MNIST ({@code --synthetic}): the report's
 * fields and the bit-identity of the weights across thread counts. Never its speed.
 */
class BenchCommandTest {

    /** A few steps of warm-up: the path runs, without the default's 500 steps per thread count. */
    private static final String[] SMALL = {"bench", "--synthetic", "384", "--epochs", "2", "--latency-samples", "20",
        "--warmup-steps", "5"};

    private static Cli.Run bench(String... more) {
        String[] args = new String[SMALL.length + more.length];
        System.arraycopy(SMALL, 0, args, 0, SMALL.length);
        System.arraycopy(more, 0, args, SMALL.length, more.length);
        return Cli.nabla(args);
    }

    @Test
    void tablesShowEveryThreadCountAndTheWeightsAreBitIdentical() {
        int before = Parallel.threads();
        Cli.Run r = bench("--threads", "1,2");
        assertEquals(0, r.code(), r.out() + r.err());
        for (String heading : List.of("Training", "Memory and GC during training", "Single-sample inference latency",
                "samples/s per epoch", "mean after 1st", "test acc", "heap peak MB", "GC pause ms", "p50 us", "p99 us",
                "Training step time", "p50 ms", "max ms", "> 2x p50")) {
            assertTrue(r.out().contains(heading), heading + " in\n" + r.out());
        }
        assertTrue(r.out().contains("bit-identical across thread counts: yes"), r.out());
        assertEquals(2, r.out().lines().filter(l -> l.startsWith("weights SHA-256")).count(), r.out());
        assertTrue(r.err().contains("threads 1: epoch 2/2"), "progress on stderr:\n" + r.err());
        assertEquals(before, Parallel.threads(), "the thread limit is restored");
    }

    @Test
    void jsonHasTheFieldsTheComparisonScriptReads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bench.json");
        Cli.Run r = bench("--threads", "2,1", "--json", "--out", file.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        JsonObject report = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(report, JsonParser.parseString(Files.readString(file)), "--out writes the same report");
        assertTrue(report.get("bit_identical_across_threads").getAsBoolean(), r.out());
        for (String key : List.of("train_samples", "epochs", "batch", "load_average_before", "best_samples_per_s")) {
            assertTrue(report.has(key), key + " in " + r.out());
        }
        JsonArray runs = report.getAsJsonArray("runs");
        assertEquals(2, runs.size());
        for (var e : runs) {
            JsonObject run = e.getAsJsonObject();
            assertEquals(2, run.getAsJsonArray("epoch_samples_per_s").size(), r.out());
            for (String key : List.of("threads", "best_epoch_samples_per_s", "mean_after_first_samples_per_s",
                    "test_accuracy", "heap_peak_used_mb", "allocated_bytes_per_sample", "gc_count", "gc_pause_ms",
                    "weights_sha256")) {
                assertTrue(run.has(key), key + " in " + run);
            }
            JsonObject steps = run.getAsJsonObject("step_ms");
            assertTrue(steps.get("steps").getAsInt() > 0, "the second epoch's steps are timed: " + steps);
            assertTrue(steps.get("p50").getAsDouble() > 0
                    && steps.get("p50").getAsDouble() <= steps.get("p99").getAsDouble()
                    && steps.get("p99").getAsDouble() <= steps.get("max").getAsDouble(), steps.toString());
            JsonObject latency = run.getAsJsonObject("latency_us");
            for (String key : List.of("p50", "p90", "p99", "mean")) {
                assertTrue(latency.get(key).getAsDouble() > 0, key + " in " + latency);
            }
            assertEquals(20, latency.get("samples").getAsInt());
        }
    }

    @Test
    void theCnnsRunOnImagesAndAreBitIdenticalAcrossThreadCounts() {
        for (String model : List.of("cnn", "cnn-bn")) {
            Cli.Run r = Cli.nabla("bench", "--model", model, "--synthetic", "160", "--epochs", "1", "--latency-samples",
                    "10", "--latency-warmup", "10", "--warmup-steps", "1", "--batch", "32", "--threads", "1,2");
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("Fashion-MNIST " + model.toUpperCase(java.util.Locale.ROOT) + " examples/"
                    + (model.equals("cnn") ? "fashion-mnist-cnn.json" : "fashion-mnist-cnn-bn.json")), r.out());
            assertTrue(r.out().contains("[1, 1, 28, 28]"), r.out());
            assertTrue(r.out().contains("bit-identical across thread counts: yes"), r.out());
        }
    }

    @Test
    void theBenchCnnsAreTheExamplesNetworks() throws Exception {
        assertEquals(exampleModel("fashion-mnist-cnn.json"), dev.nabla.nn.Layers.write(dev.nabla.nn.Sequential.of(
                BenchNet.CNN.layers())));
        assertEquals(exampleModel("fashion-mnist-cnn-bn.json"), dev.nabla.nn.Layers.write(dev.nabla.nn.Sequential.of(
                BenchNet.CNN_BN.layers())));
    }

    /** The model an example spec describes, written back as a layer description. */
    @SuppressWarnings("unchecked")
    private static Object exampleModel(String file) throws Exception {
        Object spec = dev.nabla.io.Json.parse(Files.readString(Path.of("..", "examples", file)));
        Object model = ((java.util.Map<?, ?>) spec).get("model");
        java.util.Map<String, Object> layers = new java.util.LinkedHashMap<>((java.util.Map<String, Object>) model);
        layers.remove("input");
        return dev.nabla.nn.Layers.write(dev.nabla.nn.Layers.read(layers, "$.model"));
    }

    @Test
    void badArgumentsAreUsageErrorsAndMissingDataIsOne(@TempDir Path empty) {
        assertEquals(2, Cli.nabla("bench", "--threads", "1,x").code());
        assertEquals(2, Cli.nabla("bench", "--threads", "0").code());
        assertEquals(2, Cli.nabla("bench", "--epochs", "0").code());
        assertEquals(2, Cli.nabla("bench", "--warmup-steps", "-1").code());
        Cli.Run model = Cli.nabla("bench", "--model", "resnet");
        assertEquals(2, model.code());
        assertTrue(model.err().contains("--model must be mlp, cnn or cnn-bn, got 'resnet'"), model.err());
        Cli.Run r = Cli.nabla("bench", "--data", empty.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("Fashion-MNIST not found in " + empty), r.err());
    }

    /**
     * The step's floating-point operations per sample, counted from the layers: the MLP rows' 784-256-128-10
     * (234,752 multiply-adds forward) and the CNN example's four convolutions and dense layer.
     */
    @Test
    void flopsPerSampleCountTheProductsOfTheStep() {
        long mlp = 784 * 256 + 256 * 128 + 128 * 10;
        assertEquals(2 * (3 * mlp - 784 * 256), SuiteRow.MLP_RELU.flopsPerSample());
        assertEquals(2 * mlp, SuiteRow.INFERENCE.flopsPerSample());
        long conv1 = 32 * 9 * 28 * 28, cnn = conv1 + 32 * 32 * 9 * 28 * 28 + 64 * 32 * 9 * 14 * 14 + 64 * 64 * 9 * 14 * 14
                + 64 * 7 * 7 * 10;
        assertEquals(2 * (3 * cnn - conv1), SuiteRow.CNN.flopsPerSample());
    }

    /** The suite's table and report on its fastest row; the PyTorch script reads the same row names. */
    @Test
    void suiteRowsReportEveryThreadCountWithTheSameBits(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("suite.json");
        Cli.Run r = Cli.nabla("bench", "--suite", "--rows", "regression", "--threads", "1,2", "--out", file.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("samples/s @1") && r.out().contains("samples/s @2"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("regression") && l.contains("yes")), r.out());
        JsonObject row = JsonParser.parseString(Files.readString(file)).getAsJsonObject().getAsJsonArray("rows")
                .get(0).getAsJsonObject();
        assertEquals("regression", row.get("row").getAsString());
        assertTrue(row.get("bit_identical_across_threads").getAsBoolean(), row.toString());
        assertEquals(2, row.getAsJsonObject("samples_per_s").size());
        // 8-32-32-1: 256 + 1,024 + 32 multiply-adds forward; training 3x that less the first layer's input gradient
        assertEquals(2 * (3 * (256 + 1024 + 32) - 256), row.get("flops_per_sample").getAsLong());
        assertEquals("float32", row.get("dtype").getAsString(), "compare_suite.py halves the peak for float64 rows");
        JsonObject peak = JsonParser.parseString(Files.readString(file)).getAsJsonObject().getAsJsonObject("fma_peak_gflops");
        // a rate, whatever the machine's load (its size is for the benchmark to report, not for a test to assert)
        assertTrue(peak.get("1").getAsDouble() > 0 && peak.get("2").getAsDouble() > 0, peak.toString());
        assertTrue(r.out().contains("float32 FMA peak") && r.out().contains("of peak"), r.out());
        String script = Files.readString(Path.of("..", "nabla-bench", "pytorch", "suite.py"));
        for (SuiteRow s : SuiteRow.values()) {
            assertTrue(script.contains("\"" + s.id() + "\": ("), s.id() + " is a row of suite.py too");
        }
        Cli.Run bad = Cli.nabla("bench", "--suite", "--rows", "resnet");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--rows: no suite row 'resnet'"), bad.err());
    }

    /**
     * The PyTorch peer's scripts tell glibc's malloc to keep freed memory before they make any data
     * (nabla-bench/pytorch/heap.py): left as it starts, it gave Adam's step temporaries back every step and
     * the suite's Adam rows ran PyTorch at a quarter of its speed; whether a script was hit depended on what
     * its data loading happened to free first.
     */
    @Test
    void pytorchScriptsKeepFreedMemoryBeforeTheirData() throws Exception {
        Path dir = Path.of("..", "nabla-bench", "pytorch");
        String[][] scripts = {
            {"suite.py", "x, y = data(name"}, {"fashion_mlp.py", "load(args.data"}, {"blas_check.py", "gemm_gflops(t, "}};
        for (String[] script : scripts) {
            String text = Files.readString(dir.resolve(script[0]));
            int keep = text.indexOf("heap.keep_freed_memory()");
            int data = text.indexOf(script[1]);
            assertTrue(keep >= 0 && data > keep, script[0] + " keeps freed memory before " + script[1]);
        }
    }
}
