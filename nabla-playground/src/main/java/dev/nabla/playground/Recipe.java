package dev.nabla.playground;

import dev.nabla.optim.OptimizerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Show me the code": the experiment spec ({@code nabla train} takes it, with the page's {@code data.csv}
 * beside it) and the Java that build the page's network. The session builds its own network from the same
 * spec, so what the page shows, the spec and the snippet cannot drift apart.
 */
public final class Recipe {
    /** The label column of the data file the page offers. */
    public static final String LABEL = "label";
    /** Epochs the spec asks for when the page has not trained yet. */
    static final int DEFAULT_EPOCHS = 100;

    private Recipe() {}

    /** The spec as a JSON-ready map; {@code epochs} is how long the page has trained (0: the default). */
    public static Map<String, Object> spec(Settings s, PlayData d, long epochs) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", "playground-" + s.dataset());
        spec.put("description", "Built in the Nabla playground; train on data.csv (the page's Download data).");
        spec.put("seed", s.seed());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("source", "csv");
        data.put("path", "data.csv");
        data.put("label", LABEL);
        data.put("label_kind", d.classification() ? "categorical" : "numeric");
        data.put("test_split", (100 - s.trainRatio()) / 100.0);
        if (d.standardize() != null) {
            data.put("transforms", List.of(Map.of("kind", "standardize")));
        }
        spec.put("data", data);
        spec.put("model", Map.of("type", "Sequential", "layers", layers(s, d)));
        spec.put("loss", Map.of("name", d.classification() ? "cross_entropy" : "mse"));
        spec.put("optimizer", Map.of("name", s.optimizer(), "lr", s.learningRate()));
        spec.put("schedule", schedule(s.schedule(), s.optimizer()));
        if (!s.regularization().equals("none") && s.regRate() > 0) {
            spec.put("penalties", List.of(Map.of("kind", s.regularization(), "lambda", s.regRate())));
        }
        spec.put("training", Map.of("epochs", epochs > 0 ? epochs : DEFAULT_EPOCHS, "batch_size", s.batchSize()));
        spec.put("metrics", d.classification() ? List.of("accuracy") : List.of("mae"));
        return spec;
    }

    /**
     * The schedule with the settings the page uses for those that need some. The page's optimizers run at
     * their defaults (SGD and RMSprop without momentum), so the 1cycle policy cycles the momentum only of those
     * that have one there.
     */
    static Map<String, Object> schedule(String name, String optimizer) {
        return switch (name) {
            case "exponential" -> Map.of("name", name, "beta", 0.999);
            case "step" -> Map.of("name", name, "step_size", 1000, "gamma", 0.5);
            case "one_cycle" -> Map.of("name", name, "cycle_momentum",
                    OptimizerConfig.REGISTRY.read(Map.of("name", optimizer), "optimizer").hasMomentum());
            default -> Map.of("name", name);
        };
    }

    private static List<Object> layers(Settings s, PlayData d) {
        List<Object> layers = new ArrayList<>();
        for (Settings.Hidden h : s.layers()) {
            layers.add(Map.of("type", "Dense", "units", h.units(), "activation", h.activation()));
            if (h.dropout() > 0) {
                layers.add(Map.of("type", "Dropout", "p", h.dropout()));
            }
        }
        layers.add(Map.of("type", "Dense", "units", outputs(d)));
        return layers;
    }

    /** One score per class for softmax cross-entropy; one value for regression. */
    static int outputs(PlayData d) {
        return d.classification() ? Math.max(2, d.classes()) : 1;
    }

    /** A whole Java source file (JDK 25 compact form) that trains the same network on data.csv. */
    public static String java(Settings s, PlayData d) {
        StringBuilder layers = new StringBuilder();
        for (Settings.Hidden h : s.layers()) {
            layers.append("            new Dense(").append(h.units()).append(", Activation.REGISTRY.read(\"")
                    .append(h.activation()).append("\", \"activation\")),\n");
            if (h.dropout() > 0) {
                layers.append("            new Dropout(").append(h.dropout()).append("),\n");
            }
        }
        layers.append("            new Dense(").append(outputs(d)).append("))");
        String loss = d.classification() ? "CrossEntropy.of()" : "MSE.of()";
        String penalty = s.regularization().equals("none") || s.regRate() == 0 ? ""
                : "\n            .penalties(Penalty." + s.regularization() + "(" + s.regRate() + "))";
        String std = d.standardize() == null ? "" : "\n    x = new Standardize().fit(x).apply(x);   // as the page: "
                + "standardised columns";
        return """
                import dev.nabla.data.CsvReader;
                import dev.nabla.data.Dataset;
                import dev.nabla.data.Standardize;
                import dev.nabla.io.ModelFile;
                import dev.nabla.loss.*;
                import dev.nabla.nn.*;
                import dev.nabla.optim.*;
                import dev.nabla.tensor.Tensor;
                import dev.nabla.train.*;
                import java.nio.file.Path;
                import java.util.Map;

                void main() throws Exception {
                    Dataset data = CsvReader.read(Path.of("data.csv"), CsvReader.Options.defaults().withLabelColumn("%s")
                            .withLabelKind(CsvReader.LabelKind.%s));
                    Tensor x = data.features(), y = data.targets();%s
                    Sequential model = Sequential.of(
                %s.build(%dL, x.dim(1));
                    Optimizer optimizer = OptimizerConfig.REGISTRY.read(Map.of("name", "%s", "lr", %s), "optimizer")
                            .create(model.parameters());
                    new Trainer(model, %s, optimizer).fit(x, y, FitOptions.defaults().epochs(%d).batchSize(%d)
                            .validationSplit(%s)%s);
                    ModelFile.save(Path.of("playground.safetensors"), model);
                }
                """.formatted(LABEL, d.classification() ? "CATEGORICAL" : "NUMERIC", std, layers, s.seed(), s.optimizer(),
                s.learningRate(), loss, DEFAULT_EPOCHS, s.batchSize(), (100 - s.trainRatio()) / 100.0, penalty);
    }
}
