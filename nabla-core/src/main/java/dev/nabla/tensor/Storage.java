package dev.nabla.tensor;

/**
 * The memory behind one or more tensors (a tensor and its reshaped views): the {@link Backend} that
 * owns it (and so its {@link Device}), its element type and length, and its version counter. The CPU's
 * is a Java array ({@code HeapStorage}); another module subclasses this for device memory, and its
 * {@link Backend} allocates and computes on it.
 *
 * <p>Element access here is the slow path (an element at a time, for {@code item()}, printing and
 * creation); bulk data crosses to and from the heap through {@link #copyToHost} and
 * {@link #copyFromHost}. The version counts in-place changes; the front ({@link Tensor},
 * {@code InPlace}, the optimizers) bumps it, never a backend.
 */
public abstract class Storage {
    private final Backend backend;
    private final DType dtype;
    private final int length;
    int version;

    /** A storage of {@code length} elements of {@code dtype}, computed on by {@code backend}. */
    protected Storage(Backend backend, DType dtype, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("Storage: length must be >= 0, got " + length);
        }
        this.backend = java.util.Objects.requireNonNull(backend, "backend");
        this.dtype = java.util.Objects.requireNonNull(dtype, "dtype");
        this.length = length;
    }

    /** The backend whose operations read and write this memory. */
    public final Backend backend() {
        return backend;
    }

    /** Where the memory lives. */
    public final Device device() {
        return backend.device();
    }

    public final DType dtype() {
        return dtype;
    }

    /** Number of elements. */
    public final int length() {
        return length;
    }

    /** Counts in-place changes (autograd compares it to catch a saved value changed before backward). */
    public final int version() {
        return version;
    }

    /** Element {@code i} as a double (slow path). */
    public abstract double get(int i);

    /** Sets element {@code i} (slow path); an int32 storage refuses a value that is not an int32. */
    public abstract void set(int i, double value);

    /** Copies every element into {@code array}: a {@code float[]}, {@code double[]} or {@code int[]} of this dtype and length. */
    public abstract void copyToHost(Object array);

    /** Overwrites every element from {@code array}, as {@link #copyToHost} shapes it. */
    public abstract void copyFromHost(Object array);

    /** A new storage on the same device with the same contents, never lent by a step's memory pool. */
    public abstract Storage copy();

    /** {@code v} as an int32 element, refusing fractions and values out of range. */
    protected static int toInt32(double v) {
        if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("int32 tensor: value " + v + " is not an int32");
        }
        return (int) v;
    }

    /** Checks that {@code array} is a host array of this storage's dtype and length, for the copies. */
    protected final void checkHostArray(Object array) {
        int n = switch (array) {
            case float[] f when dtype == DType.FLOAT32 -> f.length;
            case double[] d when dtype == DType.FLOAT64 -> d.length;
            case int[] a when dtype == DType.INT32 -> a.length;
            default -> -1;
        };
        if (n != length) {
            throw new IllegalArgumentException("Storage: expected a host array of " + length + " " + dtype + " elements, got "
                    + (array == null ? "null" : array.getClass().getSimpleName() + (n < 0 ? "" : " of " + n)));
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + length + " " + dtype + " on " + device() + ")";
    }
}
