package dev.nabla.cli;

import dev.nabla.cli.TextTable.Align;
import dev.nabla.cli.plot.PicturesOut;
import dev.nabla.cli.plot.UniversalPlot;
import dev.nabla.insight.UniversalApproximation;
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
import picocli.CommandLine.Spec;

/** {@code nabla universal}: the universal approximation theorem, one hidden layer of sigmoids per width. */
@Command(name = "universal", mixinStandardHelpOptions = true,
        description = "Universal approximation: one hidden layer of sigmoids fitting a smooth curve as the width grows.")
public final class UniversalCommand implements Callable<Integer> {
    static final List<String> FILES = List.of("universal_approximation.csv", "universal_approximation.png");

    @Option(names = "--widths", paramLabel = "N,...", split = ",", defaultValue = "1,2,4,8,32",
            description = "Hidden sigmoid units of each network (default: ${DEFAULT-VALUE}).")
    private List<Integer> widths;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "2000", description = "Full-batch Adam updates (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write (default: runs/universal).")
    private Path out;

    @Option(names = "--force", description = "Replace the files of an earlier run in --out.")
    private boolean force;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String problem = widths.stream().anyMatch(w -> w < 1 || w > 4096) ? "--widths must each be between 1 and 4096, got " + widths
                : steps < 1 || steps > 1_000_000 ? "--steps must be between 1 and 1000000, got " + steps : null;
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        Path dir = PictureFolder.prepare(out != null ? out : Path.of("runs", "universal"), FILES, force);
        UniversalApproximation.Options d = UniversalApproximation.Options.DEFAULT;
        List<UniversalApproximation.Fit> fits = UniversalApproximation.run(
                new UniversalApproximation.Options(widths, d.samples(), steps, d.lr(), d.seed()));
        PrintWriter w = spec.commandLine().getOut();
        w.printf("fitting %s on [0, 1] (%d points) with one hidden layer of sigmoids, %d Adam steps each%n",
                UniversalApproximation.TARGET_NAME, d.samples(), steps);
        TextTable t = new TextTable().column("width", Align.RIGHT).column("mse", Align.RIGHT).column("max error", Align.RIGHT);
        fits.forEach(f -> t.row(String.valueOf(f.width()), String.format(Locale.ROOT, "%.3e", f.mse()),
                String.format(Locale.ROOT, "%.4f", f.maxError())));
        t.print(w);
        List<String> csv = new ArrayList<>(List.of("width,x,target,predicted"));
        for (UniversalApproximation.Fit f : fits) {
            for (int i = 0; i < f.xs().length; i++) {
                csv.add(f.width() + "," + f.xs()[i] + "," + f.target()[i] + "," + f.predicted()[i]);
            }
        }
        w.printf("%-24s %s%n", "universal_approximation", PicturesOut.csv(dir.resolve(FILES.get(0)), csv));
        Path png = dir.resolve(FILES.get(1));
        UniversalPlot.write(fits, UniversalApproximation.TARGET_NAME, png);
        w.printf("%-24s %s%n", "universal_approximation", png);
        w.flush();
        return 0;
    }
}
