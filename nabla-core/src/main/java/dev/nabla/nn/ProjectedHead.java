package dev.nabla.nn;

import dev.nabla.autograd.Linear;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * What the distribution heads share: a dense projection of the features to the distribution's raw
 * parameters ({@code weight [width, in]}, Glorot-uniform, and {@code bias [width]}, zeros: Dense's defaults and
 * parameter names), then a map that makes them valid (weights normalised, scales positive). The head knows how
 * many raw values it needs, so a network says K and D once, not K·(1 + 2D).
 */
abstract class ProjectedHead extends Layer implements DistributionHead {
    private Parameter weight;
    private Parameter bias;

    /** Raw values per sample, and so the output width. */
    abstract int width();

    /** The raw projection {@code [N, width]} made valid. */
    abstract Tensor constrain(Tensor raw);

    @Override
    protected final Shape doBuild(Shape input, Generator g, DType dtype) {
        if (input.rank() != 1) {
            throw new IllegalArgumentException(label() + ": expected input [*, features], got per-sample shape " + input
                    + " (add a Flatten before it)");
        }
        weight = registerParameter("weight", new Parameter(Init.glorotUniform().sample(g, dtype, Shape.of(width(), input.dim(0)))));
        bias = registerParameter("bias", new Parameter(Tensor.zeros(dtype, width())));
        return Shape.of(width());
    }

    @Override
    protected final Tensor call(Tensor x) {
        return constrain(Linear.apply(x, weight.value(), bias.value()));
    }

    /** Refuses an output batch that is not {@code [N, width]}: the check behind {@link #distribution}. */
    final void checkOutput(Tensor output) {
        if (output.rank() != 2 || output.dim(1) != width()) {
            throw new IllegalArgumentException(label() + ": distribution() takes this head's output [N, " + width()
                    + "], got " + output.shape());
        }
    }

    /** The projection's weight {@code [width, in]}; null before build. */
    public final Parameter weight() {
        return weight;
    }

    /** The projection's bias {@code [width]}; null before build. */
    public final Parameter bias() {
        return bias;
    }

    /** softplus(raw) + floor: positive, with the gradient sigmoid(raw) that never dies (exp's can explode). */
    static Tensor positive(Tensor raw, double floor) {
        return Activation.softplus().apply(raw).add(floor);
    }
}
