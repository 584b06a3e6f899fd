/**
 * Losses: {@code (prediction, target)} to a scalar (or, with {@link dev.nabla.loss.Reduction#NONE},
 * per-element) tensor, with PyTorch's definitions and defaults, built from differentiable tensor ops
 * in fused, numerically stable forms.
 *
 * <pre>{@code
 * Tensor logits = model.forward(x);                       // [N, C]
 * Tensor loss = CrossEntropy.of().compute(logits, y);     // y: int32 [N]
 * loss.backward();
 *
 * Huber.of(0.5).withReduction(Reduction.SUM).compute(yHat, yTrue);   // same shapes, never broadcast
 * }</pre>
 *
 * <p>Regression: {@link dev.nabla.loss.MSE}, {@link dev.nabla.loss.MAE}, {@link dev.nabla.loss.Huber},
 * {@link dev.nabla.loss.SmoothL1}; predicting uncertainty: {@link dev.nabla.loss.GaussianNLL} (a mean and a variance,
 * what {@code nn.GaussianHead} gives) and {@link dev.nabla.loss.MixtureNLL} (a mixture of Gaussians, what
 * {@code nn.MixtureDensityHead} gives). Classification:
 * {@link dev.nabla.loss.BinaryCrossEntropy} (probabilities), {@link dev.nabla.loss.BinaryCrossEntropyWithLogits},
 * {@link dev.nabla.loss.CrossEntropy} (logits), {@link dev.nabla.loss.NLL} (log-probabilities).
 * {@link dev.nabla.loss.Loss} is open: a user's loss trains like these, and a registered one
 * ({@code Loss.REGISTRY}) can be named in specs.
 */
package dev.nabla.loss;
