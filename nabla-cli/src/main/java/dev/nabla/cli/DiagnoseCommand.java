package dev.nabla.cli;

import dev.nabla.cli.TextTable.Align;
import dev.nabla.cli.plot.FlowPlot;
import dev.nabla.insight.FlowFindings;
import dev.nabla.insight.SpecDiagnosis;
import dev.nabla.insight.VanishingGradients;
import dev.nabla.io.AtomicFiles;
import dev.nabla.spec.Experiment;
import dev.nabla.spec.RunListener;
import dev.nabla.train.FlowCsv;
import dev.nabla.train.FlowRecord;
import dev.nabla.train.LayerFlow;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nabla diagnose SPEC}: trains a spec briefly with the gradient-flow recorder and draws what it saw,
 * per layer; {@code nabla diagnose --demo vanishing}: the lecture notes' vanishing gradients, the same deep
 * network three ways. Both print a table of the per-layer gradient norms and what they say.
 */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = "Look inside training: per-layer gradients, activations, dead and saturated units, as PNG and CSV.")
public final class DiagnoseCommand implements Callable<Integer> {
    static final List<String> FLOW_FILES = List.of("gradient_flow.csv", "gradient_norms.png", "gradient_histograms.png",
            "activation_histograms.png", "weight_gradient_histograms.png");

    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC", description = "The experiment spec to train briefly and look into.")
    private Path specFile;

    @Option(names = "--demo", paramLabel = "NAME", description = "A demo instead of a spec: vanishing (a deep network: "
            + "sigmoid with N(0,1) weights, relu with He's, sigmoid with Glorot's).")
    private String demo;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write (default: runs/<spec name>-diagnose, or runs/<demo>).")
    private Path out;

    @Option(names = "--force", description = "Replace the files of an earlier diagnose in --out.")
    private boolean force;

    @Option(names = "--steps", paramLabel = "N", description = "Updates to train (default: 100 for a spec, 50 for the demo).")
    private Integer steps;

