package dev.nabla.spec;

import dev.nabla.config.ConfigReader;
import dev.nabla.data.Bundled;
import dev.nabla.data.CsvReader;
import dev.nabla.data.Synthetic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the source keys of the {@code "data"} object into a {@link SourceSpec}. The data object mixes
 * the source's own keys with the general ones (splits, transforms), so each source allows its keys plus
 * {@code general}. Relative paths are resolved against the spec's directory, so a spec and its data can
 * move together.
 */
final class SourceSpecs {
    private static final List<String> LABEL_KINDS = List.of("auto", "categorical", "numeric");

    private SourceSpecs() {}

    static SourceSpec parse(ConfigReader o, Path baseDir, List<String> general) {
        String kind = o.choice("source", "data source", SourceSpec.KINDS);
        return switch (kind) {
            case "bundled" -> {
                allow(o, general, "name");
                yield new SourceSpec.Bundled(o.choice("name", "bundled data set", Bundled.names()));
            }
            case "synthetic" -> new SourceSpec.Synthetic(synthetic(o, general));
            case "csv" -> csv(o, general, baseDir);
            case "idx" -> {
                allow(o, general, "train_images", "train_labels", "test_images", "test_labels");
                if (o.has("test_images") != o.has("test_labels")) {
                    String missing = o.has("test_images") ? "test_labels" : "test_images";
                    throw o.error(missing, "required key is missing (test_images and test_labels go together)");
                }
                yield new SourceSpec.Idx(path(o, "train_images", baseDir), path(o, "train_labels", baseDir),
                        o.has("test_images") ? path(o, "test_images", baseDir) : null,
                        o.has("test_labels") ? path(o, "test_labels", baseDir) : null);
            }
            case "fashion-mnist" -> {
                allow(o, general, "dir");
                yield new SourceSpec.FashionMnistFiles(o.has("dir") ? path(o, "dir", baseDir) : null);
            }
            case "npz" -> {
                allow(o, general, "path", "features", "targets");
                yield new SourceSpec.Npz(path(o, "path", baseDir), o.string("features", "x"), o.string("targets", "y"));
            }
            case "image_folder" -> imageFolder(o, general, baseDir);
            default -> throw new IllegalStateException("source kind checked above: " + kind);
        };
    }

    private static SyntheticSet synthetic(ConfigReader o, List<String> general) {
        String name = o.choice("name", "synthetic data set", SyntheticSet.NAMES);
        return switch (name) {
            case "xor" -> {
                allow(o, general, "name", "samples", "noise");
                yield new SyntheticSet.Xor(samples(o), noise(o, "noise"));
            }
            case "circles" -> {
                allow(o, general, "name", "samples", "noise", "factor");
                yield new SyntheticSet.Circles(samples(o), noise(o, "noise"), o.number("factor",
                        SyntheticSet.Circles.DEFAULT_FACTOR, v -> v > 0 && v < 1, "a number in (0, 1)"));
            }
            case "spirals" -> {
                allow(o, general, "name", "samples", "noise");
                yield new SyntheticSet.Spirals(samples(o), noise(o, "noise"));
            }
            case "blobs" -> {
                allow(o, general, "name", "samples", "centers", "std");
                yield new SyntheticSet.Blobs(samples(o), o.intValue("centers", SyntheticSet.Blobs.DEFAULT_CENTERS,
                        v -> v >= 1, "an integer >= 1"), o.has("std") ? noise(o, "std") : SyntheticSet.Blobs.DEFAULT_STD);
            }
            case "linear_regression" -> {
                allow(o, general, "name", "samples", "weights", "bias", "noise");
                yield new SyntheticSet.LinearRegression(samples(o), weights(o),
                        o.number("bias", 0, v -> true, "a number"), noise(o, "noise"));
            }
            case "sine" -> {
                allow(o, general, "name", "samples", "noise");
                yield new SyntheticSet.Sine(samples(o), noise(o, "noise"));
            }
            case "truth_table" -> {
                allow(o, general, "name", "function");
                yield new SyntheticSet.TruthTable(o.choice("function", "boolean function", Synthetic.TRUTH_TABLES));
            }
            default -> throw new IllegalStateException("synthetic name checked above: " + name);
        };
    }

