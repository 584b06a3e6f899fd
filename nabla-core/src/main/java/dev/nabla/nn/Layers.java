package dev.nabla.nn;

import dev.nabla.config.ConfigReader;
import dev.nabla.config.Registry;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The layer types an architecture config can name, the one list of them, shared by model files and
 * experiment specs. A layer's config is {@code {"type": "Dense", "name": "fc1", ...its settings}}: the
 * settings are the components of its {@link LayerConfig} record, read by the reader registered here and
 * written back from the record, so adding a layer is its class and one line below.
 *
 * <pre>{@code
 * Layers.register("Scale", Scale.class, Scale.Config::read);   // a user's layer, saved and read like the built-ins
 * Layer layer = Layers.read(Map.of("type", "Dense", "units", 10), "layer");
 * Map<String, Object> config = Layers.write(layer);             // {type=Dense, units=10, activation={name=linear}, ...}
 * }</pre>
 */
public final class Layers {
    /** Every layer type, by the {@code "type"} its configs give. */
    public static final Registry<Layer> REGISTRY = new Registry<>(Layer.class, "layer type", "type");

    static {
        register("Dense", Dense.class, Dense.Config::read);
        register("Dropout", Dropout.class, Dropout.Config::read);
        register("Flatten", Flatten.class, c -> c.allowOnly().build(Flatten.Config::new));
        register("ActivationLayer", ActivationLayer.class, ActivationLayer.Config::read);
        register("LayerNorm", LayerNorm.class, LayerNorm.Config::read);
        register("GaussianHead", GaussianHead.class, GaussianHead.Config::read);
        register("MixtureDensityHead", MixtureDensityHead.class, MixtureDensityHead.Config::read);
        register("Conv2D", Conv2D.class, Conv2D.Config::read);
        register("Conv1D", Conv1D.class, Conv1D.Config::read);
        register("MaxPool2D", MaxPool2D.class, MaxPool2D.Config::read);
        register("AvgPool2D", AvgPool2D.class, AvgPool2D.Config::read);
        register("GlobalAvgPool2D", GlobalAvgPool2D.class, c -> c.allowOnly().build(GlobalAvgPool2D.Config::new));
        register("BatchNorm1d", BatchNorm1d.class, BatchNorm1d.Config::read);
        register("BatchNorm2d", BatchNorm2d.class, BatchNorm2d.Config::read);
        register("Reshape", Reshape.class, Reshape.Config::read);
        register("Add", Merge.Add.class, c -> c.allowOnly().build(Merge.Add.Config::new));
        register("Multiply", Merge.Multiply.class, c -> c.allowOnly().build(Merge.Multiply.Config::new));
        register("Average", Merge.Average.class, c -> c.allowOnly().build(Merge.Average.Config::new));
        register("Concatenate", Merge.Concatenate.class, Merge.Concatenate.Config::read);
        REGISTRY.register("Sequential", Sequential.class, named(Sequential::read));
        REGISTRY.register("Graph", Graph.class, named(Graph::read));
    }

    private Layers() {}

    /**
     * Adds a layer type: configs of {@code type} are read by {@code settings} into the layer's settings
     * record, which creates the layer; layers of {@code layerClass} are written under {@code type} with
     * their {@link Layer#config()}'s components. The {@code "name"} entry is handled here. A taken type is
     * an error.
     */
    public static void register(String type, Class<? extends Layer> layerClass,
                                Function<ConfigReader, ? extends LayerConfig> settings) {
        REGISTRY.register(type, layerClass, named(c -> settings.apply(c).create()));
    }

    /** The unbuilt layer a config object describes, named as it says. */
    public static Layer read(ConfigReader config) {
        return REGISTRY.read(config);
    }

    /** The unbuilt layer a config map describes; errors are located under {@code path}. */
    public static Layer read(Map<String, ?> config, String path) {
        return REGISTRY.read(ConfigReader.of(config, path));
    }

    /** A layer's config: {@code {"type": ..., "name": ..., ...settings}}, children included for containers. */
    public static Map<String, Object> write(Layer layer) {
        return REGISTRY.write(layer);
    }

    /** The registered types, built-ins first. */
    public static List<String> types() {
        return REGISTRY.names();
    }

    /** Reads the optional {@code "name"} entry beside the layer's own settings and names the layer. */
    private static Function<ConfigReader, Layer> named(Function<ConfigReader, ? extends Layer> body) {
        return c -> {
            String name = c.string("name", null);
            Layer layer = body.apply(c.without("name"));
            return name == null ? layer : layer.named(name);
        };
    }
}
