package dev.nabla.nn;

/**
 * A layer's settings as a value: a validated record whose components are what a model file and a spec
 * hold for the layer (written by {@link dev.nabla.config.ConfigWriter}, one entry per component), and
 * what makes a new layer. A layer keeps its config and returns it from {@link Layer#config()}.
 *
 * <pre>{@code
 * public record Config(double eps, boolean elementwiseAffine) implements LayerConfig {
 *     public Config { Check.positive("LayerNorm", "eps", eps); }
 *     public LayerNorm create() { return new LayerNorm(this); }
 * }
 * }</pre>
 */
public interface LayerConfig {
    /** A new, unbuilt layer with these settings. */
    Layer create();
}