    private static SourceSpec csv(ConfigReader o, List<String> general, Path baseDir) {
        allow(o, general, "path", "label", "features", "header", "delimiter", "label_kind");
        CsvReader.Options d = CsvReader.Options.defaults();
        List<String> features = null;
        if (o.has("features")) {
            features = new ArrayList<>();
            List<?> items = o.list("features");
            for (int i = 0; i < items.size(); i++) {
                Object item = items.get(i);
                features.add(item instanceof String s ? s : Long.toString(ConfigReader.integerValue(item,
                        o.pathOf("features") + "[" + i + "]", v -> v >= 0, "a column name or an index >= 0")));
            }
            if (features.isEmpty()) {
                throw o.error("features", "must name at least one column (leave it out for every column but the label)");
            }
        }
        List<String> labels = null;
        if (o.has("label")) {
            // one column, or a list of them: the targets of a multi-output regression
            Object v = o.required("label");
            List<?> items = v instanceof List<?> l ? l : List.of(v);
            labels = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Object item = items.get(i);
                String where = o.pathOf("label") + (v instanceof List<?> ? "[" + i + "]" : "");
                labels.add(item instanceof String s ? s : Long.toString(ConfigReader.integerValue(item, where, x -> x >= 0,
                        "a column name or an index >= 0")));
            }
            if (labels.isEmpty()) {
                throw o.error("label", "must name at least one column (leave it out for the last column)");
            }
        }
        String delimiter = o.string("delimiter", String.valueOf(d.delimiter()));
        if (delimiter.length() != 1 || delimiter.equals("\"") || delimiter.equals("\n") || delimiter.equals("\r")) {
            throw o.error("delimiter", "must be one character other than a quote or a line break, got \"" + delimiter + "\"");
        }
        String kind = o.choice("label_kind", "label kind", LABEL_KINDS, d.labelKind().name().toLowerCase());
        if (labels != null && labels.size() > 1 && kind.equals("categorical")) {
            throw o.error("label_kind", "several label columns are numeric targets (multi-output regression): use auto or"
                    + " numeric, or one label column for classes");
        }
        return new SourceSpec.Csv(path(o, "path", baseDir), labels, features, o.bool("header", d.header()),
                delimiter.charAt(0), CsvReader.LabelKind.valueOf(kind.toUpperCase()));
    }

    /** {@code "size": [height, width]} (absent: keep the size), {@code "channels": 1 | 3}, {@code "pixels": "unit" | "raw"}. */
    private static SourceSpec imageFolder(ConfigReader o, List<String> general, Path baseDir) {
        allow(o, general, "path", "size", "channels", "pixels");
        int height = 0, width = 0;
        if (o.has("size")) {
            int[] size = o.ints("size");
            if (size.length != 2 || size[0] < 1 || size[1] < 1) {
                throw o.error("size", "must be [height, width], two whole numbers >= 1, got " + java.util.Arrays.toString(size));
            }
            height = size[0];
            width = size[1];
        }
        int channels = o.intValue("channels", 3, v -> v == 1 || v == 3, "1 (gray) or 3 (RGB)");
        boolean unit = o.choice("pixels", "pixel range", List.of("unit", "raw"), "unit").equals("unit");
        return new SourceSpec.ImageFolder(path(o, "path", baseDir),
                new dev.nabla.data.ImageFolder.Options(channels, height, width, unit));
    }

    private static List<Double> weights(ConfigReader o) {
        List<?> items = o.list("weights");
        if (items.isEmpty()) {
            throw o.error("weights", "must hold at least one number (one per feature)");
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(ConfigReader.numberValue(items.get(i), o.pathOf("weights") + "[" + i + "]", v -> true, "a number"));
        }
        return out;
    }

    private static int samples(ConfigReader o) {
        return o.intValue("samples", v -> v >= 1, "an integer >= 1");
    }

    private static double noise(ConfigReader o, String key) {
        return o.number(key, 0, v -> v >= 0, "a number >= 0");
    }

    private static Path path(ConfigReader o, String key, Path baseDir) {
        String p = o.string(key);
        if (p.isBlank()) {
            throw o.error(key, "must be a file path, got an empty string");
        }
        return baseDir.resolve(p).normalize();
    }

    private static void allow(ConfigReader o, List<String> general, String... own) {
        List<String> keys = new ArrayList<>(general);
        keys.addAll(1, List.of(own)); // after "source", so the list reads source, own keys, general keys
        o.allowOnly(keys.toArray(String[]::new));
    }
}
