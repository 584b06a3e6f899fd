package dev.nabla.cli;

import dev.nabla.autograd.GradCheckCases;
import dev.nabla.cli.TextTable.Align;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nabla gradcheck}: checks every op's analytic gradient against central finite differences in
 * float64 (the cases of {@link GradCheckCases#all()}) and prints one row per case. Exit 0 when all
 * pass, 1 when any fails, 2 for bad arguments, including an {@code --op} filter that matches nothing.
 */
@Command(name = "gradcheck",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Check every op's gradient against finite differences (float64).")
public final class GradCheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--op", paramLabel = "SUBSTRING",
            description = "Only the cases whose name contains SUBSTRING (case-insensitive), e.g. matmul.")
    private String op;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the random inputs (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--json", description = "Print a JSON array, one object per case, instead of the table.")
    private boolean json;

    private final Supplier<List<GradCheckCases.Case>> catalogue;

    /** The command over the whole catalogue, as picocli builds it. */
    public GradCheckCommand() {
        this(GradCheckCases::all);
    }

    /** The command over other cases: tests use it to show what a failing case looks like. */
    GradCheckCommand(Supplier<List<GradCheckCases.Case>> catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public Integer call() {
        List<GradCheckCases.Case> cases = selected();
        List<GradCheckResult> results = cases.stream().map(c -> GradCheckResult.run(c, seed)).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            printJson(out, results);
        } else {
            printTable(out, results);
        }
        out.flush();
        return results.stream().allMatch(GradCheckResult::passed) ? ExitCode.OK : ExitCode.SOFTWARE;
    }

    private List<GradCheckCases.Case> selected() {
        List<GradCheckCases.Case> all = catalogue.get();
        if (op == null) {
            return all;
        }
        String needle = op.toLowerCase(Locale.ROOT);
        List<GradCheckCases.Case> hits = all.stream()
                .filter(c -> c.name().toLowerCase(Locale.ROOT).contains(needle)).toList();
        if (hits.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--op '" + op + "' matches none of the " + all.size()
                    + " gradcheck cases (0 ops checked). Ops: " + String.join(", ", opNames(all)) + ".");
        }
        return hits;
    }

    /** The distinct first words of the case names: "matmul", "softmax", ... */
    private static List<String> opNames(List<GradCheckCases.Case> cases) {
        return cases.stream().map(c -> c.name().split("[ (]", 2)[0].replace(":", "")).distinct().toList();
    }

    private void printTable(PrintWriter out, List<GradCheckResult> results) {
        TextTable table = new TextTable()
                .column("op", Align.LEFT)
                .column("inputs", Align.LEFT)
                .column("elements", Align.RIGHT)
                .column("worst analytic", Align.RIGHT)
                .column("worst numeric", Align.RIGHT)
                .column("rel. error", Align.RIGHT)
                .column("status", Align.LEFT);
        results.forEach(r -> table.row(r.cells()));
        table.print(out);
        out.println();
        results.stream().filter(r -> !r.passed()).forEach(r -> out.println(r.failureDetail()));
        long passed = results.stream().filter(GradCheckResult::passed).count();
        out.printf(Locale.ROOT, "%d ops checked, %d passed, %d failed (seed %d)%n",
                results.size(), passed, results.size() - passed, seed);
    }

    private static void printJson(PrintWriter out, List<GradCheckResult> results) {
        out.println(Json.write(results.stream().map(GradCheckResult::toMap).toList()));
    }
}
