package dev.nabla.autograd;

import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.Tensor;

/** Joins tensors along an existing axis. */
public final class Concat extends Node {
    private final int axis;
    private final int[] sizes;

    private Concat(Tensor[] parts, int axis) {
        super("concat", parts);
        this.axis = axis;
        this.sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            sizes[i] = parts[i].shape().dim(axis);
        }
    }

    public static Tensor apply(int axis, Tensor... parts) {
        Tensor out = LayoutMath.concat(axis, parts);
        int ax = parts[0].shape().axis("concat", axis);
        return recording(parts) ? new Concat(parts.clone(), ax).record(out) : out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // each part gets back its own slice of the gradient
        Tensor[] grads = new Tensor[sizes.length];
        int offset = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (needs(i)) {
                int[] map = LayoutMath.sliceMap(g.shape(), axis, offset, offset + sizes[i], 1);
                grads[i] = LayoutMath.take(g, map, LayoutMath.sliceShape(g.shape(), axis, offset, offset + sizes[i], 1));
            }
            offset += sizes[i];
        }
        return grads;
    }
}
