package dev.nabla.cli;

import dev.nabla.cli.plot.LrFindPlot;
import dev.nabla.cli.plot.PicturesOut;
import dev.nabla.insight.LrRangeTest;
import dev.nabla.spec.Experiment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nabla lr-find SPEC}: the learning-rate range test on a spec's model, data and optimizer, from its
 * initial weights (which are put back; nothing is saved but the curve): the loss against an exponentially
 * growing rate, the suggested rate marked.
 */
@Command(name = "lr-find", mixinStandardHelpOptions = true,
        description = "Learning-rate range test: loss against an exponentially growing rate, with a suggested rate.")
public final class LrFindCommand implements Callable<Integer> {
    static final List<String> FILES = List.of("lr_find.csv", "lr_find.png");

    @Parameters(index = "0", paramLabel = "SPEC", description = "The experiment spec whose model, data and optimizer to test.")
    private Path specFile;

    @Option(names = "--min-lr", paramLabel = "RATE", defaultValue = "1e-6", description = "The first rate (default: ${DEFAULT-VALUE}).")
    private double minLr;

    @Option(names = "--max-lr", paramLabel = "RATE", defaultValue = "10", description = "The last rate (default: ${DEFAULT-VALUE}).")
    private double maxLr;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "100", description = "Updates at most (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write (default: runs/<spec name>-lr-find).")
    private Path out;

    @Option(names = "--force", description = "Replace the files of an earlier lr-find in --out.")
    private boolean force;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String problem = !(minLr > 0) ? "--min-lr must be above 0, got " + minLr
                : !(maxLr > minLr) ? "--max-lr must be above --min-lr (" + minLr + "), got " + maxLr
                : steps < 2 || steps > 100_000 ? "--steps must be between 2 and 100000, got " + steps : null;
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        Experiment experiment = Experiment.load(specFile);
        String name = experiment.spec().name();
        Path dir = PictureFolder.prepare(out != null ? out : Path.of("runs", name + "-lr-find"), FILES, force);
        LrRangeTest.Result r = LrRangeTest.run(experiment, new LrRangeTest.Options(minLr, maxLr, steps, 4));
        PrintWriter w = spec.commandLine().getOut();
        int n = r.lrs().length;
        if (n == 0) {
            throw new IllegalStateException(specFile + ": the range test made no update");
        }
        w.printf(Locale.ROOT, "%s: %d updates, rate %.3g to %.3g%s%n", name, n, r.lrs()[0], r.lrs()[n - 1],
                r.diverged() ? String.format(Locale.ROOT, "; stopped when the loss blew up (at rate %.3g)", r.lrs()[n - 1]) : "");
        w.printf(Locale.ROOT, "lowest smoothed loss %.4g at rate %.3g%n", min(r.smoothed()), r.lowestAt());
        w.printf(Locale.ROOT, "suggested rate: %.3g (a tenth of that; the spec's optimizer has lr %.3g)%n", r.suggested(),
                experiment.spec().optimizer().config().lr());
        List<String> csv = new ArrayList<>(List.of("step,lr,loss,smoothed_loss"));
        for (int i = 0; i < n; i++) {
            csv.add(i + "," + r.lrs()[i] + "," + r.losses()[i] + "," + r.smoothed()[i]);
        }
        w.printf("%-8s %s%n", "lr_find", PicturesOut.csv(dir.resolve("lr_find.csv"), csv));
        Path png = dir.resolve("lr_find.png");
        LrFindPlot.write(r, String.format(Locale.ROOT, "%s: learning-rate range test (suggested %.2g)", name, r.suggested()), png);
        w.printf("%-8s %s%n", "lr_find", png);
        w.flush();
        return 0;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }
}
