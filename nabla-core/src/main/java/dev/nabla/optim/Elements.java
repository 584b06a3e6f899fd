package dev.nabla.optim;

import dev.nabla.tensor.Tensor;

/**
 * A float32 or float64 tensor's backing array, read and written as doubles, so that one update loop
 * serves both dtypes: float32 values are widened on read and rounded once on write.
 *
 * <p>Writes go straight to the storage: they bypass autograd's in-place checks and do not bump
 * {@link Tensor#version()}. Optimizers write only to parameters (under {@code NoGrad}) and to their own
 * state buffers.
 */
public sealed interface Elements permits Elements.F32, Elements.F64 {

    /** The elements of {@code t}, which must be float32 or float64. */
    static Elements of(Tensor t) {
        return switch (t.dtype()) {
            case FLOAT32 -> new F32(t.f32());
            case FLOAT64 -> new F64(t.f64());
            case INT32 -> throw new IllegalArgumentException("optimizers update floating tensors, got int32 " + t.shape());
        };
    }

    int size();

    double get(int i);

    void set(int i, double value);

    /** A float32 array. */
    record F32(float[] a) implements Elements {
        @Override public int size() { return a.length; }
        @Override public double get(int i) { return a[i]; }
        @Override public void set(int i, double value) { a[i] = (float) value; }
    }

    /** A float64 array. */
    record F64(double[] a) implements Elements {
        @Override public int size() { return a.length; }
        @Override public double get(int i) { return a[i]; }
        @Override public void set(int i, double value) { a[i] = value; }
    }
}
