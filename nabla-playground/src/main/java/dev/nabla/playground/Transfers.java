package dev.nabla.playground;

import dev.nabla.data.CsvReader;
import dev.nabla.data.Dataset;
import dev.nabla.io.Json;
import dev.nabla.io.ModelFile;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.spec.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What crosses between the page and files: an uploaded CSV, the exported model file and an imported one,
 * and the data file the spec names. Each is written only under the session's own folder, under a fixed
 * name (nothing from the request names a path), and checked against the {@link Limits} before it is read.
 */
final class Transfers {
    private Transfers() {}

    /** Reads an uploaded CSV (header, label in {@code label} or the last column) and keeps it in the session. */
    static Map<String, Object> upload(Session s, byte[] body, String label) throws IOException {
        capped(body, "CSV file");
        Path file = s.dir().resolve("upload.csv");
        Files.write(file, body);
        List<String> header = CsvReader.firstRecord(file, ',');
        if (header.size() < 2) {
            throw new PlaygroundException("The CSV file needs a header and at least two columns (features, then the label); "
                    + "the first line has " + header.size());
        }
        if (header.size() > Limits.MAX_COLUMNS) {
            throw new PlaygroundException("The CSV file has " + header.size() + " columns; the cap is " + Limits.MAX_COLUMNS);
        }
        long rows = new String(body, java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).count() - 1;
        if (rows > Limits.MAX_ROWS) {
            throw new PlaygroundException("The CSV file has " + rows + " rows; the cap is " + Limits.MAX_ROWS);
        }
        String labelColumn = label == null || label.isBlank() ? header.getLast() : label;
        if (!header.contains(labelColumn)) {
            throw new PlaygroundException("The CSV file has no column '" + labelColumn + "'; its columns: " + String.join(", ", header));
        }
        Dataset d;
        try {
            d = CsvReader.read(file, CsvReader.Options.defaults().withLabelColumn(labelColumn));
        } catch (dev.nabla.data.DataFormatException e) {
            throw new PlaygroundException("The CSV file: " + e.getMessage().replace(file.toString() + ": ", ""));
        }
        if (d.size() < 4) {
            throw new PlaygroundException("The CSV file has " + d.size() + " rows; at least 4 are needed to train and test");
        }
        s.setUpload(d);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rows", d.size());
        out.put("columns", d.featureNames());
        out.put("label", labelColumn);
        out.put("problem", d.isClassification() ? "classification" : "regression");
        return out;
    }

    private static void capped(byte[] body, String what) {
        if (body.length > Limits.MAX_UPLOAD_BYTES) {
            throw new PlaygroundException(413, "The " + what + " is " + body.length + " bytes; the cap is "
                    + Limits.MAX_UPLOAD_BYTES + " bytes (1 MiB)");
        }
        if (body.length == 0) {
            throw new PlaygroundException("The " + what + " is empty");
        }
    }

    /** The session's network as a Nabla model file with the feature names, classes and spec beside the weights. */
    static byte[] export(Session s) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        PlayData d = s.data();
        meta.put(TrainedModel.FEATURES_KEY, Json.write(d.names()));
        meta.put(TrainedModel.CLASSES_KEY, Json.write(d.classNames()));
        meta.put(TrainedModel.SPEC_KEY, Json.write(Recipe.spec(s.settings(), d, s.epoch())));
        meta.put(TrainedModel.SPEC_DIR_KEY, ".");
        meta.put(TrainedModel.SEED_KEY, Long.toString(s.settings().seed()));
        if (d.standardize() != null) {
            meta.put(TrainedModel.TRANSFORMS_KEY, Json.write(List.of(d.standardize().config())));
        }
        Path file = s.dir().resolve("model.safetensors");
        synchronized (s) {
            ModelFile.save(file, s.model(), meta);
        }
        return Files.readAllBytes(file);
    }

    /** Loads a model file into the session: a Sequential of Dense (and Dropout) layers over features the page knows. */
    static Settings importModel(Session s, byte[] body) throws IOException {
        capped(body, "model file");
        Path file = s.dir().resolve("import.safetensors");
        Files.write(file, body);
        TrainedModel tm;
        try {
            tm = TrainedModel.load(file);
        } catch (IOException | RuntimeException e) {
            throw new PlaygroundException("The model file could not be read: "
                    + String.valueOf(e.getMessage()).replace(file.toString(), "the file"));
        }
        if (!(tm.model() instanceof Sequential seq)) {
            throw new PlaygroundException("The model file holds a " + tm.model().getClass().getSimpleName()
                    + "; the playground takes a Sequential network of Dense layers");
        }
        Settings now = s.settings();
        List<String> features = tm.featureNames().isEmpty() ? now.features() : tm.featureNames();
        boolean synthetic = !now.dataset().equals("csv");
        if (synthetic && !Settings.FEATURES.containsAll(features)) {
            throw new PlaygroundException("The model takes features " + features + "; the playground's data sets offer "
                    + Settings.FEATURES + " (upload its CSV first for other columns)");
        }
        List<Settings.Hidden> hidden = hidden(seq);
        Settings next = now.withLayers(hidden, synthetic ? features : now.features());
        if (seq.parameterCount() > Limits.MAX_PARAMETERS) {
            throw new PlaygroundException("The model has " + seq.parameterCount() + " weights; the cap is " + Limits.MAX_PARAMETERS);
        }
        seq.train();
        s.adoptImported(seq, Settings.read(next.toMap()));
        return s.settings();
    }

    /** The hidden layers of a Sequential of Dense/Dropout layers (the last Dense is the output). */
    private static List<Settings.Hidden> hidden(Sequential seq) {
        List<Layer> layers = seq.layers();
        List<Settings.Hidden> out = new ArrayList<>();
        for (int i = 0; i < layers.size() - 1; i++) {
            Layer l = layers.get(i);
            if (l instanceof Dense d) {
                double p = i + 1 < layers.size() && layers.get(i + 1) instanceof Dropout dr ? dr.p() : 0;
                out.add(new Settings.Hidden(d.units(), Activation.REGISTRY.nameOf(d.activation()), p));
            } else if (!(l instanceof Dropout)) {
                throw new PlaygroundException("The model has a " + l.getClass().getSimpleName()
                        + " layer; the playground draws Dense and Dropout layers only");
            }
        }
        if (!(layers.getLast() instanceof Dense)) {
            throw new PlaygroundException("The model must end in a Dense layer");
        }
        return out;
    }

    /** The session's points as the CSV the spec names: the feature columns, then the label. */
    static String dataCsv(Session s) {
        PlayData d = s.data();
        StringBuilder b = new StringBuilder(String.join(",", d.names())).append(',').append(Recipe.LABEL).append('\n');
        int f = d.features();
        for (int i = 0; i < d.labels().length; i++) {
            for (int j = 0; j < f; j++) {
                b.append(d.x()[i * f + j]).append(',');
            }
            double label = d.labels()[i];
            b.append(d.classification() ? Long.toString((long) label) : Double.toString(label)).append('\n');
        }
        return b.toString();
    }
}
