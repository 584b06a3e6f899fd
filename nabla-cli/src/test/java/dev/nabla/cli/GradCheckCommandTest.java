package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.GradCheck;
import dev.nabla.autograd.GradCheckCases;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code nabla gradcheck}, run in-process: its table, its JSON, its exit codes. */
class GradCheckCommandTest {

    private static final Pattern SUMMARY = Pattern.compile("(\\d+) ops checked, (\\d+) passed, (\\d+) failed");

    /** What one run printed and returned. */
    record Run(int exit, String out, String err) {}

    static Run run(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run nabla(String... args) {
        return run(Main.commandLine(), args);
    }

    /** The first table row for a case whose name starts with {@code op}. */
    static String row(Run r, String op) {
        return r.out().lines().filter(l -> l.startsWith(op)).findFirst().orElseThrow(
                () -> new AssertionError("no " + op + " row in\n" + r.out()));
    }

    @Test
    void everyCasePassesAndTheSummaryCountsThemAll() {
        Run r = nabla("gradcheck");
        int n = GradCheckCases.all().size();
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(row(r, "matmul").endsWith("ok"), r.out());
        assertTrue(row(r, "softmax").endsWith("ok"), r.out());
        assertTrue(row(r, "matmul").matches("matmul.*  \\[\\d+(,\\d+)*\\] \\[\\d+(,\\d+)*\\] .*"),
                "inputs column shows both operands' shapes:\n" + r.out());
        assertTrue(row(r, "gather").contains(" int32["), "an index input shows its dtype:\n" + r.out());
        Matcher m = SUMMARY.matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(List.of(n, n, 0), List.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))));
    }

    @Test
    void opFiltersBySubstringCaseInsensitively() {
        Run r = nabla("gradcheck", "--op", "SOFTMAX", "--seed", "7");
        long expected = GradCheckCases.all().stream().filter(c -> c.name().toLowerCase().contains("softmax")).count();
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains(expected + " ops checked, " + expected + " passed, 0 failed (seed 7)"), r.out());
        assertTrue(r.out().contains("logSoftmax"), r.out());
        assertTrue(!r.out().contains("matmul"), r.out());
    }

    @Test
    void anOpFilterThatMatchesNothingIsAUsageError() {
        Run r = nabla("gradcheck", "--op", "nosuchop");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--op 'nosuchop' matches none"), r.err());
        assertTrue(r.err().contains("0 ops checked"), r.err());
        assertTrue(r.err().contains("matmul") && r.err().contains("softmax"), "lists op names:\n" + r.err());
        assertEquals("", r.out());
    }

    @Test
    void badArgumentsExitWithTwo() {
        assertEquals(2, nabla("gradcheck", "--seed", "abc").exit());
        assertEquals(2, nabla("gradcheck", "--no-such-option").exit());
        assertEquals(2, nabla().exit());
    }

    @Test
    void jsonIsOneObjectPerCase() {
        Run r = nabla("gradcheck", "--json", "--op", "gather");
        assertEquals(0, r.exit(), r.out() + r.err());
        String json = r.out().strip();
        assertTrue(json.startsWith("[") && json.endsWith("]"), json);
        assertTrue(json.contains("\"op\": \"gather\""), json);
        assertTrue(json.contains("\"dtype\": \"int32\""), json);
        assertTrue(json.contains("\"status\": \"ok\""), json);
        assertTrue(!json.contains("ops checked"), "no summary line in JSON mode:\n" + json);
    }

    @Test
    void aWrongGradientFailsWithExitOneAndNamesTheWorstElement() {
        // detach() cuts one factor off the tape: autograd says d(x*x)/dx = x, finite differences say 2x
        GradCheckCases.Case wrong = new GradCheckCases.Case("square (wrong)",
                g -> new Tensor[] {Tensor.uniform(g, DType.FLOAT64, 0.5, 1, 2, 3)},
                x -> x[0].detach().mul(x[0]), GradCheck.Options.defaults());
        GradCheckCases.Case crash = new GradCheckCases.Case("crash",
                g -> new Tensor[] {Tensor.uniform(g, DType.FLOAT64, 0.5, 1, 2, 3)},
                x -> x[0].matmul(x[0]), GradCheck.Options.defaults());
        Run r = run(new CommandLine(new GradCheckCommand(() -> List.of(wrong, crash))), "--seed", "3");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("square (wrong)") && l.endsWith("FAILED")), r.out());
        assertTrue(r.out().contains("square (wrong): FAILED, worst at input 0 index"), r.out());
        assertTrue(r.out().contains("crash: FAILED, threw"), r.out());
        assertTrue(r.out().contains("2 ops checked, 0 passed, 2 failed (seed 3)"), r.out());
    }
}
