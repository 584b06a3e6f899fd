package dev.nabla.tensor;

import java.util.Arrays;

/** An immutable tensor shape: the size of each axis, outermost first. A scalar has rank 0. */
public final class Shape {
    /** The shape of a scalar: rank 0, one element. */
    public static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has a negative size");
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims)
                        + " has more elements than a Java array can hold");
            }
        }
        this.dims = dims;
        this.size = (int) n;
    }

    /** A shape with the given axis sizes (copied). */
    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    /** Number of axes. */
    public int rank() {
        return dims.length;
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** Size of an axis; negative axes count from the end. */
    public int dim(int axis) {
        return dims[axis("dim", axis)];
    }

    /** The axis sizes (a copy). */
    public int[] dims() {
        return dims.clone();
    }

    /** Row-major strides in elements. */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** Product of the sizes of axes [from, to). */
    public int span(int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) {
            n *= dims[i];
        }
        return n;
    }

    /** Normalises a possibly negative axis, or throws naming the op, the axis and the rank. */
    public int axis(String op, int axis) {
        return normalizeAxis(op, axis, dims.length);
    }

    /** Normalises {@code axis} for a tensor of rank {@code rank}, or throws naming the op. */
    public static int normalizeAxis(String op, int axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of rank "
                    + rank + (rank == 0 ? " (a scalar has no axes)" : " (valid: " + -rank + " to " + (rank - 1) + ")"));
        }
        return axis < 0 ? axis + rank : axis;
    }

    /** The NumPy broadcast of two shapes, or an error naming the op and both shapes. */
    public static Shape broadcast(String op, Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": cannot broadcast shapes " + a + " and " + b
                        + " (axis " + i + " of the result: " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    /** True if this shape broadcasts to {@code target} (NumPy rules, one direction). */
    public boolean broadcastsTo(Shape target) {
        if (rank() > target.rank()) {
            return false;
        }
        int off = target.rank() - rank();
        for (int i = 0; i < rank(); i++) {
            if (dims[i] != 1 && dims[i] != target.dims[i + off]) {
                return false;
            }
        }
        return true;
    }

    /** This shape with one axis replaced. */
    public Shape withDim(int axis, int size) {
        int[] d = dims.clone();
        d[axis(("withDim"), axis)] = size;
        return new Shape(d);
    }

    /** The row-major flat index of one element (one index per axis; negative counts from the end). */
    int flatIndex(int[] index) {
        if (index.length != rank()) {
            throw new IllegalArgumentException("index has " + index.length + " coordinates but the tensor "
                    + this + " has rank " + rank());
        }
        int flat = 0;
        for (int d = 0; d < index.length; d++) {
            int n = dims[d];
            int i = index[d] < 0 ? index[d] + n : index[d];
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException("index " + index[d] + " is out of range for axis " + d
                        + " of size " + n + " in shape " + this);
            }
            flat = flat * n + i;
        }
        return flat;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
