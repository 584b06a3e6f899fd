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
 *
 * <p>Predicting uncertainty: a {@link dev.nabla.nn.DistributionHead} ends a network with a distribution per
 * sample instead of a point, {@link dev.nabla.nn.GaussianHead} (a mean and a variance per output) or
 * {@link dev.nabla.nn.MixtureDensityHead} (K Gaussians, diagonal or full covariances), and reads its output as a
 * {@link dev.nabla.nn.GaussianMixture}: log-density, mean, variance, quantiles, intervals, seeded samples, modes.
 *
 * <pre>{@code
 * Sequential mdn = Sequential.of(new Dense(24, Activation.tanh()), new MixtureDensityHead(3)).build(0, 1);
 * GaussianMixture p = DistributionHead.at(mdn).distribution(mdn.forward(x));
 * GaussianMixture.Interval ninety = p.interval(0.9);
 * }</pre>
 */
package dev.nabla.nn;
