package dev.nabla.train;

import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Tensor;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A regularisation term added to the training loss: {@code λ Σ‖W‖²} (L2, seed 003's λΩ(θ)) or
 * {@code λ Σ|W|} (L1), over the parameters whose dotted names the filter accepts (by default every
 * {@code weight}, not biases, as is usual). Its gradient comes from autograd like the loss's.
 *
 * <p>This is the penalty added to the loss; an optimizer's {@code weightDecay} (added to the gradient)
 * is the other form: L2 with λ here equals weight decay 2λ in plain SGD.
 */
public record Penalty(Kind kind, double lambda, Predicate<String> appliesTo, String description) {
    public enum Kind { L1, L2 }

    public Penalty {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException(kind + " penalty: lambda must be finite and >= 0, got " + lambda);
        }
    }

    /** λ Σ‖W‖² over every parameter named {@code ...weight}. */
    public static Penalty l2(double lambda) {
        return new Penalty(Kind.L2, lambda, n -> n.endsWith("weight"), "weights");
    }

    /** λ Σ|W| over every parameter named {@code ...weight}. */
    public static Penalty l1(double lambda) {
        return new Penalty(Kind.L1, lambda, n -> n.endsWith("weight"), "weights");
    }

    /** The same penalty over the parameters whose names start with {@code prefix}. */
    public Penalty onlyUnder(String prefix) {
        return new Penalty(kind, lambda, n -> n.startsWith(prefix), "under '" + prefix + "'");
    }

    /** The penalty's value for the model's current parameters (a scalar tensor, recorded). */
    public Tensor compute(Module model) {
        Tensor total = null;
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            if (!appliesTo.test(e.getKey())) {
                continue;
            }
            Tensor w = e.getValue().value();
            Tensor term = kind == Kind.L2 ? w.pow(2).sum() : w.abs().sum();
            total = total == null ? term : total.add(term);
        }
        return total == null ? null : total.mul(lambda);
    }

    @Override
    public String toString() {
        return kind + "(" + lambda + ", " + description + ")";
    }
}
