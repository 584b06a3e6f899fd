package dev.nabla.tensor;

import java.util.function.IntUnaryOperator;

/** The bodies of Tensor's factory methods that are more than one line. */
final class Creation {
    private Creation() {}

    interface Cell {
        double at(int row, int col);
    }

    /** {@code value} everywhere, on the device of {@code backend}. */
    static Tensor full(Backend backend, DType dtype, double value, Shape shape) {
        Tensor t = Tensor.empty(backend, dtype, shape);
        if (value != 0) {
            backend.fill(t, value);
        }
        return t;
    }

    static Tensor of(DType dtype, Object data, int length, int[] dims) {
        Shape shape = dims.length == 0 ? Shape.of(length) : Shape.of(dims);
        if (shape.size() != length) {
            throw new IllegalArgumentException("cannot shape " + length + " values as " + shape
                    + " (" + shape.size() + " elements)");
        }
        return new Tensor(shape, dtype, HeapStorage.wrap(data));
    }

    static Tensor convert(DType dtype, double[] data, int[] dims) {
        Tensor t = of(dtype, new double[data.length], data.length, dims);
        Tensor out = Tensor.empty(dtype, t.shape());
        for (int i = 0; i < data.length; i++) {
            out.setFlat(i, data[i]);
        }
        return out;
    }

    static Tensor matrix(DType dtype, int rows, int cols, Cell cell, IntUnaryOperator rowLength) {
        Tensor t = Tensor.empty(dtype, Shape.of(rows, cols));
        for (int i = 0; i < rows; i++) {
            if (rowLength.applyAsInt(i) != cols) {
                throw new IllegalArgumentException("row " + i + " has " + rowLength.applyAsInt(i)
                        + " values, row 0 has " + cols + ": a matrix needs rows of equal length");
            }
            for (int j = 0; j < cols; j++) {
                t.setFlat(i * cols + j, cell.at(i, j));
            }
        }
        return t;
    }

    static Tensor arange(DType dtype, double start, double end, double step) {
        if (step == 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        }
        long n = (long) Math.max(0, Math.ceil((end - start) / step));
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("arange: " + n + " elements is too many");
        }
        Tensor t = Tensor.empty(dtype, Shape.of((int) n));
        for (int i = 0; i < n; i++) {
            t.setFlat(i, start + i * step);
        }
        return t;
    }

    static Tensor linspace(DType dtype, double start, double end, int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: steps must be >= 0, got " + steps);
        }
        Tensor t = Tensor.empty(dtype, Shape.of(steps));
        for (int i = 0; i < steps; i++) {
            // the last value is end itself: start + (end - start) can round to a neighbour of end
            t.setFlat(i, steps == 1 ? start : i == steps - 1 ? end : start + (end - start) * i / (steps - 1));
        }
        return t;
    }

    static Tensor eye(DType dtype, int n) {
        Tensor t = Tensor.empty(dtype, Shape.of(n, n));
        for (int i = 0; i < n; i++) {
            t.setFlat(i * n + i, 1);
        }
        return t;
    }

    static Tensor uniform(Generator g, DType dtype, double lo, double hi, Shape shape) {
        if (!(lo <= hi) || Double.isInfinite(hi - lo)) {
            throw new IllegalArgumentException("uniform: need finite lo <= hi, got lo=" + lo + ", hi=" + hi);
        }
        Tensor t = Tensor.empty(requireFloat("uniform", dtype), shape);
        // rounding (to float32 above all: u > 1 - 2^-25 gives 1.0f) may reach hi: those draws become the
        // largest value below it, to keep [lo, hi)
        double width = hi - lo, top = below(dtype, hi);
        switch (heapArray(t)) {
            case float[] f -> {
                for (int i = 0; i < t.size(); i++) {
                    float v = (float) (lo + width * g.nextDouble());
                    f[i] = lo < hi && v >= hi ? (float) top : v;
                }
            }
            case double[] d -> {
                for (int i = 0; i < t.size(); i++) {
                    double v = lo + width * g.nextDouble();
                    d[i] = lo < hi && v >= hi ? top : v;
                }
            }
            default -> throw new IllegalStateException("uniform: " + dtype + " has no float array");
        }
        return t;
    }

    static Tensor normal(Generator g, DType dtype, double mean, double std, Shape shape) {
        if (!(std >= 0) || Double.isInfinite(std) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("normal: need finite mean and std >= 0, got mean=" + mean + ", std=" + std);
        }
        Tensor t = Tensor.empty(requireFloat("normal", dtype), shape);
        switch (heapArray(t)) {
            case float[] f -> {
                for (int i = 0; i < t.size(); i++) {
                    f[i] = (float) (mean + std * g.nextGaussian());
                }
            }
            case double[] d -> {
                for (int i = 0; i < t.size(); i++) {
                    d[i] = mean + std * g.nextGaussian();
                }
            }
            default -> throw new IllegalStateException("normal: " + dtype + " has no float array");
        }
        return t;
    }

    /**
     * The array of a tensor just made by {@link Tensor#empty(DType, Shape)} (always on the heap), written in
     * place: through {@code setFlat}, with its check of the storage and switch on the array's type per
     * element, a dropout mask's draws cost 3 ns each, on one thread, every step.
     */
    private static Object heapArray(Tensor t) {
        return ((HeapStorage) t.storage()).data();
    }

    /** The largest value of {@code dtype} below {@code hi}. */
    private static double below(DType dtype, double hi) {
        if (dtype == DType.FLOAT32) {
            float f = (float) hi;
            return f >= hi ? Math.nextDown(f) : f;
        }
        return Math.nextDown(hi);
    }

    private static DType requireFloat(String op, DType dtype) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException(op + ": needs a floating dtype, got " + dtype);
        }
        return dtype;
    }
}
