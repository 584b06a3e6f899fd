package dev.nabla.tensor;

import java.util.Arrays;

/**
 * A CPU tensor's memory: a {@code float[]}, {@code double[]} or {@code int[]} on the JVM's heap, which
 * the Java kernels read in place. A {@link StepArena} may revoke it once its step is over: the array then
 * belongs to a later step, and every access through this storage throws instead of reading it.
 */
final class HeapStorage extends Storage {
    /** What a revoked storage holds instead of its array. */
    private static final Object REVOKED = new Object();

    private Object data;

    private HeapStorage(DType dtype, Object data, int length) {
        super(CpuBackend.INSTANCE, dtype, length);
        this.data = data;
    }

    /** A new, zeroed array. */
    static HeapStorage fresh(DType dtype, int n) {
        return new HeapStorage(dtype, switch (dtype) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT32 -> new int[n];
        }, n);
    }

    /** Wraps {@code array} (not copied). */
    static HeapStorage wrap(Object array) {
        return switch (array) {
            case float[] f -> new HeapStorage(DType.FLOAT32, f, f.length);
            case double[] d -> new HeapStorage(DType.FLOAT64, d, d.length);
            case int[] i -> new HeapStorage(DType.INT32, i, i.length);
            default -> throw new IllegalArgumentException("unknown storage " + array.getClass());
        };
    }

    /**
     * The heap storage of a CPU tensor, for the raw-array accessors; on another device an error that
     * names it and the way to the host.
     */
    static HeapStorage of(Tensor t, String accessor) {
        if (t.storage() instanceof HeapStorage h) {
            return h;
        }
        throw new IllegalStateException(accessor + ": the tensor " + t.shape() + " is on " + t.device()
                + "; raw arrays exist only for CPU tensors: copy it to the host with to(Device.CPU)");
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

    @Override
    public HeapStorage copy() {
        return new HeapStorage(dtype(), switch (data()) {
            case float[] f -> f.clone();
            case double[] d -> d.clone();
            case int[] i -> i.clone();
            default -> throw new IllegalStateException("unknown storage " + data.getClass());
        }, length());
    }

    @Override
    public double get(int i) {
        return switch (data()) {
            case float[] f -> f[i];
            case double[] d -> d[i];
            case int[] a -> a[i];
            default -> throw new IllegalStateException();
        };
    }

    @Override
    public void set(int i, double v) {
        switch (data()) {
            case float[] f -> f[i] = (float) v;
            case double[] d -> d[i] = v;
            case int[] a -> a[i] = toInt32(v);
            default -> throw new IllegalStateException();
        }
    }

    @Override
    public void copyToHost(Object array) {
        checkHostArray(array);
        System.arraycopy(data(), 0, array, 0, length());
    }

    @Override
    public void copyFromHost(Object array) {
        checkHostArray(array);
        System.arraycopy(array, 0, data(), 0, length());
    }

    void fill(double v) {
        switch (data()) {
            case float[] f -> Arrays.fill(f, (float) v);
            case double[] d -> Arrays.fill(d, v);
            case int[] a -> Arrays.fill(a, toInt32(v));
            default -> throw new IllegalStateException();
        }
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
