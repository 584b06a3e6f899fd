package dev.nabla.cli;

import dev.nabla.cli.TextTable.Align;
import dev.nabla.cli.plot.PathPlot;
import dev.nabla.cli.plot.PicturesOut;
import dev.nabla.insight.OptimizerPaths;
import dev.nabla.insight.Surface;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nabla paths}: the library's optimizers on 2-D test surfaces, drawn over contours: every optimizer
 * on each surface from one start, the learning-rate sweep and the momentum sweep on the bowl. Prints where
 * each path ended and which diverged.
 */
@Command(name = "paths", mixinStandardHelpOptions = true,
        description = "Optimizers' paths on 2-D surfaces (bowl, saddle, Rosenbrock, Beale), the learning-rate and momentum sweeps.")
public final class PathsCommand implements Callable<Integer> {
    static final List<String> FILES = List.of("paths.csv", "optimizers.png", "lr_sweep.png", "momentum_sweep.png");

    @Option(names = "--condition", paramLabel = "K", defaultValue = "10",
            description = "The bowl's condition number (its curvatures are 1 and K; default: ${DEFAULT-VALUE}).")
    private double condition;

    @Option(names = "--steps", paramLabel = "N", description = "Updates on every surface (default: 100 on the bowl, 80 on the saddle, 2000 on Rosenbrock and Beale; 100 in the sweeps).")
    private Integer steps;

    @Option(names = "--momentum-lr", paramLabel = "RATE", description = "The step size of the momentum sweep (default: 0.5 / K).")
    private Double momentumLr;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write (default: runs/paths).")
    private Path out;

    @Option(names = "--force", description = "Replace the files of an earlier run in --out.")
    private boolean force;

    @Spec
    private CommandSpec spec;

    private record Figure(String name, Surface surface, List<OptimizerPaths.Path> paths) {}

    @Override
    public Integer call() throws Exception {
        String problem = !(condition >= 1) || condition > 1e6 ? "--condition must be between 1 and 1e6, got " + condition
                : steps != null && (steps < 1 || steps > 100_000) ? "--steps must be between 1 and 100000, got " + steps
                : momentumLr != null && !(momentumLr > 0) ? "--momentum-lr must be above 0, got " + momentumLr : null;
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        Path dir = PictureFolder.prepare(out != null ? out : Path.of("runs", "paths"), FILES, force);
        List<Figure> figures = new ArrayList<>();
        for (Surface s : Surface.all(condition)) {
            figures.add(new Figure("optimizers", s, OptimizerPaths.run(s, OptimizerPaths.everyOptimizer(s.sgdLr(), s.adaptiveLr()),
                    steps != null ? steps : s.steps())));
        }
        Surface bowl = Surface.bowl(condition);
        int sweepSteps = steps != null ? steps : 100;
        Figure lr = new Figure("lr_sweep", bowl, OptimizerPaths.run(bowl, OptimizerPaths.lrSweep(condition), sweepSteps));
        Figure momentum = new Figure("momentum_sweep", bowl, OptimizerPaths.run(bowl,
                OptimizerPaths.momentumSweep(momentumLr != null ? momentumLr : 0.5 / condition), sweepSteps));
        figures.add(lr);
        figures.add(momentum);
        PrintWriter w = spec.commandLine().getOut();
        table(figures, w);
        Map<String, Path> files = write(dir, figures, lr, momentum);
        files.forEach((k, p) -> w.printf("%-16s %s%n", k, p));
        w.flush();
        return 0;
    }

    private Map<String, Path> write(Path dir, List<Figure> figures, Figure lr, Figure momentum) throws java.io.IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        List<String> csv = new ArrayList<>(List.of("figure,surface,optimizer,step,x,y,f,diverged_at"));
        for (Figure f : figures) {
            for (OptimizerPaths.Path p : f.paths()) {
                for (int i = 0; i < p.xs().length; i++) {
                    // Double.toString: the shortest text that reads back to the same double
                    csv.add(f.name() + "," + f.surface().name() + ",\"" + p.label() + "\"," + i + "," + p.xs()[i] + "," + p.ys()[i]
                            + "," + p.losses()[i] + "," + p.divergedAt());
                }
            }
        }
        files.put("paths", PicturesOut.csv(dir.resolve("paths.csv"), csv));
        List<XYChart> all = new ArrayList<>();
        for (Figure f : figures.subList(0, 4)) {
            all.add(PathPlot.contours(f.surface(), f.paths(), title(f.surface(), f.paths().get(0).xs().length - 1), 860, 560));
        }
        files.put("optimizers", PicturesOut.png(dir.resolve("optimizers.png"), all, 2, 2));
        String bowl = String.format(Locale.ROOT, "bowl (x² + %sy²)/2, plain gradient descent", num(condition));
        files.put("lr_sweep", PicturesOut.png(dir.resolve("lr_sweep.png"), List.of(
                PathPlot.contours(lr.surface(), lr.paths(), "learning rates on the " + bowl, 820, 520),
                PathPlot.losses(lr.paths(), "f against the step", 720, 520)), 1, 2));
        List<XYChart> panels = new ArrayList<>();
        for (OptimizerPaths.Path p : momentum.paths()) {
            panels.add(PathPlot.contours(momentum.surface(), List.of(p), "momentum " + p.label(), 600, 360));
        }
        panels.add(PathPlot.losses(momentum.paths(), "f against the step", 600, 360));
        panels.add(PathPlot.distances(momentum.paths(), momentum.surface().minimum(), "distance to the minimum against the step", 600, 360));
        files.put("momentum_sweep", PicturesOut.png(dir.resolve("momentum_sweep.png"), panels, 3, 2));
        return files;
    }

    private static String title(Surface s, int steps) {
        return switch (s.name()) {
            case "bowl" -> "bowl, condition number " + num(s.at(0, 1) * 2) + ", " + steps + " steps";
            case "saddle" -> "saddle x² − y², " + steps + " steps";
            default -> s.name() + ", " + steps + " steps";
        };
    }

    private static String num(double v) {
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
    }

    private static void table(List<Figure> figures, PrintWriter w) {
        TextTable t = new TextTable().column("figure", Align.LEFT).column("surface", Align.LEFT).column("optimizer", Align.LEFT)
                .column("steps", Align.RIGHT).column("end x", Align.RIGHT).column("end y", Align.RIGHT).column("f", Align.RIGHT)
                .column("to minimum", Align.RIGHT);
        for (Figure f : figures) {
            for (OptimizerPaths.Path p : f.paths()) {
                int n = p.xs().length - 1;
                double[] m = f.surface().minimum();
                t.row(f.name(), f.surface().name(), p.label(), p.diverged() ? "diverged at " + p.divergedAt() : String.valueOf(n),
                        String.format(Locale.ROOT, "%.4g", p.xs()[n]), String.format(Locale.ROOT, "%.4g", p.ys()[n]),
                        String.format(Locale.ROOT, "%.3e", p.finalLoss()),
                        m == null ? "-" : String.format(Locale.ROOT, "%.4f", p.distanceTo(m[0], m[1])));
            }
        }
        t.print(w);
    }
}
