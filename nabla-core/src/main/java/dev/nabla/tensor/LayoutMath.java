package dev.nabla.tensor;

import java.util.Arrays;

/**
 * Forward math of the ops that move elements without changing them: permute, slice, broadcast,
 * concat, gather and index-select, and the scatter-adds their gradients need.
 *
 * <p>Most are expressed as an index map (for each output element, the flat index it reads), applied
 * by {@link #take}; the matching gradient is {@link #scatterAdd} with the same map, which adds in
 * index order and so is deterministic. Maps are built and checked here, on the host; the device's
 * {@link Backend} moves the elements.
 */
public final class LayoutMath {
    private LayoutMath() {}

    /** A view of {@code x} with another shape of the same size, sharing storage; records nothing. */
    public static Tensor view(Tensor x, Shape shape) {
        return x.viewAs(shape);
    }

    /** out[i] = x[map[i]], with the given output shape and x's dtype. */
    public static Tensor take(Tensor x, int[] map, Shape shape) {
        Backend be = Backend.of(x);
        Tensor out = Tensor.empty(be, x.dtype(), shape);
        be.take(x, map, out);
        return out;
    }

    /** out = zeros(shape); out[map[i]] += g[i] in order of i. The adjoint of {@link #take}. */
    public static Tensor scatterAdd(Tensor g, int[] map, Shape shape) {
        Backend be = Backend.of(g);
        Tensor out = Tensor.empty(be, g.dtype(), shape);
        be.scatterAdd(g, map, out);
        return out;
    }

    /**
     * A copy of {@code x} on {@code device}, or {@code x} itself when it is there already; records
     * nothing. The copy is new memory, never lent by a {@link StepArena}, like {@link Tensor#copy()}.
     */
    public static Tensor toDevice(Tensor x, Device device) {
        Storage from = x.storage();
        if (from.device().equals(device)) {
            return x;
        }
        Storage to = device.isCpu() ? HeapStorage.fresh(x.dtype(), from.length())
                : Backend.forDevice(device).allocate(x.dtype(), from.length(), false);
        if (to instanceof HeapStorage h) {
            from.copyToHost(h.data());
        } else if (from instanceof HeapStorage h) {
            to.copyFromHost(h.data());
        } else {
            to.copyFromHost(toDevice(x, Device.CPU).data());
        }
        return new Tensor(x.shape(), x.dtype(), to);
    }

