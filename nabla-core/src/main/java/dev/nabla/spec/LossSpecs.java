package dev.nabla.spec;

import dev.nabla.loss.BinaryCrossEntropy;
import dev.nabla.loss.BinaryCrossEntropyWithLogits;
import dev.nabla.loss.CrossEntropy;
import dev.nabla.loss.GaussianNLL;
import dev.nabla.loss.Huber;
import dev.nabla.loss.Loss;
import dev.nabla.loss.MAE;
import dev.nabla.loss.MSE;
import dev.nabla.loss.NLL;
import dev.nabla.loss.Reduction;
import dev.nabla.loss.SmoothL1;
import java.util.List;

/**
 * The {@code "loss"} section, read straight into the sealed {@link Loss} records: they already validate
 * themselves, so the spec needs no twin family. Missing parameters take each loss's {@code of()}
 * defaults (PyTorch's). A test checks that every record of the sealed family has a name here.
 *
 * <pre>{@code {"name": "cross_entropy", "label_smoothing": 0.1}   {"name": "huber", "delta": 2}}</pre>
 */
final class LossSpecs {
    static final List<String> NAMES = List.of("mse", "mae", "huber", "smooth_l1", "bce", "bce_with_logits",
            "cross_entropy", "nll", "gaussian_nll");

    private LossSpecs() {}

    static Loss parse(SpecObject o) {
        String name = o.choice("name", "loss", NAMES);
        return switch (name) {
            case "mse" -> new MSE(reduction(o.allowOnly("name", "reduction"), MSE.of().reduction()));
            case "mae" -> new MAE(reduction(o.allowOnly("name", "reduction"), MAE.of().reduction()));
            case "huber" -> {
                o.allowOnly("name", "delta", "reduction");
                yield new Huber(o.number("delta", Huber.of().delta(), v -> v > 0, "a number > 0"),
                        reduction(o, Huber.of().reduction()));
            }
            case "smooth_l1" -> {
                o.allowOnly("name", "beta", "reduction");
                yield new SmoothL1(o.number("beta", SmoothL1.of().beta(), v -> v >= 0, "a number >= 0"),
                        reduction(o, SmoothL1.of().reduction()));
            }
            case "bce" -> new BinaryCrossEntropy(reduction(o.allowOnly("name", "reduction"),
                    BinaryCrossEntropy.of().reduction()));
            case "bce_with_logits" -> new BinaryCrossEntropyWithLogits(reduction(o.allowOnly("name", "reduction"),
                    BinaryCrossEntropyWithLogits.of().reduction()));
            case "cross_entropy" -> crossEntropy(o);
            case "nll" -> {
                o.allowOnly("name", "ignore_index", "reduction");
                NLL d = NLL.of();
                yield new NLL(reduction(o, d.reduction()), o.intValue("ignore_index", d.ignoreIndex(), v -> true, "an integer"));
            }
            case "gaussian_nll" -> {
                o.allowOnly("name", "full", "eps", "reduction");
                GaussianNLL d = GaussianNLL.of();
                yield new GaussianNLL(o.bool("full", d.full()), o.number("eps", d.eps(), v -> v > 0, "a number > 0"),
                        reduction(o, d.reduction()));
            }
            default -> throw new IllegalStateException("loss name checked above: " + name);
        };
    }

    private static Loss crossEntropy(SpecObject o) {
        o.allowOnly("name", "label_smoothing", "ignore_index", "reduction");
        CrossEntropy d = CrossEntropy.of();
        return new CrossEntropy(reduction(o, d.reduction()),
                o.intValue("ignore_index", d.ignoreIndex(), v -> true, "an integer"),
                o.number("label_smoothing", d.labelSmoothing(), v -> v >= 0 && v <= 1, "a number in [0, 1]"));
    }

    /** Training needs a scalar, so only mean and sum are offered. */
    private static Reduction reduction(SpecObject o, Reduction defaultValue) {
        String r = o.choice("reduction", "reduction", List.of("mean", "sum"), defaultValue.name().toLowerCase());
        return Reduction.valueOf(r.toUpperCase());
    }
}
