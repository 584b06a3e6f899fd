package dev.nabla.autograd;

import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/** A view with another shape over the same storage (tensors are contiguous, so any reshape is a view). */
public final class Reshape extends Node {
    private final Shape inShape;

    private Reshape(Tensor x) {
        super("reshape", x);
        inShape = x.shape();
    }

    public static Tensor apply(Tensor x, Shape shape) {
        Tensor out = LayoutMath.view(x, shape);
        return recording(x) ? new Reshape(x).record(out) : out;
    }

    /** Resolves one -1 in {@code dims} from the element count; refuses sizes that do not match. */
    public static Shape infer(Shape from, int... dims) {
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (unknown >= 0) {
                    throw new IllegalArgumentException("reshape: only one size may be -1, got " + Arrays.toString(dims));
                }
                unknown = i;
            } else if (dims[i] < 0) {
                throw new IllegalArgumentException("reshape: invalid size " + dims[i] + " in " + Arrays.toString(dims));
            } else {
                known *= dims[i];
            }
        }
        int[] out = dims.clone();
        if (unknown >= 0) {
            if (known == 0 || from.size() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + from + " (" + from.size()
                        + " elements) into " + Arrays.toString(dims));
            }
            out[unknown] = (int) (from.size() / known);
        } else if (known != from.size()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + from + " (" + from.size()
                    + " elements) into " + Arrays.toString(dims) + " (" + known + " elements)");
        }
        return Shape.of(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {LayoutMath.view(g, inShape)};
    }
}