    /** Flat source index of every element of the result of reading {@code src} with {@code strides}. */
    static int[] stridedMap(Shape out, int[] strides, int offset) {
        int n = out.size();
        int rank = out.rank();
        int[] dims = out.dims();
        int[] map = new int[n];
        int[] idx = new int[rank];
        int src = offset;
        for (int i = 0; i < n; i++) {
            map[i] = src;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                src += strides[d];
                if (idx[d] < dims[d]) {
                    break;
                }
                src -= strides[d] * dims[d];
                idx[d] = 0;
            }
        }
        return map;
    }

    /** The index map of a permutation of axes; {@code perm} is validated here. */
    public static int[] permuteMap(Shape s, int[] perm) {
        if (perm.length != s.rank()) {
            throw new IllegalArgumentException("permute: expected " + s.rank() + " axes for shape " + s
                    + ", got " + Arrays.toString(perm));
        }
        boolean[] seen = new boolean[perm.length];
        int[] strides = s.strides();
        int[] outDims = new int[perm.length];
        int[] outStrides = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            int p = s.axis("permute", perm[i]);
            if (seen[p]) {
                throw new IllegalArgumentException("permute: axis " + p + " appears twice in " + Arrays.toString(perm));
            }
            seen[p] = true;
            outDims[i] = s.dim(p);
            outStrides[i] = strides[p];
        }
        return stridedMap(Shape.of(outDims), outStrides, 0);
    }

    /** The shape after permuting axes. */
    public static Shape permuteShape(Shape s, int[] perm) {
        int[] out = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = s.dim(perm[i]);
        }
        return Shape.of(out);
    }

    /** The inverse permutation, for the gradient of permute. */
    public static int[] inverse(Shape s, int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inv[s.axis("permute", perm[i])] = i;
        }
        return inv;
    }

    /** Index map that reads {@code src} broadcast to {@code target}. */
    public static int[] expandMap(Shape src, Shape target) {
        if (!src.broadcastsTo(target)) {
            throw new IllegalArgumentException("broadcastTo: cannot broadcast shape " + src + " to " + target);
        }
        return stridedMap(target, ElementwiseMath.broadcastStrides(src, target), 0);
    }

    /** Index map of {@code x[start:end:step]} along {@code axis} (normalised); bounds validated here. */
    public static int[] sliceMap(Shape s, int axis, int start, int end, int step) {
        int size = s.dim(axis);
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be > 0, got " + step);
        }
        if (start < 0 || start > end || end > size) {
            throw new IllegalArgumentException("slice: range [" + start + ", " + end + ") is outside axis " + axis
                    + " of size " + size + " in shape " + s);
        }
        int[] strides = s.strides();
        int[] st = strides.clone();
        st[axis] *= step;
        return stridedMap(sliceShape(s, axis, start, end, step), st, start * strides[axis]);
    }

    /** The shape of {@code x[start:end:step]} along {@code axis}. */
    public static Shape sliceShape(Shape s, int axis, int start, int end, int step) {
        return s.withDim(axis, (end - start + step - 1) / step);
    }

    /** Concatenates along {@code axis}; all other axes must agree. */
    public static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        Shape first = parts[0].shape();
        int ax = first.axis("concat", axis);
        DType dtype = parts[0].dtype();
        int total = 0;
        for (Tensor p : parts) {
            Shape s = p.shape();
            if (s.rank() != first.rank() || !s.withDim(ax, 0).equals(first.withDim(ax, 0))) {
                throw new IllegalArgumentException("concat: shapes " + first + " and " + s
                        + " differ outside axis " + ax);
            }
            if (p.dtype() != dtype) {
                throw new IllegalArgumentException("concat: dtypes differ (" + dtype + " and " + p.dtype()
                        + "); convert with to(dtype) first");
            }
            total += s.dim(ax);
        }
        Backend be = Backend.of(parts[0]);
        for (Tensor p : parts) {
            if (Backend.of(p) != be) {
                throw Backends.mixed("concat", parts[0], p);
            }
        }
        Tensor out = Tensor.empty(be, dtype, first.withDim(ax, total));
        be.concat(parts, ax, out);
        return out;
    }

    /**
     * Index map of {@code gather(x, axis, index)} as in PyTorch: out has index's shape and
     * {@code out[..i..j..] = x[..index[..i..j..]..]} along {@code axis}. Indices are range-checked.
     */
    public static int[] gatherMap(Shape xs, int axis, Tensor index) {
        Shape is = index.shape();
        if (index.dtype() != DType.INT32) {
            throw new IllegalArgumentException("gather: index must be int32, got " + index.dtype());
        }
        if (is.rank() != xs.rank()) {
            throw new IllegalArgumentException("gather: index rank " + is.rank() + " " + is
                    + " must equal input rank " + xs.rank() + " " + xs);
        }
        for (int d = 0; d < xs.rank(); d++) {
            if (d != axis && is.dim(d) > xs.dim(d)) {
                throw new IllegalArgumentException("gather: index shape " + is + " exceeds input shape " + xs
                        + " at axis " + d);
            }
        }
        int[] xStrides = xs.strides();
        int[] idxStrides = xStrides.clone();
        idxStrides[axis] = 0;
        int[] base = stridedMap(is, idxStrides, 0);
        int[] idx = HostArrays.readInts(index);
        int size = xs.dim(axis);
        for (int i = 0; i < base.length; i++) {
            int k = idx[i];
            if (k < 0 || k >= size) {
                throw new IndexOutOfBoundsException("gather: index " + k + " is out of range for axis " + axis
                        + " of size " + size + " (input shape " + xs + ")");
            }
            base[i] += k * xStrides[axis];
        }
        return base;
    }

    /**
     * {@code indexSelect(x, axis, indices)}: whole slices picked along axis, copied as runs (one run per
     * picked slice and outer index), which is what a mini-batch gather of rows needs.
     */
    public static Tensor select(Tensor x, int axis, int[] indices) {
        Shape xs = x.shape();
        int size = xs.dim(axis);
        for (int k : indices) {
            if (k < 0 || k >= size) {
                throw new IndexOutOfBoundsException("indexSelect: index " + k + " is out of range for axis " + axis
                        + " of size " + size + " (input shape " + xs + ")");
            }
        }
        Backend be = Backend.of(x);
        Tensor out = Tensor.uninitialized(be, x.dtype(), xs.withDim(axis, indices.length)); // every run copied
        be.select(x, axis, indices, out);
        return out;
    }

    /**
     * The adjoint of {@link #select}: zeros shaped {@code inShape}, then each run of g added to the slice
     * it was read from, in g's order (a repeated index sums its runs in that order).
     */
    public static Tensor scatterSelected(Tensor g, int axis, int[] indices, Shape inShape) {
        Backend be = Backend.of(g);
        Tensor out = Tensor.empty(be, g.dtype(), inShape);
        be.scatterSelected(g, axis, indices, out);
        return out;
    }
}