    @Option(names = "--every", paramLabel = "N", defaultValue = "10", description = "Record every N updates (default: ${DEFAULT-VALUE}).")
    private int every;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "12", description = "Demo: hidden layers (default: ${DEFAULT-VALUE}).")
    private int depth;

    @Option(names = "--width", paramLabel = "N", defaultValue = "16", description = "Demo: units per hidden layer (default: ${DEFAULT-VALUE}).")
    private int width;

    @Option(names = "--seed", paramLabel = "N", description = "Override the seed (the spec's, or 0 for the demo).")
    private Long seed;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        return demo != null ? vanishing() : specRun();
    }

    private void checkOptions() {
        String problem = (specFile == null) == (demo == null) ? "give a SPEC or --demo vanishing (one of them)"
                : demo != null && !demo.equals("vanishing") ? "--demo: unknown demo '" + demo + "'; the demos: vanishing"
                : steps != null && steps < 1 ? "--steps must be at least 1, got " + steps
                : every < 1 ? "--every must be at least 1, got " + every
                : depth < 1 || width < 1 ? "--depth and --width must be at least 1, got " + depth + " and " + width : null;
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
    }

    private int vanishing() throws IOException {
        VanishingGradients.Options o = new VanishingGradients.Options(depth, width, steps == null ? 50 : steps, every,
                VanishingGradients.Options.DEFAULT.batch(), VanishingGradients.Options.DEFAULT.lr(), seed == null ? 0 : seed);
        Path dir = PictureFolder.prepare(out != null ? out : Path.of("runs", "vanishing"), FLOW_FILES, force);
        List<VanishingGradients.Run> runs = VanishingGradients.run(o);
        Map<String, FlowRecord> initial = new LinkedHashMap<>();
        List<FlowRecord> all = new ArrayList<>();
        runs.forEach(r -> initial.put(r.setup().name(), r.initial()));
        runs.forEach(r -> all.addAll(r.records()));
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "vanishing gradients: %d hidden layers of %d units on the bundled digits, at the initial weights%n",
                depth, width);
        table(initial, w);
        for (VanishingGradients.Run r : runs) {
            w.println(r.setup().name() + ": " + FlowFindings.of(r.initial()).get(0).message());
        }
        Map<String, Path> files = write(dir, initial, runs.get(0).records().isEmpty() ? List.of() : csvOf(runs), "at the initial weights");
        files.forEach((k, p) -> w.printf("%-26s %s%n", k, p));
        w.flush();
        return 0;
    }

    /** One CSV for the three networks: each network's records, its name in front of every row. */
    private static List<String> csvOf(List<VanishingGradients.Run> runs) {
        List<String> lines = new ArrayList<>();
        for (VanishingGradients.Run r : runs) {
            String[] rows = FlowCsv.write(r.records()).split("\n");
            if (lines.isEmpty()) {
                lines.add("network," + rows[0]);
            }
            for (int i = 1; i < rows.length; i++) {
                lines.add('"' + r.setup().name() + "\"," + rows[i]);
            }
        }
        return lines;
    }

    private int specRun() throws IOException {
        Experiment experiment = Experiment.load(specFile);
        if (seed != null) {
            experiment = new Experiment(experiment.spec().withSeed(seed));
        }
        String name = experiment.spec().name();
        Path dir = PictureFolder.prepare(out != null ? out : Path.of("runs", name + "-diagnose"), FLOW_FILES, force);
        SpecDiagnosis d = SpecDiagnosis.run(experiment, steps == null ? 100 : steps, every, RunListener.NONE);
        if (d.records().isEmpty()) {
            throw new IllegalStateException(specFile + ": no step was recorded (the run made no update)");
        }
        FlowRecord first = d.records().get(0), last = d.records().get(d.records().size() - 1);
        Map<String, FlowRecord> shown = new LinkedHashMap<>();
        shown.put("step " + first.step(), first);
        shown.put("step " + last.step(), last);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%s: %d updates, recorded every %d%n", name, d.updates(), every);
        table(shown, w);
        for (FlowFindings.Finding f : FlowFindings.of(last)) {
            w.println("step " + last.step() + ": " + f.message());
        }
        List<String> csv = List.of(FlowCsv.write(d.records()).split("\n"));
        write(dir, shown, csv, "").forEach((k, p) -> w.printf("%-26s %s%n", k, p));
        w.flush();
        return 0;
    }

    /** The weight-gradient norm of every layer that has a weight, one column per record. */
    private static void table(Map<String, FlowRecord> columns, PrintWriter w) {
        TextTable t = new TextTable().column("layer", Align.LEFT);
        columns.keySet().forEach(c -> t.column(c, Align.RIGHT));
        List<LayerFlow> layers = columns.values().iterator().next().layers();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).weightGradient() == null) {
                continue;
            }
            List<String> cells = new ArrayList<>(List.of((i + 1) + " " + layers.get(i).label()));
            for (FlowRecord r : columns.values()) {
                cells.add(String.format(Locale.ROOT, "%.3e", r.layers().get(i).weightGradient().norm()));
            }
            t.row(cells.toArray(String[]::new));
        }
        w.println("norm of each layer's weight gradient:");
        t.print(w);
    }

    private static Map<String, Path> write(Path dir, Map<String, FlowRecord> shown, List<String> csv, String when) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("gradient_flow", dir.resolve("gradient_flow.csv"));
        AtomicFiles.write(files.get("gradient_flow"), o -> o.write((String.join("\n", csv) + "\n").getBytes(StandardCharsets.UTF_8)));
        files.put("gradient_norms", dir.resolve("gradient_norms.png"));
        FlowPlot.writeNorms(shown, "per layer" + (when.isEmpty() ? "" : " " + when), files.get("gradient_norms"));
        files.put("gradient_histograms", dir.resolve("gradient_histograms.png"));
        FlowPlot.writeHistograms(shown, "dL/dh", LayerFlow::outputGradient, true, files.get("gradient_histograms"));
        files.put("activation_histograms", dir.resolve("activation_histograms.png"));
        FlowPlot.writeHistograms(shown, "activation", LayerFlow::output, false, files.get("activation_histograms"));
        files.put("weight_gradient_histograms", dir.resolve("weight_gradient_histograms.png"));
        FlowPlot.writeHistograms(shown, "dL/dW", LayerFlow::weightGradient, true, files.get("weight_gradient_histograms"));
        return files;
    }
}
