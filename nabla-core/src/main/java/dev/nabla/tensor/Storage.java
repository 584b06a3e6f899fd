package dev.nabla.tensor;

import java.util.Arrays;

/**
 * The array behind one or more tensors (a tensor and its reshaped views), with its version counter.
 * A {@link StepArena} may revoke it once its step is over: the array then belongs to a later step, and
 * every access through this storage throws instead of reading it.
 */
final class Storage {
    /** What a revoked storage holds instead of its array. */
    private static final Object REVOKED = new Object();

    private Object data;
    int version;

    private Storage(Object data) {
        this.data = data;
    }

    /**
     * The storage for a new tensor: from the thread's open {@link StepArena} when there is one, else new.
     * Zeros when {@code zeroed}; otherwise zeros or an earlier step's values.
     */
    static Storage allocate(DType dtype, int n, boolean zeroed) {
        return StepArena.allocate(dtype, n, zeroed);
    }

    /** A new, zeroed array. */
    static Storage fresh(DType dtype, int n) {
        return new Storage(switch (dtype) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT32 -> new int[n];
        });
    }

    static Storage wrap(Object array) {
        return new Storage(array);
    }

    /** The array; throws once the storage is revoked. */
    Object data() {
        Object d = data;
        if (d == REVOKED) {
            throw new IllegalStateException("this tensor was made during a training step whose memory has been "
                    + "reused since (StepArena): copy() it during the step to keep it, or fit with "
                    + "FitOptions.reuseStepMemory(false)");
        }
        return d;
    }

    /** Takes the array away for the arena to hand out again; later accesses throw. */
    Object revoke() {
        Object d = data();
        data = REVOKED;
        return d;
    }

    /** The element type of the array. */
    DType dtype() {
        return switch (data()) {
            case float[] f -> DType.FLOAT32;
            case double[] d -> DType.FLOAT64;
            case int[] i -> DType.INT32;
            default -> throw new IllegalStateException("unknown storage " + data.getClass());
        };
    }

    int length() {
        return switch (data()) {
            case float[] f -> f.length;
            case double[] d -> d.length;
            case int[] i -> i.length;
            default -> throw new IllegalStateException("unknown storage " + data.getClass());
        };
    }

    Storage copy() {
        return new Storage(switch (data()) {
            case float[] f -> f.clone();
            case double[] d -> d.clone();
            case int[] i -> i.clone();
            default -> throw new IllegalStateException("unknown storage " + data.getClass());
        });
    }

    double get(int i) {
        return switch (data()) {
            case float[] f -> f[i];
            case double[] d -> d[i];
            case int[] a -> a[i];
            default -> throw new IllegalStateException();
        };
    }

    void set(int i, double v) {
        switch (data()) {
            case float[] f -> f[i] = (float) v;
            case double[] d -> d[i] = v;
            case int[] a -> a[i] = checkedInt(v);
            default -> throw new IllegalStateException();
        }
    }

    void fill(double v) {
        switch (data()) {
            case float[] f -> Arrays.fill(f, (float) v);
            case double[] d -> Arrays.fill(d, v);
            case int[] a -> Arrays.fill(a, checkedInt(v));
            default -> throw new IllegalStateException();
        }
    }

    private static int checkedInt(double v) {
        if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("int32 tensor: value " + v + " is not an int32");
        }
        return (int) v;
    }

    float[] f32(DType dtype) {
        if (data() instanceof float[] f) {
            return f;
        }
        throw new IllegalStateException("f32(): the tensor is " + dtype + ", not float32");
    }

    double[] f64(DType dtype) {
        if (data() instanceof double[] d) {
            return d;
        }
        throw new IllegalStateException("f64(): the tensor is " + dtype + ", not float64");
    }

    int[] i32(DType dtype) {
        if (data() instanceof int[] i) {
            return i;
        }
        throw new IllegalStateException("i32(): the tensor is " + dtype + ", not int32");
    }
}
