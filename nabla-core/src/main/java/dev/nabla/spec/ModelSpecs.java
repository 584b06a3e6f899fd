package dev.nabla.spec;

import dev.nabla.io.LayerRegistry;
import dev.nabla.nn.Configs;
import dev.nabla.tensor.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code "model"} section into a {@link ModelSpec}. The built-in layers' keys are checked
 * here, one by one, so errors carry the JSON path and the allowed values
 * ({@code $.model.layers[2].units: must be an integer > 0, got -3}); every layer config is then read
 * through {@link LayerRegistry} (the only place layers are built from configs), and anything it
 * refuses (a user layer's keys, a graph's wiring) is reported at the layer's path.
 *
 * <p>Shorthand expanded here: {@code "activation": "relu"} for {@code {"name": "relu"}}, and the same for
 * {@code kernel_init} and {@code bias_init}.
 */
final class ModelSpecs {
    private ModelSpecs() {}

    static ModelSpec parse(SpecObject o) {
        String type = layerType(o);
        Shape input = null;
        Map<String, Object> rest = new LinkedHashMap<>(o.map());
        if (!type.equals("Graph") && o.has("input")) {
            input = shape(o.list("input"), o.pathOf("input"));
            rest.remove("input");
        }
        Map<String, Object> config = layer(new SpecObject(rest, o.path()), true);
        if (type.equals("Graph") && o.strings("outputs").size() != 1) {
            throw o.error("outputs", "an experiment trains one output, got " + o.strings("outputs"));
        }
        return new ModelSpec(config, input);
    }

    private static String layerType(SpecObject o) {
        return o.choice("type", "layer type", List.copyOf(LayerRegistry.types()));
    }

    /** One layer's config, expanded and checked; {@code top}: the model itself, whose input was taken out. */
    private static Map<String, Object> layer(SpecObject o, boolean top) {
        String type = layerType(o);
        Map<String, Object> out = new LinkedHashMap<>();
        switch (type) {
            case "Dense" -> {
                o.allowOnly("type", "name", "units", "activation", "use_bias", "kernel_init", "bias_init");
                copy(o, out, "type", "name");
                out.put("units", o.intValue("units", v -> v > 0, "an integer > 0"));
                expand(o, out, "activation", Configs.ACTIVATION_NAMES);
                if (o.has("use_bias")) {
                    out.put("use_bias", o.bool("use_bias", true));
                }
                expand(o, out, "kernel_init", Configs.INIT_NAMES);
                expand(o, out, "bias_init", Configs.INIT_NAMES);
            }
            case "Dropout" -> {
                o.allowOnly("type", "name", "p");
                copy(o, out, "type", "name");
                out.put("p", o.number("p", v -> v >= 0 && v <= 1, "a number in [0, 1]"));
            }
            case "ActivationLayer" -> {
                o.allowOnly("type", "name", "activation");
                copy(o, out, "type", "name");
                o.required("activation");
                expand(o, out, "activation", Configs.ACTIVATION_NAMES);
            }
            case "Sequential" -> {
                o.allowOnly(top ? new String[] {"type", "name", "input", "layers"} : new String[] {"type", "name", "layers"});
                copy(o, out, "type", "name");
                List<Object> layers = new ArrayList<>();
                for (SpecObject child : o.objects("layers")) {
                    layers.add(layer(child, false));
                }
                if (layers.isEmpty()) {
                    throw o.error("layers", "must hold at least one layer");
                }
                out.put("layers", Collections.unmodifiableList(layers));
            }
            case "Graph" -> out.putAll(graph(o));
            default -> out.putAll(o.map()); // Flatten, merges, user layers: their factories check the keys
        }
        Map<String, Object> config = Collections.unmodifiableMap(out);
        try {
            LayerRegistry.fromConfig(config);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new SpecException(o.path(), e.getMessage(), e);
        }
        return config;
    }

    /** A graph: {@code inputs} (name to shape, null to take the data's), {@code nodes}, {@code outputs}. */
    private static Map<String, Object> graph(SpecObject o) {
        o.allowOnly("type", "name", "inputs", "nodes", "outputs");
        Map<String, Object> out = new LinkedHashMap<>();
        copy(o, out, "type", "name");
        SpecObject inputs = o.object("inputs");
        if (inputs.map().size() != 1) {
            throw o.error("inputs", "an experiment feeds one input, got " + inputs.map().keySet());
        }
        Map<String, Object> shapes = new LinkedHashMap<>();
        inputs.map().forEach((name, dims) -> shapes.put(name,
                dims == null ? null : dimsList(shape(inputs.list(name), inputs.pathOf(name)))));
        out.put("inputs", Collections.unmodifiableMap(shapes));
        List<Object> nodes = new ArrayList<>();
        for (SpecObject node : o.objects("nodes")) {
            node.allowOnly("name", "inputs", "layer");
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("name", node.string("name"));
            n.put("inputs", node.strings("inputs"));
            n.put("layer", layer(node.object("layer"), false));
            nodes.add(Collections.unmodifiableMap(n));
        }
        out.put("nodes", Collections.unmodifiableList(nodes));
        out.put("outputs", o.strings("outputs"));
        return out;
    }

    private static void copy(SpecObject o, Map<String, Object> out, String... keys) {
        for (String key : keys) {
            if (o.has(key)) {
                out.put(key, o.string(key));
            }
        }
    }

    /**
     * An activation or initialiser, by name or as a map; its name is checked against {@code names} here
     * (for the path and the list), its parameters by {@link Configs} (the one reader of these maps).
     */
    private static void expand(SpecObject o, Map<String, Object> out, String key, List<String> names) {
        if (!o.has(key)) {
            return;
        }
        String what = key.equals("activation") ? "activation" : "initialiser";
        Map<String, Object> config;
        if (o.required(key) instanceof String) {
            config = Map.of("name", o.choice(key, what, names));
        } else {
            SpecObject nested = o.object(key);
            nested.choice("name", what, names);
            config = Collections.unmodifiableMap(new LinkedHashMap<>(nested.map()));
        }
        try {
            if (what.equals("activation")) {
                Configs.activation(config);
            } else {
                Configs.init(config);
            }
        } catch (IllegalArgumentException e) {
            throw o.error(key, e.getMessage());
        }
        out.put(key, config);
    }

    private static Shape shape(List<?> dims, String where) {
        if (dims.isEmpty()) {
            throw new SpecException(where, "must be a non-empty array of sizes > 0");
        }
        int[] out = new int[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) SpecObject.integerValue(dims.get(i), where + "[" + i + "]",
                    v -> v > 0 && v <= Integer.MAX_VALUE, "an integer > 0");
        }
        return Shape.of(out);
    }

    private static List<Object> dimsList(Shape s) {
        List<Object> out = new ArrayList<>();
        for (int d : s.dims()) {
            out.add(d);
        }
        return Collections.unmodifiableList(out);
    }
}
