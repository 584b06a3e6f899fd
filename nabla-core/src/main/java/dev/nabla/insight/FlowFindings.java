package dev.nabla.insight;

import dev.nabla.train.FlowRecord;
import dev.nabla.train.LayerFlow;
import dev.nabla.train.ValueSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a recorded step says about a network's health, in words: vanishing or exploding gradients (the
 * first layer's weight gradient against the last's), dead ReLU layers, saturated sigmoid/tanh layers,
 * non-finite values. The thresholds are the rules of thumb of the notes' pictures: two orders of magnitude
 * between the ends of the network, half of a layer's units gone.
 */
public final class FlowFindings {
    /** The first-to-last weight-gradient ratio under which gradients are said to vanish (over which, 1/this: explode). */
    public static final double VANISHING = 1e-2;
    /** The fraction of dead or saturated units from which a layer is named. */
    public static final double UNHEALTHY = 0.5;

    /** One finding: its kind ({@code vanishing}, {@code exploding}, {@code dead}, {@code saturated}, {@code non_finite}, {@code healthy}). */
    public record Finding(String kind, String layer, String message) {}

    private FlowFindings() {}

    /** The findings of one record, worst first; a single {@code healthy} finding when there is nothing to say. */
    public static List<Finding> of(FlowRecord r) {
        List<Finding> out = new ArrayList<>();
        List<LayerFlow> weighted = r.layers().stream().filter(l -> l.weightGradient() != null).toList();
        double ratio = Double.NaN;
        if (weighted.size() >= 2) {
            LayerFlow first = weighted.get(0), last = weighted.get(weighted.size() - 1);
            ratio = first.weightGradient().norm() / last.weightGradient().norm();
            if (ratio < VANISHING) {
                out.add(new Finding("vanishing", first.path(), String.format(Locale.ROOT, "vanishing gradients: the first "
                        + "layer's weight gradient (%s) is %s times smaller than the last's (%s); saturating activations "
                        + "with ill-scaled weights do this: try relu with he_normal, or glorot weights with tanh",
                        first.path(), times(1 / ratio), last.path())));
            } else if (ratio > 1 / VANISHING) {
                out.add(new Finding("exploding", first.path(), String.format(Locale.ROOT, "exploding gradients: the first "
                        + "layer's weight gradient (%s) is %s times larger than the last's (%s); scale the initial weights "
                        + "down or clip the gradient norm", first.path(), times(ratio), last.path())));
            }
        }
        for (LayerFlow l : r.layers()) {
            layerFindings(l, out);
        }
        if (out.isEmpty()) {
            out.add(new Finding("healthy", "", Double.isNaN(ratio) ? "no dead, saturated or non-finite units"
                    : String.format(Locale.ROOT, "gradients flow: the first layer's weight gradient is %s the last's, "
                    + "and no layer has half its units dead or saturated", share(ratio))));
        }
        return out;
    }

    private static void layerFindings(LayerFlow l, List<Finding> out) {
        if (l.deadFraction() >= UNHEALTHY) {
            out.add(new Finding("dead", l.path(), String.format(Locale.ROOT, "%s: %.0f%% of its relu units are dead (0 for "
                    + "every sample of the batch, so they pass no gradient): lower the learning rate, use he_normal "
                    + "weights, or leaky_relu", l.path(), 100 * l.deadFraction())));
        }
        if (l.saturatedFraction() >= UNHEALTHY) {
            out.add(new Finding("saturated", l.path(), String.format(Locale.ROOT, "%s: %.0f%% of its %s outputs are "
                    + "saturated (in the flat tails, where the derivative is near 0): standardise the inputs and use "
                    + "glorot weights", l.path(), 100 * l.saturatedFraction(), l.activation())));
        }
        long bad = nonFinite(l.output()) + nonFinite(l.outputGradient());
        if (bad > 0) {
            out.add(new Finding("non_finite", l.path(), l.path() + ": " + bad + " NaN or infinite values in its output "
                    + "or the gradient with respect to it"));
        }
    }

    private static long nonFinite(ValueSummary s) {
        return s == null ? 0 : s.nonFinite();
    }

    private static String times(double x) {
        return x >= 1e4 ? String.format(Locale.ROOT, "%.1e", x) : String.format(Locale.ROOT, "%.0f", x);
    }

    private static String share(double ratio) {
        return String.format(Locale.ROOT, "%.2g times", ratio);
    }
}
