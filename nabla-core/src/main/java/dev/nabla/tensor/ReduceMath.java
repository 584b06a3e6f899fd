package dev.nabla.tensor;

import dev.nabla.kernel.ReduceOp;
import java.util.Arrays;

/**
 * Forward math of reductions over axes, argmax/argmin, the reduction of a broadcast gradient, and the
 * all-finite check. Axes and shapes are worked out here; the device's {@link Backend} reduces one axis.
 */
public final class ReduceMath {
    private ReduceMath() {}

    /**
     * Normalised, sorted, distinct axes; an empty array means every axis. Throws naming the op on an
     * axis out of range.
     */
    public static int[] axes(String name, Shape shape, int... axes) {
        if (axes == null || axes.length == 0) {
            int[] all = new int[shape.rank()];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] norm = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            norm[i] = shape.axis(name, axes[i]);
        }
        Arrays.sort(norm);
        for (int i = 1; i < norm.length; i++) {
            if (norm[i] == norm[i - 1]) {
                throw new IllegalArgumentException(name + ": axis " + norm[i] + " is listed twice in "
                        + Arrays.toString(axes));
            }
        }
        return norm;
    }

    /** The shape after reducing {@code axes} (normalised), keeping them as size 1 or dropping them. */
    public static Shape reducedShape(Shape shape, int[] axes, boolean keepDims) {
        int[] dims = shape.dims();
        if (keepDims) {
            for (int a : axes) {
                dims[a] = 1;
            }
            return Shape.of(dims);
        }
        int[] out = new int[dims.length - axes.length];
        int j = 0;
        for (int d = 0; d < dims.length; d++) {
            if (Arrays.binarySearch(axes, d) < 0) {
                out[j++] = dims[d];
            }
        }
        return Shape.of(out);
    }

    /** Reduces {@code x} over the given normalised axes. */
    public static Tensor reduce(String name, ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        ElementwiseMath.requireFloating(name, x);
        Tensor cur = x;
        for (int k = axes.length - 1; k >= 0; k--) {
            cur = reduceAxis(name, op, cur, axes[k]);
        }
        if (cur == x) {
            cur = x.copy();
        }
        Shape target = reducedShape(x.shape(), axes, keepDims);
        return cur.shape().equals(target) ? cur : cur.viewAs(target);
    }

    private static Tensor reduceAxis(String name, ReduceOp op, Tensor x, int axis) {
        Shape s = x.shape();
        int r = s.dim(axis);
        Backend be = Backend.of(x);
        Tensor out = Tensor.empty(be, x.dtype(), s.withDim(axis, 1));
        if (r == 0) {
            if (op != ReduceOp.SUM) {
                throw new IllegalArgumentException(name + ": cannot take the " + op.name().toLowerCase()
                        + " over axis " + axis + " of size 0 in a tensor of shape " + s);
            }
            return out;
        }
        be.reduce(op, x, axis, out);
        return out;
    }

    /** Index of the first maximum (or minimum) along {@code axis}, as an INT32 tensor. */
    public static Tensor argReduce(String name, boolean max, Tensor x, int axis, boolean keepDims) {
        ElementwiseMath.requireFloating(name, x);
        Shape s = x.shape();
        int ax = s.axis(name, axis);
        int r = s.dim(ax);
        if (r == 0) {
            throw new IllegalArgumentException(name + ": axis " + ax + " of shape " + s + " is empty");
        }
        Backend be = Backend.of(x);
        Tensor out = Tensor.empty(be, DType.INT32, reducedShape(s, new int[] {ax}, keepDims));
        be.argReduce(max, x, ax, out);
        return out;
    }

    /**
     * Sums a gradient of a broadcast result back to the shape of the operand that was broadcast:
     * over the leading axes the operand lacked, and over the axes where it had size 1.
     */
    public static Tensor sumTo(Tensor g, Shape target) {
        if (g.shape().equals(target)) {
            return g;
        }
        if (!target.broadcastsTo(g.shape())) {
            throw new IllegalArgumentException("sumTo: shape " + target + " does not broadcast to " + g.shape());
        }
        int lead = g.shape().rank() - target.rank();
        int[] axes = new int[g.shape().rank()];
        int n = 0;
        for (int d = 0; d < g.shape().rank(); d++) {
            if (d < lead || (target.dim(d - lead) == 1 && g.shape().dim(d) != 1)) {
                axes[n++] = d;
            }
        }
        Tensor summed = reduce("sumTo", ReduceOp.SUM, g, Arrays.copyOf(axes, n), true);
        return summed.viewAs(target);
    }

    /** True if no element of {@code t} is NaN or infinite (int32 tensors always are finite). */
    public static boolean allFinite(Tensor t) {
        return !t.dtype().isFloating() || Backend.of(t).allFinite(t);
    }

    /** True if no element of any of {@code ts} is NaN or infinite: one call per device ({@link Backend#allFinite(java.util.List)}). */
    public static boolean allFinite(java.util.List<Tensor> ts) {
        Backend one = null;
        boolean single = true;
        for (Tensor t : ts) {
            Backend b = Backend.of(t);
            single &= t.dtype().isFloating() && (one == null || one == b);
            one = b;
        }
        if (one == null) {
            return true;
        }
        if (single) {
            return one.allFinite(ts);  // the usual case: every gradient float, on one device
        }
        java.util.Map<Backend, java.util.List<Tensor>> byDevice = new java.util.LinkedHashMap<>();
        for (Tensor t : ts) {
            if (t.dtype().isFloating()) {
                byDevice.computeIfAbsent(Backend.of(t), k -> new java.util.ArrayList<>()).add(t);
            }
        }
        for (java.util.Map.Entry<Backend, java.util.List<Tensor>> e : byDevice.entrySet()) {
            if (!e.getKey().allFinite(e.getValue())) {
                return false;
            }
        }
        return true;
    }
}
