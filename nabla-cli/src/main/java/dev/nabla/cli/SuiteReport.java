package dev.nabla.cli;

import dev.nabla.cli.TextTable.Align;
import dev.nabla.io.AtomicFiles;
import dev.nabla.kernel.FmaPeak;
import dev.nabla.tensor.DType;
import dev.nabla.kernel.Kernels;
import dev.nabla.kernel.NativeBlas;
import dev.nabla.kernel.Parallel;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code nabla bench --suite} ({@link SuiteBench}) and prints its table or its JSON report, the one
 * {@code nabla-bench/pytorch/compare_suite.py} reads next to {@code suite.py}'s.
 */
final class SuiteReport {
    private final CommandLine cli;
    private final long seed;
    private final boolean json;
    private final Path out;

    SuiteReport(CommandLine cli, long seed, boolean json, Path out) {
        this.cli = cli;
        this.seed = seed;
        this.json = json;
        this.out = out;
    }

    int run(List<SuiteRow> rows, List<Integer> counts) throws IOException {
        Kernels.warmUp();
        double before = load();
        SuiteBench bench = new SuiteBench(seed, cli.getErr());
        List<SuiteBench.RowResult> results = new ArrayList<>();
        for (SuiteRow row : rows) {
            results.add(bench.run(row, counts));
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "suite");
        report.put("framework", "nabla");
        report.put("jvm", Runtime.version().toString());
        report.put("kernels", VersionProvider.kernels());
        report.put("gemm", NativeBlas.describe());
        report.put("pool_threads", Parallel.threads());
        report.put("cpus", Runtime.getRuntime().availableProcessors());
        report.put("epochs", SuiteBench.EPOCHS);
        report.put("load_average_before", Json.number(before));
        report.put("load_average_after", Json.number(load()));
        report.put("fma_peak_gflops", fmaPeak(counts));
        report.put("rows", results.stream().map(SuiteBench.RowResult::toMap).toList());
        if (out != null) {
            String text = Json.write(report) + "\n";
            AtomicFiles.write(out, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
        }
        PrintWriter w = cli.getOut();
        if (json) {
            w.println(Json.write(report));
        } else {
            print(w, results, counts, report);
        }
        w.flush();
        return 0;
    }

    private static void print(PrintWriter w, List<SuiteBench.RowResult> results, List<Integer> counts, Map<String, Object> report) {
        w.printf(Locale.ROOT, "Nabla suite: synthetic data, %d epochs per row (mean after the 1st); JVM %s; kernels: %s; %s%n",
                SuiteBench.EPOCHS, report.get("jvm"), report.get("kernels"), report.get("gemm"));
        w.printf(Locale.ROOT, "pool %d thread(s), %d CPU(s); load average %s before, %s after%n%n", Parallel.threads(),
                Runtime.getRuntime().availableProcessors(), report.get("load_average_before"), report.get("load_average_after"));
        w.printf(Locale.ROOT, "float32 FMA peak, measured after the rows (GFLOP/s by thread count): %s%n%n", report.get("fma_peak_gflops"));
        TextTable t = new TextTable().column("row", Align.LEFT);
        for (int c : counts) {
            t.column("samples/s @" + c, Align.RIGHT);
        }
        t.column("best", Align.RIGHT).column("GFLOP/s", Align.RIGHT).column("of peak", Align.RIGHT)
                .column("bit-identical", Align.LEFT).column("network", Align.LEFT);
        for (SuiteBench.RowResult r : results) {
            List<String> cells = new ArrayList<>();
            cells.add(r.row().id());
            r.samplesPerSecond().forEach(v -> cells.add(String.format(Locale.ROOT, "%,.0f", v)));
            cells.add("@" + r.threads().get(r.best()));
            cells.add(String.format(Locale.ROOT, "%.1f", r.gflops()));
            Object peakAtBest = ((Map<?, ?>) report.get("fma_peak_gflops")).get(Integer.toString(r.threads().get(r.best())));
            // the float32 peak; float64 vectors hold half the lanes, so its peak is half
            double scale = r.row().dtype() == DType.FLOAT64 ? 2 : 1;
            cells.add(peakAtBest instanceof Number n ? String.format(Locale.ROOT, "%.0f%%", 100 * scale * r.gflops() / n.doubleValue()) : "-");
            cells.add(r.bitIdentical() ? "yes" : "NO");
            cells.add(r.row().description());
            t.row(cells.toArray(String[]::new));
        }
        t.print(w);
    }

    /**
     * The machine's float32 FMA ceiling at each thread count of the run ({@link FmaPeak}, 0.3 s each):
     * against it, a row's GFLOP/s says how much room the hardware leaves, and whether a target is above it.
     * Measured after the rows: just after the warm-up the JIT's compiler threads still take a core.
     */
    private static Map<String, Object> fmaPeak(List<Integer> counts) {
        Map<String, Object> peak = new LinkedHashMap<>();
        for (int c : counts) {
            peak.put(Integer.toString(c), Json.number(Math.round(FmaPeak.gflops(c, 300) * 10) / 10.0));
        }
        return peak;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
