package dev.nabla.nn;

import dev.nabla.tensor.Shape;

/** The output shape of a pooling layer, with the layer's own refusals. */
final class Pooling {
    private Pooling() {}

    /** Per-sample {@code [C, H, W]} in, {@code [C, outH, outW]} out. */
    static Shape outputShape(String label, Shape input, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        if (input.rank() != 3) {
            throw new IllegalArgumentException(label + ": expected input [*, channels, height, width], got per-sample shape "
                    + input);
        }
        int[] out = new int[2];
        for (int a = 0; a < 2; a++) {
            int padded = input.dim(a + 1) + 2 * padding[a];
            int extent = dilation[a] * (kernel[a] - 1) + 1;
            if (extent > padded) {
                throw new IllegalArgumentException(label + ": the window " + kernel[0] + "x" + kernel[1]
                        + " is larger than the padded input " + (input.dim(1) + 2 * padding[0]) + "x"
                        + (input.dim(2) + 2 * padding[1]) + " (per-sample input " + input + ")");
            }
            out[a] = (padded - extent) / stride[a] + 1;
        }
        return Shape.of(input.dim(0), out[0], out[1]);
    }
}
