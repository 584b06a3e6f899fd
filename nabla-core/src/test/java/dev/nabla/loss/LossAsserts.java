package dev.nabla.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.tensor.Tensor;

/** Shared assertions for the loss tests: element-wise closeness with a relative tolerance, and shapes. */
final class LossAsserts {
    private LossAsserts() {}

    /** Every element within {@code tol * max(1, |expected|)}: the scale of the golden values varies widely. */
    static void assertClose(double[] expected, Tensor actual, double tol, String what) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, what + ": element count");
        for (int i = 0; i < a.length; i++) {
            double allowed = tol * Math.max(1, Math.abs(expected[i]));
            if (!(Math.abs(a[i] - expected[i]) <= allowed)) {
                fail(what + ": element " + i + " is " + a[i] + ", expected " + expected[i]);
            }
        }
    }

    static void assertShape(Tensor t, int... dims) {
        assertArrayEquals(dims, t.shape().dims(), "shape " + t.shape());
    }

    static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
