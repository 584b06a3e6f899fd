package dev.nabla.io;

import dev.nabla.nn.Activation;
import dev.nabla.nn.ActivationLayer;
import dev.nabla.nn.Configs;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Graph;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Merge;
import dev.nabla.nn.Sequential;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Turns an architecture config ({@link Layer#config()}, read back from JSON) into an unbuilt layer: the
 * {@code "type"} picks a factory, the factory reads its hyperparameters. Layers outside this package
 * (Graph, user layers) join with {@link #register}; the model file format then needs no change.
 *
 * <pre>{@code
 * LayerRegistry.register("Scale", (config, owner) -> new Scale(Configs.doubleValue(config, "factor", owner)));
 * Layer layer = LayerRegistry.fromConfig(Map.of("type", "Dense", "units", 10));
 * }</pre>
 *
 * <p>Factories are strict: an unknown key is an error (a misspelt key must not load as a default), and
 * a missing optional key takes the layer's own default, so defaults are written only in the layer.
 */
public final class LayerRegistry {
    /** Builds an unbuilt layer from its config; {@code owner} names it in error messages ({@code Dense 'fc1'}). */
    @FunctionalInterface
    public interface Factory {
        Layer create(Map<String, Object> config, String owner);
    }

    // Sorted, so the "known types" list in errors reads alphabetically; concurrent, so registering is safe anywhere.
    private static final Map<String, Factory> FACTORIES = new ConcurrentSkipListMap<>();

    static {
        FACTORIES.put("Sequential", LayerRegistry::sequential);
        FACTORIES.put("Dense", LayerRegistry::dense);
        FACTORIES.put("ActivationLayer", LayerRegistry::activationLayer);
        FACTORIES.put("Dropout", LayerRegistry::dropout);
        FACTORIES.put("Flatten", LayerRegistry::flatten);
        FACTORIES.put("Graph", (config, owner) -> Graph.fromConfig(config, LayerRegistry::fromConfig));
        for (String merge : Merge.types()) {
            FACTORIES.put(merge, (config, owner) -> Merge.fromConfig(config));
        }
    }

    private LayerRegistry() {}

    /**
     * Adds a layer type. The name is what the layer's {@code config()} writes as {@code "type"}
     * (its simple class name, by {@code Layer.baseConfig()}). Registering a taken name is an error, so
     * two libraries cannot silently replace each other's layers.
     */
    public static void register(String type, Factory factory) {
        Objects.requireNonNull(factory, "factory");
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("LayerRegistry.register: type must be a non-empty name, got '" + type + "'");
        }
        if (FACTORIES.putIfAbsent(type, factory) != null) {
            throw new IllegalStateException("LayerRegistry.register: layer type '" + type + "' is already registered");
        }
    }

    /** The registered type names, sorted. */
    public static Set<String> types() {
        return Collections.unmodifiableSet(new TreeSet<>(FACTORIES.keySet()));
    }

    /**
     * The unbuilt layer a config describes, named as the config says. Errors are
     * {@link IllegalArgumentException}s naming the layer and the key: {@code Dense 'fc1': missing 'units'}.
     */
    public static Layer fromConfig(Map<String, ?> config) {
        String type = Configs.stringValue(config, "type", "layer config");
        Factory factory = FACTORIES.get(type);
        if (factory == null) {
            throw new IllegalArgumentException("unknown layer type '" + type + "' (known: "
                    + String.join(", ", FACTORIES.keySet()) + "; add others with LayerRegistry.register)");
        }
        String name = config.containsKey("name") ? Configs.stringValue(config, "name", type) : null;
        String owner = name == null ? type : type + " '" + name + "'";
        @SuppressWarnings("unchecked")
        Map<String, Object> args = (Map<String, Object>) config;
        Layer layer = factory.create(args, owner);
        return name == null ? layer : layer.named(name);
    }

    // ---------------------------------------------------------------- built-in layers

    private static Layer sequential(Map<String, Object> config, String owner) {
        Configs.checkKeys(config, owner, "type", "name", "layers");
        List<?> items = Configs.listValue(config, "layers", owner);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> item)) {
                throw new IllegalArgumentException(owner + ": layers[" + i + "] must be a layer config object, got " + items.get(i));
            }
            try {
                @SuppressWarnings("unchecked")
                Map<String, ?> child = (Map<String, ?>) item;
                layers.add(fromConfig(child));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(owner + ": layers[" + i + "]: " + e.getMessage(), e);
            }
        }
        return new Sequential(layers);
    }

    private static Layer dense(Map<String, Object> config, String owner) {
        Configs.checkKeys(config, owner, "type", "name", "units", "activation", "use_bias", "kernel_init", "bias_init");
        Dense d = new Dense(Configs.intValue(config, "units", owner));
        if (config.containsKey("activation")) {
            d.activation(activation(config, "activation", owner));
        }
        if (config.containsKey("use_bias") && !Configs.booleanValue(config, "use_bias", owner)) {
            d.withoutBias();
        }
        if (config.containsKey("kernel_init")) {
            d.kernelInit(init(config, "kernel_init", owner));
        }
        if (config.containsKey("bias_init")) {
            d.biasInit(init(config, "bias_init", owner));
        }
        return d;
    }

    private static Layer activationLayer(Map<String, Object> config, String owner) {
        Configs.checkKeys(config, owner, "type", "name", "activation");
        return new ActivationLayer(activation(config, "activation", owner));
    }

    private static Layer dropout(Map<String, Object> config, String owner) {
        Configs.checkKeys(config, owner, "type", "name", "p");
        return new Dropout(Configs.doubleValue(config, "p", owner));
    }

    private static Layer flatten(Map<String, Object> config, String owner) {
        Configs.checkKeys(config, owner, "type", "name");
        return new Flatten();
    }

    /** A nested activation config; its errors are prefixed with the layer and key that hold it. */
    private static Activation activation(Map<String, Object> config, String key, String owner) {
        Map<String, Object> nested = Configs.mapValue(config, key, owner);
        try {
            return Configs.activation(nested);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(owner + ": " + key + ": " + e.getMessage(), e);
        }
    }

    /** A nested initialiser config; its errors are prefixed with the layer and key that hold it. */
    private static Init init(Map<String, Object> config, String key, String owner) {
        Map<String, Object> nested = Configs.mapValue(config, key, owner);
        try {
            return Configs.init(nested);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(owner + ": " + key + ": " + e.getMessage(), e);
        }
    }
}
