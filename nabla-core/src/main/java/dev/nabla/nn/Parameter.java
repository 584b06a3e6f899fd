package dev.nabla.nn;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.Device;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * A trainable tensor owned by a module: a leaf that requires grad. Optimizers update it in place
 * (under {@link NoGrad}) and keep their per-parameter state keyed by it; modules read {@link #value()}
 * in their forward pass.
 */
public final class Parameter {
    private Tensor value;

    /** Wraps {@code initial} (kept as is, not copied) as a trainable leaf. */
    public Parameter(Tensor initial) {
        if (!initial.isLeaf()) {
            throw new IllegalArgumentException("Parameter: needs a leaf tensor, got the output of " + initial.gradFn().name());
        }
        this.value = initial.requiresGrad(true);
    }

    /** The tensor itself (requires grad); {@link Module#to} replaces it by its copy on another device. */
    public Tensor value() {
        return value;
    }

    /** The accumulated gradient, or null. */
    public Tensor grad() {
        return value.grad();
    }

    public void zeroGrad() {
        value.zeroGrad();
    }

    public Shape shape() {
        return value.shape();
    }

    public int size() {
        return value.size();
    }

    /** Overwrites the values (same shape), outside the graph: for loading weights and initialisers. */
    public void assign(Tensor values) {
        if (!values.shape().equals(value.shape())) {
            throw new IllegalArgumentException("Parameter.assign: expected shape " + value.shape() + ", got " + values.shape());
        }
        try (NoGrad ignored = NoGrad.enter()) {
            value.copyFrom(values);
        }
    }

    /**
     * Puts the value on {@code device}: a leaf there with the same values (and gradient, if any) takes its
     * place. Readers of {@link #value()} see the new one; a tensor taken out before stays where it was.
     */
    void moveTo(Device device) {
        if (value.device().equals(device)) {
            return;
        }
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor moved = value.to(device).requiresGrad(true);
            if (value.grad() != null) {
                moved.setGrad(value.grad().to(device));
            }
            value = moved;
        }
    }

    @Override
    public String toString() {
        return "Parameter" + value.shape() + " " + value.dtype();
    }
}
