package dev.nabla.playground;

import dev.nabla.nn.Activation;
import dev.nabla.optim.LrSchedule;
import dev.nabla.optim.OptimizerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the page's controls set that the server needs: the data, the network and how it trains.
 * Read from the page's JSON and checked here against the {@link Limits}, each mistake named in the page's
 * terms. The whole page state (these and the view toggles) also lives in the URL, which the page writes.
 *
 * @param dataset circle, xor, gauss, spiral (two classes), blobs (three classes), plane, multigauss
 *     (regression), or csv (the uploaded file)
 * @param noise 0 to 50 (percent, as TensorFlow Playground)
 * @param trainRatio 10 to 90 (percent of the points trained on; the rest are the test points)
 * @param features the input features: x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2 (ignored for csv)
 * @param layers the hidden layers, first to last
 * @param regularization none, l1 or l2, at {@code regRate}
 * @param csvLabel the uploaded file's label column; csvX, csvY the feature columns the maps are drawn over
 */
public record Settings(String dataset, String problem, int noise, int trainRatio, int batchSize, long seed,
                       List<String> features, List<Hidden> layers, double learningRate, String optimizer,
                       String schedule, String regularization, double regRate, String csvLabel, int csvX, int csvY) {
    /** The input features TensorFlow Playground offers, in its order. */
    public static final List<String> FEATURES = List.of("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2");
    public static final List<String> CLASSIFICATION_SETS = List.of("circle", "xor", "gauss", "spiral", "blobs");
    public static final List<String> REGRESSION_SETS = List.of("plane", "multigauss");

    /** One hidden layer: its width, its activation (a name in the library's registry) and its dropout rate. */
    public record Hidden(int units, String activation, double dropout) {}

    /** TensorFlow Playground's opening state, with Adam in place of its plain SGD. */
    public static Settings defaults() {
        List<Hidden> layers = List.of(new Hidden(4, "tanh", 0), new Hidden(2, "tanh", 0));
        return new Settings("circle", "classification", 0, 50, 10, 1, List.of("x1", "x2"), layers, 0.03, "adam",
                "constant", "none", 0, null, 0, 1);
    }

    /** The activations a layer may take: the library's registry, less those that need an axis. */
    public static List<String> activations() {
        return Activation.REGISTRY.names().stream().filter(n -> !n.contains("softmax")).toList();
    }

    public static List<String> optimizers() {
        return OptimizerConfig.REGISTRY.names();
    }

    public static List<String> schedules() {
        return LrSchedule.REGISTRY.names();
    }

    /** Reads and checks the page's JSON object; throws {@link PlaygroundException} naming the control at fault. */
    public static Settings read(Map<?, ?> given) {
        Settings d = defaults();
        Map<Object, Object> m = new LinkedHashMap<>(d.toMap()); // what the request leaves out keeps its default
        m.putAll(given);
        String dataset = choice(m, "dataset", d.dataset, union(CLASSIFICATION_SETS, REGRESSION_SETS, List.of("csv")));
        String problem = choice(m, "problem", d.problem, List.of("classification", "regression"));
        if (CLASSIFICATION_SETS.contains(dataset) && problem.equals("regression")
                || REGRESSION_SETS.contains(dataset) && problem.equals("classification")) {
            throw new PlaygroundException("Data set '" + dataset + "' is for " + (problem.equals("regression")
                    ? "classification" : "regression") + "; pick a " + problem + " data set");
        }
        int noise = (int) number(m, "noise", d.noise, 0, 50);
        int ratio = (int) number(m, "trainRatio", d.trainRatio, 10, 90);
        int batch = (int) number(m, "batchSize", d.batchSize, 1, 256);
        long seed = (long) number(m, "seed", d.seed, 0, 1e15);
        List<String> features = features(m.get("features"));
        List<Hidden> layers = layers(m.get("layers"));
        double lr = number(m, "learningRate", d.learningRate, 1e-6, 10);
        String optimizer = choice(m, "optimizer", d.optimizer, optimizers());
        String schedule = choice(m, "schedule", d.schedule, schedules());
        String reg = choice(m, "regularization", d.regularization, List.of("none", "l1", "l2"));
        double regRate = number(m, "regRate", d.regRate, 0, 10);
        Object label = m.get("csvLabel");
        int cx = (int) number(m, "csvX", 0, 0, Limits.MAX_COLUMNS), cy = (int) number(m, "csvY", 1, 0, Limits.MAX_COLUMNS);
        return new Settings(dataset, problem, noise, ratio, batch, seed, features, layers, lr, optimizer, schedule, reg,
                regRate, label == null ? null : label.toString(), cx, cy);
    }

    /** The settings as the page's JSON (what {@link #read} takes back). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("problem", problem);
        m.put("noise", noise);
        m.put("trainRatio", trainRatio);
        m.put("batchSize", batchSize);
        m.put("seed", seed);
        m.put("features", features);
        List<Object> ls = new ArrayList<>();
        layers.forEach(h -> ls.add(Map.of("units", h.units(), "activation", h.activation(), "dropout", h.dropout())));
        m.put("layers", ls);
        m.put("learningRate", learningRate);
        m.put("optimizer", optimizer);
        m.put("schedule", schedule);
        m.put("regularization", regularization);
        m.put("regRate", regRate);
        if (csvLabel != null) {
            m.put("csvLabel", csvLabel);
        }
        m.put("csvX", csvX);
        m.put("csvY", csvY);
        return m;
    }

    /** The same settings with other hidden layers (after a model file was imported). */
    public Settings withLayers(List<Hidden> hidden, List<String> inputs) {
        return new Settings(dataset, problem, noise, trainRatio, batchSize, seed, inputs, hidden, learningRate, optimizer,
                schedule, regularization, regRate, csvLabel, csvX, csvY);
    }

    private static List<String> features(Object raw) {
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw new PlaygroundException("Features: pick at least one input feature");
        }
        List<String> out = new ArrayList<>();
        for (Object f : list) {
            if (!FEATURES.contains(String.valueOf(f))) {
                throw new PlaygroundException("Features: unknown feature '" + f + "'; allowed: " + String.join(", ", FEATURES));
            }
            if (!out.contains(String.valueOf(f))) {
                out.add(String.valueOf(f));
            }
        }
        return FEATURES.stream().filter(out::contains).toList();
    }

    private static List<Hidden> layers(Object raw) {
        if (!(raw instanceof List<?> list)) {
            throw new PlaygroundException("Hidden layers: expected a list of layers");
        }
        if (list.size() > Limits.MAX_LAYERS) {
            throw new PlaygroundException("Hidden layers: " + list.size() + " asked, the cap is " + Limits.MAX_LAYERS);
        }
        List<Hidden> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> layer)) {
                throw new PlaygroundException("Hidden layer " + (i + 1) + ": expected units, activation and dropout");
            }
            String where = "Hidden layer " + (i + 1) + ": ";
            int units = (int) number(layer, "units", 4, 1, Double.MAX_VALUE, where);
            if (units > Limits.MAX_UNITS) {
                throw new PlaygroundException(where + units + " neurons asked, the cap is " + Limits.MAX_UNITS + " per layer");
            }
            String act = choice(layer, "activation", "tanh", activations(), where);
            out.add(new Hidden(units, act, number(layer, "dropout", 0, 0, 0.9, where)));
        }
        return List.copyOf(out);
    }

    private static String choice(Map<?, ?> m, String key, String fallback, List<String> allowed) {
        return choice(m, key, fallback, allowed, "");
    }

    private static String choice(Map<?, ?> m, String key, String fallback, List<String> allowed, String where) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (!allowed.contains(v.toString())) {
            throw new PlaygroundException(where + label(key) + ": unknown '" + v + "'; allowed: " + String.join(", ", allowed));
        }
        return v.toString();
    }

    private static double number(Map<?, ?> m, String key, double fallback, double min, double max) {
        return number(m, key, fallback, min, max, "");
    }

    private static double number(Map<?, ?> m, String key, double fallback, double min, double max, String where) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        double x;
        try {
            x = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().strip());
        } catch (NumberFormatException e) {
            throw new PlaygroundException(where + label(key) + ": expected a number, got '" + v + "'");
        }
        if (!(x >= min && x <= max)) {
            String range = max == Double.MAX_VALUE ? "at least " + fmt(min) : "from " + fmt(min) + " to " + fmt(max);
            throw new PlaygroundException(where + label(key) + ": must be " + range + ", got " + v);
        }
        return x;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** The control's name as the page shows it. */
    private static String label(String key) {
        return switch (key) {
            case "trainRatio" -> "Ratio of training data";
            case "batchSize" -> "Batch size";
            case "learningRate" -> "Learning rate";
            case "regRate" -> "Regularization rate";
            case "regularization" -> "Regularization";
            case "units" -> "Neurons";
            case "csvX", "csvY" -> "Column shown";
            default -> Character.toUpperCase(key.charAt(0)) + key.substring(1);
        };
    }

    @SafeVarargs
    private static List<String> union(List<String>... lists) {
        List<String> out = new ArrayList<>();
        for (List<String> l : lists) {
            out.addAll(l);
        }
        return out;
    }
}
