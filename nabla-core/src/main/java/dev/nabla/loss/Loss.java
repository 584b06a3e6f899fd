package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * A loss: {@code (prediction, target) -> loss}, a scalar under {@link Reduction#MEAN} or
 * {@link Reduction#SUM}, per-element under {@link Reduction#NONE}. Definitions and defaults follow
 * PyTorch's {@code torch.nn} losses, so numbers and habits carry over.
 *
 * <pre>{@code
 * Loss loss = CrossEntropy.of();                  // logits [N, C], int32 labels [N]
 * Tensor l = loss.compute(model.forward(x), labels);
 * l.backward();
 * }</pre>
 *
 * <p>The family is sealed so that code switching over losses (spec parsing, serialisation) is checked
 * for exhaustiveness by the compiler. Every loss is a record whose compact constructor validates its
 * configuration, and is composed of differentiable {@link Tensor} ops, so its gradient comes from
 * autograd. Shapes are checked at the call and never broadcast: a prediction {@code [32, 1]} against
 * a target {@code [32]} is an error, not a silent {@code [32, 32]} loss.
 */
public sealed interface Loss
        permits MSE, MAE, Huber, SmoothL1, BinaryCrossEntropy, BinaryCrossEntropyWithLogits, CrossEntropy, NLL,
                GaussianNLL {

    /** The loss of {@code prediction} against {@code target}, reduced by {@link #reduction()}. */
    Tensor compute(Tensor prediction, Tensor target);

    /** The short name used in messages and logs, e.g. {@code "MSE"}. */
    String name();

    /** How per-element losses are folded. */
    Reduction reduction();

    /** The same loss with another reduction. */
    Loss withReduction(Reduction reduction);
}
