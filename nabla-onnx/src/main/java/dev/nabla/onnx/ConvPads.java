package dev.nabla.onnx;

import dev.nabla.onnx.proto.NodeProto;
import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * ONNX's padding ({@code pads} as all the starts then all the ends, or {@code auto_pad}) as Nabla's: the same
 * size at both ends of each axis, or PyTorch's {@code "same"} (stride 1, the odd pixel after).
 */
final class ConvPads {
    private ConvPads() {}

    /** Per-axis sizes from starts-then-ends pads, which must be equal at both ends. */
    static int[] symmetric(int[] pads, int axes, BiFunction<NodeProto, String, OnnxFormatException> bad, NodeProto n)
            throws OnnxFormatException {
        if (pads.length != 2 * axes) {
            throw bad.apply(n, "pads has " + pads.length + " entries, expected " + 2 * axes);
        }
        int[] out = new int[axes];
        for (int a = 0; a < axes; a++) {
            if (pads[a] != pads[a + axes] || pads[a] < 0) {
                throw bad.apply(n, "pads " + Arrays.toString(pads) + " differ at the two ends of an axis; only symmetric "
                        + "padding is read");
            }
            out[a] = pads[a];
        }
        return out;
    }

    /** A convolution's padding: an {@code int[]} per axis, or {@code "same"}. */
    static Object padding(Attributes a, NodeProto n, int[] kernel, int[] stride, int[] dilation,
                          BiFunction<NodeProto, String, OnnxFormatException> bad) throws OnnxFormatException {
        int axes = kernel.length;
        String auto = a.string("auto_pad", "NOTSET");
        boolean unitStride = Arrays.stream(stride).allMatch(s -> s == 1);
        if (auto.equals("VALID")) {
            return new int[axes];
        }
        if (auto.equals("SAME_UPPER") && unitStride) {
            return "same";
        }
        if (!auto.equals("NOTSET")) {
            throw bad.apply(n, "auto_pad " + auto + " is not read" + (unitStride ? "" : " with a stride above 1")
                    + " (export with explicit pads)");
        }
        int[] pads = a.ints("pads", new int[2 * axes]);
        if (pads.length != 2 * axes) {
            throw bad.apply(n, "pads has " + pads.length + " entries, expected " + 2 * axes);
        }
        boolean same = unitStride;
        for (int i = 0; i < axes; i++) {
            int total = dilation[i] * (kernel[i] - 1);
            same &= pads[i] == total / 2 && pads[i + axes] == total - total / 2;
        }
        boolean even = true;
        for (int i = 0; i < axes; i++) {
            even &= pads[i] == pads[i + axes];
        }
        return even ? symmetric(pads, axes, bad, n) : same ? "same" : symmetric(pads, axes, bad, n);
    }
}
