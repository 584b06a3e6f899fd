package dev.nabla.cli;

import dev.nabla.autograd.GradCheck;
import dev.nabla.autograd.GradCheckCases;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * One row of {@code nabla gradcheck}: the case, the inputs it drew, and GradCheck's report, or the
 * exception the op threw instead (a crash counts as a failure, it does not stop the run).
 */
record GradCheckResult(String op, List<Input> inputs, GradCheck.Report report, String error) {

    /** An input's shape and element type. */
    record Input(Shape shape, DType dtype) {
        /** {@code [3,4]} for float64 (what every checked input is), {@code int32[3,2]} for indices. */
        String label() {
            String dims = shape.toString().replace(" ", "");
            return dtype == DType.FLOAT64 ? dims : dtype + dims;
        }
    }

    /** Runs one case at one seed; the inputs are drawn again (same seed, same bits) to name their shapes. */
    static GradCheckResult run(GradCheckCases.Case c, long seed) {
        List<Input> inputs = List.of();
        try {
            inputs = describe(c.inputs().apply(new Generator(seed)));
            return new GradCheckResult(c.name(), inputs, c.run(seed), null);
        } catch (RuntimeException e) {
            return new GradCheckResult(c.name(), inputs, null, e.toString());
        }
    }

    private static List<Input> describe(Tensor[] tensors) {
        List<Input> out = new ArrayList<>(tensors.length);
        for (Tensor t : tensors) {
            out.add(new Input(t.shape(), t.dtype()));
        }
        return List.copyOf(out);
    }

    boolean passed() {
        return error == null && report.passed();
    }

    String status() {
        return passed() ? "ok" : "FAILED";
    }

    int elementsChecked() {
        return report == null ? 0 : report.elementsChecked();
    }

    /** The cells of the text table, in the order of {@link GradCheckCommand}'s columns. */
    String[] cells() {
        List<String> labels = inputs.stream().map(Input::label).toList();
        String shapes = String.join(" ", labels);
        if (report == null) {
            return new String[] {op, shapes, "0", "-", "-", "-", status()};
        }
        return new String[] {op, shapes, Integer.toString(report.elementsChecked()),
            sci(report.analytic(), 6), sci(report.numeric(), 6), sci(report.relativeError(), 1), status()};
    }

    /** Why a failed row failed: the worst element, or the exception. */
    String failureDetail() {
        return error != null ? op + ": FAILED, threw " + error : report.toString();
    }

    /** The row as a JSON-ready map; non-finite numbers become null (JSON has no NaN). */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        m.put("inputs", inputs.stream().map(in -> Map.of("shape", in.shape().dims(), "dtype", in.dtype().toString())).toList());
        m.put("elementsChecked", elementsChecked());
        if (report != null) {
            m.put("worstAnalytic", Json.number(report.analytic()));
            m.put("worstNumeric", Json.number(report.numeric()));
            m.put("relativeError", Json.number(report.relativeError()));
            m.put("worstInput", report.input());
            m.put("worstIndex", report.index());
        }
        m.put("status", status());
        if (error != null) {
            m.put("error", error);
        }
        return m;
    }

    private static String sci(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "e", v);
    }
}
