/**
 * Networks: {@link dev.nabla.nn.Module} and {@link dev.nabla.nn.Parameter} (PyTorch's pattern: dotted
 * parameter names, state dicts, train/eval modes, {@code to(device)}), layers, activations,
 * {@code Sequential}, {@code Graph} and initialisers.
 *
 * <p>Every layer has a settings record ({@link dev.nabla.nn.LayerConfig}) registered in
 * {@link dev.nabla.nn.Layers}, the one reader of layer configs for model files and specs:
 *
 * <pre>{@code
 * Sequential model = Sequential.of(new Dense(64, Activation.relu()), new Dropout(0.1), new Dense(10)).build(0, 784);
 * Map<String, Object> architecture = Layers.write(model);         // what a model file stores
 * Layer again = Layers.read(architecture, "architecture");        // unbuilt, same settings
 * }</pre>
 */
package dev.nabla.nn;
