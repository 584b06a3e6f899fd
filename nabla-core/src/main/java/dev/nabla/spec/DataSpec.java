package dev.nabla.spec;

import dev.nabla.data.MinMax;
import dev.nabla.data.Quantile;
import dev.nabla.data.Rescale;
import dev.nabla.data.Standardize;
import dev.nabla.data.Transform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code "data"} section: where the samples come from (the {@link SourceSpec}, whose keys sit in
 * this same object), how they are split, and the input transforms.
 *
 * <pre>{@code {"source": "bundled", "name": "digits", "test_split": 0.2, "validation_split": 0.1,
 *  "transforms": [{"kind": "rescale", "scale": 0.0625}]}}</pre>
 *
 * @param testSplit the fraction held out for testing when the source has no test part (0: none);
 *     stratified by class when {@code stratify} and the targets are classes
 * @param validationSplit the last fraction of the training part held out for validation (Keras'
 *     {@code validation_split}: taken before any shuffling, never trained on)
 * @param transforms fitted in order on the training part only, then applied to every part
 */
public record DataSpec(SourceSpec source, double testSplit, boolean stratify, double validationSplit,
                       List<Transform> transforms) {
    /** The transform kinds the spec accepts (the kinds of {@code FittedTransform.config()}). */
    public static final List<String> TRANSFORM_KINDS = List.of("standardize", "min_max", "quantile", "rescale");
    /** The data object's own keys; each source adds its keys to these. */
    private static final List<String> GENERAL = List.of("source", "test_split", "stratify", "validation_split",
            "transforms");

    public DataSpec {
        Objects.requireNonNull(source, "source");
        if (!(testSplit >= 0 && testSplit < 1) || !(validationSplit >= 0 && validationSplit < 1)) {
            throw new IllegalArgumentException("data: test and validation splits must be in [0, 1), got "
                    + testSplit + " and " + validationSplit);
        }
        transforms = List.copyOf(transforms);
    }

    static DataSpec parse(SpecObject o, Path baseDir) {
        SourceSpec source = SourceSpecs.parse(o, baseDir, GENERAL);
        double testSplit = o.number("test_split", 0, v -> v > 0 && v < 1, "a fraction in (0, 1)");
        if (testSplit > 0 && source.hasTestPart()) {
            throw o.error("test_split", "the " + o.string("source") + " source has its own test part; leave test_split out");
        }
        if (o.has("stratify") && testSplit == 0) {
            throw o.error("stratify", "applies to test_split, which is not given");
        }
        double validationSplit = o.number("validation_split", 0, v -> v > 0 && v < 1, "a fraction in (0, 1)");
        List<Transform> transforms = new ArrayList<>();
        for (SpecObject t : o.objects("transforms")) {
            transforms.add(transform(t));
        }
        return new DataSpec(source, testSplit, o.bool("stratify", true), validationSplit, transforms);
    }

    private static Transform transform(SpecObject o) {
        String kind = o.choice("kind", "transform", TRANSFORM_KINDS);
        return switch (kind) {
            case "standardize" -> {
                o.allowOnly("kind");
                yield new Standardize();
            }
            case "rescale" -> {
                o.allowOnly("kind", "scale", "offset");
                yield new Rescale(o.number("scale", v -> v != 0, "a non-zero number"),
                        o.number("offset", 0, v -> true, "a number"));
            }
            case "min_max" -> {
                o.allowOnly("kind", "low", "high");
                MinMax d = new MinMax();
                double low = o.number("low", d.low(), v -> true, "a number");
                double high = o.number("high", d.high(), v -> v > low, "a number > low (" + low + ")");
                yield new MinMax(low, high);
            }
            case "quantile" -> {
                o.allowOnly("kind", "quantiles", "output");
                Quantile d = new Quantile();
                yield new Quantile(o.intValue("quantiles", d.quantiles(), v -> v >= 2, "an integer >= 2"),
                        o.choice("output", "quantile output", Quantile.OUTPUTS, d.output()));
            }
            default -> throw new IllegalStateException("transform kind checked above: " + kind);
        };
    }
}
