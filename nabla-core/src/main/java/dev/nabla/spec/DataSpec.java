package dev.nabla.spec;

import dev.nabla.config.ConfigReader;
import dev.nabla.data.Augmentation;
import dev.nabla.data.Transform;
import dev.nabla.train.TestTimeAugmentation;
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
 * <pre>{@code {"source": "image_folder", "path": "shapes", "size": [32, 32], "channels": 1, "validation_split": 0.2,
 *  "augment": [{"kind": "hflip"}, {"kind": "crop", "padding": 2}, {"kind": "rotate", "degrees": 10}],
 *  "tta": ["hflip"]}}</pre>
 *
 * @param testSplit the fraction held out for testing when the source has no test part (0: none);
 *     stratified by class when {@code stratify} and the targets are classes
 * @param validationSplit the last fraction of the training part held out for validation (Keras'
 *     {@code validation_split}: taken before any shuffling, never trained on)
 * @param transforms fitted in order on the training part only, then applied to every part
 * @param augment applied in order to each training batch, anew every epoch, after the transforms (so a
 *     fill value is in the units the model sees); never to validation or test samples
 * @param tta the fixed views over which a classifier's predictions are averaged ({@link TestTimeAugmentation}):
 *     in the validation scores, the test metrics, and {@code nabla eval} and {@code predict} of the model file
 */
public record DataSpec(SourceSpec source, double testSplit, boolean stratify, double validationSplit,
                       List<Transform> transforms, List<Augmentation> augment, TestTimeAugmentation tta) {
    /** The data object's own keys; each source adds its keys to these. */
    private static final List<String> GENERAL = List.of("source", "test_split", "stratify", "validation_split",
            "transforms", "augment", "tta");

    public DataSpec {
        Objects.requireNonNull(source, "source");
        if (!(testSplit >= 0 && testSplit < 1) || !(validationSplit >= 0 && validationSplit < 1)) {
            throw new IllegalArgumentException("data: test and validation splits must be in [0, 1), got "
                    + testSplit + " and " + validationSplit);
        }
        transforms = List.copyOf(transforms);
        augment = List.copyOf(augment);
        Objects.requireNonNull(tta, "tta (TestTimeAugmentation.NONE for none)");
    }

    static DataSpec parse(ConfigReader o, Path baseDir) {
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
        for (ConfigReader t : o.objects("transforms")) {
            transforms.add(Transform.REGISTRY.read(t));
        }
        List<Augmentation> augment = new ArrayList<>();
        for (ConfigReader a : o.objects("augment")) {
            augment.add(Augmentation.REGISTRY.read(a));
        }
        TestTimeAugmentation tta;
        try {
            tta = TestTimeAugmentation.named(o.strings("tta"));
        } catch (IllegalArgumentException e) {
            throw o.error("tta", e.getMessage());
        }
        return new DataSpec(source, testSplit, o.bool("stratify", true), validationSplit, transforms, augment, tta);
    }
}
