package dev.nabla.tensor;

/**
 * Renders a tensor as NumPy does: nested brackets, with long axes cut to their first and last three
 * entries, under a header line giving shape, dtype, device (when not the CPU) and gradient state.
 */
final class TensorFormat {
    private static final int EDGE = 3;
    private static final int SUMMARIZE_OVER = 1000;

    private TensorFormat() {}

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("Tensor").append(t.shape()).append(' ').append(t.dtype());
        if (!t.device().isCpu()) {
            sb.append(" device=").append(t.device());
        }
        if (t.gradFn() != null) {
            sb.append(" grad_fn=").append(t.gradFn().name());
        } else if (t.requiresGrad()) {
            sb.append(" requires_grad");
        }
        sb.append('\n');
        boolean summarize = t.size() > SUMMARIZE_OVER;
        append(sb, LayoutMath.toDevice(t, Device.CPU), 0, 0, summarize); // one copy from a device, not one per element
        return sb.toString();
    }

    private static void append(StringBuilder sb, Tensor t, int axis, int offset, boolean summarize) {
        Shape s = t.shape();
        if (axis == s.rank()) {
            appendValue(sb, t, offset);
            return;
        }
        int n = s.dim(axis);
        int stride = s.span(axis + 1, s.rank());
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE && i == EDGE) {
                sb.append("...");
                i = n - EDGE - 1;
                sb.append(axis == s.rank() - 1 ? ", " : ",\n" + " ".repeat(axis + 1));
                continue;
            }
            append(sb, t, axis + 1, offset + i * stride, summarize);
            if (i < n - 1) {
                sb.append(axis == s.rank() - 1 ? ", " : ",\n" + " ".repeat(axis + 1));
            }
        }
        sb.append(']');
    }

    private static void appendValue(StringBuilder sb, Tensor t, int i) {
        double v = t.getFlat(i);
        if (t.dtype() == DType.INT32) {
            sb.append((int) v);
        } else if (t.dtype() == DType.FLOAT32) {
            sb.append((float) v);
        } else {
            sb.append(v);
        }
    }
}
