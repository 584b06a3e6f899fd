package dev.nabla.train;

import java.util.List;
import java.util.Map;

/**
 * A {@link GradientFlow}'s records as CSV, one row per layer, quantity and recorded step (long form: what
 * pandas and spreadsheets group by): {@code step, epoch, loss, layer, label, activation, quantity, count,
 * non_finite, mean, std, min, max, norm, dead_fraction, saturated_fraction, hist_lo, hist_hi, bin_0, ...}.
 * {@code quantity} is {@code output} (the activations), {@code output_grad} (the loss's gradient with
 * respect to them) or {@code grad.<parameter>} ({@code grad.weight}, {@code grad.bias}); the two fractions
 * are on {@code output} rows only, and empty where they do not apply. Numbers at full precision.
 */
public final class FlowCsv {
    private FlowCsv() {}

    /** The CSV text of {@code records} (a header alone when there are none). */
    public static String write(List<FlowRecord> records) {
        int bins = records.stream().flatMap(r -> r.layers().stream()).map(l -> l.output().histogram().bins())
                .findFirst().orElse(0);
        StringBuilder sb = new StringBuilder("step,epoch,loss,layer,label,activation,quantity,count,non_finite,mean,std,"
                + "min,max,norm,dead_fraction,saturated_fraction,hist_lo,hist_hi");
        for (int b = 0; b < bins; b++) {
            sb.append(",bin_").append(b);
        }
        sb.append('\n');
        for (FlowRecord r : records) {
            for (LayerFlow l : r.layers()) {
                String head = r.step() + "," + r.epoch() + "," + number(r.loss()) + "," + quoted(l.path()) + ","
                        + quoted(l.label()) + "," + (l.activation() == null ? "" : l.activation());
                row(sb, head, "output", l.output(), l.deadFraction(), l.saturatedFraction());
                if (l.outputGradient() != null) {
                    row(sb, head, "output_grad", l.outputGradient(), Double.NaN, Double.NaN);
                }
                for (Map.Entry<String, ValueSummary> e : l.parameterGradients().entrySet()) {
                    row(sb, head, "grad." + e.getKey(), e.getValue(), Double.NaN, Double.NaN);
                }
            }
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String head, String quantity, ValueSummary s, double dead, double saturated) {
        sb.append(head).append(',').append(quantity).append(',').append(s.count()).append(',').append(s.nonFinite());
        for (double v : new double[] {s.mean(), s.std(), s.min(), s.max(), s.norm(), dead, saturated,
            s.histogram().lo(), s.histogram().hi()}) {
            sb.append(',').append(number(v));
        }
        for (long c : s.histogram().counts()) {
            sb.append(',').append(c);
        }
        sb.append('\n');
    }

    /** NaN as an empty field (pandas reads it as NaN; "NaN" would make a column of strings in some tools). */
    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
    private static String quoted(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
