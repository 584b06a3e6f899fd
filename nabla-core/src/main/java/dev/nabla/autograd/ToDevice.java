package dev.nabla.autograd;

import dev.nabla.tensor.Device;
import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.Tensor;

/** A copy on another device; the gradient goes back to the source's device. */
public final class ToDevice extends Node {
    private final Device from;

    private ToDevice(Tensor x) {
        super("to", x);
        from = x.device();
    }

    /** {@code x} itself when it is on {@code device} already, else a copy there. */
    public static Tensor apply(Tensor x, Device device) {
        Tensor out = LayoutMath.toDevice(x, device);
        if (out == x || !recording(x)) {
            return out;
        }
        return new ToDevice(x).record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {LayoutMath.toDevice(g, from)};
    }
}
