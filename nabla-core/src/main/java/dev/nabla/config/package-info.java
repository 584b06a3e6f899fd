/**
 * Settings as data: how a layer, activation, initialiser, loss, metric, optimizer, schedule, callback or
 * transform is described once, as a validated record, and read from and written to the config maps that
 * model files and experiment specs hold.
 *
 * <ul>
 *   <li>{@link dev.nabla.config.ConfigReader}: typed, located reads ({@code $.model.layers[2].units: ...});
 *   <li>{@link dev.nabla.config.ConfigWriter}: a record's entries, one per component, in snake case;
 *   <li>{@link dev.nabla.config.Registry}: one per family, the names and readers of its members;
 *   <li>{@link dev.nabla.config.Check}: the checks records make in their constructors.
 * </ul>
 *
 * <pre>{@code
 * record Scale(double factor) implements LayerConfig {
 *     public Scale { Check.finite("Scale", "factor", factor); }
 *     public Layer create() { return new ScaleLayer(this); }
 * }
 * Layers.register("Scale", Scale.class, c -> c.build(() -> new Scale(c.number("factor"))));
 * }</pre>
 *
 * <p>This package depends on the JDK only.
 */
package dev.nabla.config;
