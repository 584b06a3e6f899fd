package dev.nabla.tensor;

/**
 * Tensor values as new host arrays (the {@code to*Array} methods) and read-only host views of index
 * tensors. A tensor on another device is copied to the heap once, not read an element at a time.
 */
final class HostArrays {
    private HostArrays() {}

    static float[] floats(Tensor t) {
        Tensor h = LayoutMath.toDevice(t, Device.CPU);
        if (h.dtype() == DType.FLOAT32) {
            return h.f32().clone();
        }
        float[] a = new float[h.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) h.getFlat(i);
        }
        return a;
    }

    static double[] doubles(Tensor t) {
        Tensor h = LayoutMath.toDevice(t, Device.CPU);
        if (h.dtype() == DType.FLOAT64) {
            return h.f64().clone();
        }
        double[] a = new double[h.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = h.getFlat(i);
        }
        return a;
    }

    static int[] ints(Tensor t) {
        Tensor h = LayoutMath.toDevice(t, Device.CPU);
        if (h.dtype() == DType.INT32) {
            return h.i32().clone();
        }
        int[] a = new int[h.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = (int) h.getFlat(i);
        }
        return a;
    }

    /** The int32 values of {@code index}: its own array on the CPU (not to be written), else a copy. */
    static int[] readInts(Tensor index) {
        return index.storage() instanceof HeapStorage ? index.i32() : ints(index);
    }
}
