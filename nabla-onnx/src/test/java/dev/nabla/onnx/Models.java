package dev.nabla.onnx;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/** Test helpers: random inputs and the largest difference between two tensors. */
final class Models {
    private Models() {}

    static Tensor randn(long seed, int... dims) {
        return Tensor.randn(new Generator(seed), dims);
    }

    static double maxDiff(Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new AssertionError("shapes differ: " + a.shape() + " and " + b.shape());
        }
        double[] x = a.toDoubleArray(), y = b.toDoubleArray();
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            double d = Math.abs(x[i] - y[i]);
            m = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(m, d);
        }
        return m;
    }
}
