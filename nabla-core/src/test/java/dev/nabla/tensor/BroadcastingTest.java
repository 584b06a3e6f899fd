package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * NumPy broadcasting of the binary ops, forward and backward. Expected values come from a naive
 * reference that maps every output coordinate to each operand's coordinate (size-1 axes read index 0,
 * missing leading axes are dropped), independent of the stride tricks the library uses.
 */
class BroadcastingTest {

    /** Distinct, exactly representable float64 values: 0.5 * (i + 1) * (-1)^i, shifted by {@code base}. */
    private static Tensor values(double base, int... dims) {
        int n = Shape.of(dims).size();
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = base + 0.5 * (i + 1) * (i % 2 == 0 ? 1 : -1);
        }
        return Tensor.of(d, dims);
    }

    /** Row-major coordinates of flat index {@code flat} in {@code dims}. */
    private static int[] unravel(int flat, int[] dims) {
        int[] idx = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            idx[d] = flat % dims[d];
            flat /= dims[d];
        }
        return idx;
    }

    /** The element of {@code t} that broadcasting reads at output coordinates {@code out}. */
    private static double read(Tensor t, int[] out) {
        int[] dims = t.shape().dims();
        int off = out.length - dims.length;
        int[] idx = new int[dims.length];
        for (int d = 0; d < dims.length; d++) {
            idx[d] = dims[d] == 1 ? 0 : out[d + off];
        }
        return t.get(idx);
    }

    /** Adds {@code v} to the element of the operand-shaped {@code acc} that output coordinate {@code out} read. */
    private static void accumulate(double[] acc, int[] dims, int[] out, double v) {
        int off = out.length - dims.length;
        int flat = 0;
        for (int d = 0; d < dims.length; d++) {
            flat = flat * dims[d] + (dims[d] == 1 ? 0 : out[d + off]);
        }
        acc[flat] += v;
    }

    private static void checkForward(String name, BinaryOperator<Tensor> op, DoubleBinaryOperator ref,
                                     Tensor a, Tensor b, int... outDims) {
        Tensor r = op.apply(a, b);
        assertArrayEquals(outDims, r.shape().dims(), name + " of " + a.shape() + " and " + b.shape());
        for (int i = 0; i < r.size(); i++) {
            int[] c = unravel(i, outDims);
            assertEquals(ref.applyAsDouble(read(a, c), read(b, c)), r.toDoubleArray()[i], 1e-12,
                    name + " at " + java.util.Arrays.toString(c));
        }
    }

    private static void checkAllOps(Tensor a, Tensor b, int... outDims) {
        checkForward("add", Tensor::add, Double::sum, a, b, outDims);
        checkForward("sub", Tensor::sub, (x, y) -> x - y, a, b, outDims);
        checkForward("mul", Tensor::mul, (x, y) -> x * y, a, b, outDims);
        checkForward("div", Tensor::div, (x, y) -> x / y, a, b, outDims);
        checkForward("maximum", Tensor::maximum, Math::max, a, b, outDims);
        checkForward("minimum", Tensor::minimum, Math::min, a, b, outDims);
        // and with the operands swapped
        checkForward("add", Tensor::add, Double::sum, b, a, outDims);
        checkForward("div", Tensor::div, (x, y) -> x / y, b, a, outDims);
    }

    @Test
    void columnPlusRow() {
        Tensor a = Tensor.of(new double[] {1, 2, 3}, 3, 1);
        Tensor b = Tensor.of(new double[] {10, 20, 30, 40}, 1, 4);
        Tensor s = a.add(b);
        assertArrayEquals(new double[] {11, 21, 31, 41, 12, 22, 32, 42, 13, 23, 33, 43}, s.toDoubleArray());
        checkAllOps(values(0, 3, 1), values(0.25, 1, 4), 3, 4);
    }

    @Test
    void rankThreeAgainstRankTwo() {
        checkAllOps(values(0, 2, 1, 4), values(0.25, 3, 1), 2, 3, 4);
    }

    @Test
    void vectorAgainstRankThree() {
        checkAllOps(values(0, 4), values(0.25, 2, 3, 4), 2, 3, 4);
    }

    @Test
    void scalarsAndOneElementTensors() {
        checkAllOps(Tensor.scalar(DType.FLOAT64, 1.5), values(0.25, 2, 3), 2, 3);
        checkAllOps(Tensor.of(new double[] {-2}), values(0.25, 2, 2), 2, 2);
        checkAllOps(Tensor.of(new double[] {3}, 1, 1), values(0.25, 3), 1, 3);
        checkAllOps(values(0, 2, 3), values(0.25, 3), 2, 3);
        checkAllOps(values(0, 2, 3), values(0.25, 2, 3), 2, 3);
        Tensor x = Tensor.of(new float[] {1, 2, 3});
        assertArrayEquals(new float[] {3, 4, 5}, x.add(2).toFloatArray());
        assertArrayEquals(new float[] {-1, 0, 1}, x.sub(2).toFloatArray());
        assertArrayEquals(new float[] {0.5f, 1, 1.5f}, x.div(2).toFloatArray());
        assertArrayEquals(new float[] {-3, -6, -9}, x.mul(-3).toFloatArray());
    }

    @Test
    void float32KernelsBroadcastToo() {
        Tensor a = Tensor.of(new float[] {1, 2, 3}, 3, 1);
        Tensor b = Tensor.of(new float[] {10, 20, 30, 40});
        Tensor s = a.mul(b);
        assertEquals(DType.FLOAT32, s.dtype());
        assertArrayEquals(new float[] {10, 20, 30, 40, 20, 40, 60, 80, 30, 60, 90, 120}, s.toFloatArray());
        // a longer inner axis, so the contiguous SIMD loops and their tails both run
        Tensor wide = Tensor.arange(0, 2 * 37, 1).reshape(2, 37);
        Tensor bias = Tensor.arange(0, 37, 1).mul(0.5f);
        Tensor r = wide.add(bias);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 37; j++) {
                assertEquals(i * 37 + j + 0.5 * j, r.get(i, j), 0.0);
            }
        }
    }

    // ---------------------------------------------------------------- gradients

    /** Upstream gradient: distinct values. */
    private static Tensor upstream(int... dims) {
        return values(0.125, dims);
    }

    /**
     * Runs {@code op(a, b).backward(g)} and compares each input's gradient, which must have the
     * input's shape, with the naive sum over the output elements that read it of {@code g * d/dx}.
     */
    private static void checkGradients(BinaryOperator<Tensor> op, DoubleBinaryOperator dA, DoubleBinaryOperator dB,
                                       Tensor a0, Tensor b0, int... outDims) {
        Tensor a = a0.copy().requiresGrad(true);
        Tensor b = b0.copy().requiresGrad(true);
        Tensor g = upstream(outDims);
        op.apply(a, b).backward(g);
        int[] ad = a.shape().dims(), bd = b.shape().dims();
        double[] ga = new double[a.size()], gb = new double[b.size()];
        for (int i = 0; i < g.size(); i++) {
            int[] c = unravel(i, outDims);
            double x = read(a, c), y = read(b, c), gi = g.toDoubleArray()[i];
            accumulate(ga, ad, c, gi * dA.applyAsDouble(x, y));
            accumulate(gb, bd, c, gi * dB.applyAsDouble(x, y));
        }
        assertArrayEquals(ad, a.grad().shape().dims(), "gradient of a has a's shape");
        assertArrayEquals(bd, b.grad().shape().dims(), "gradient of b has b's shape");
        assertArrayEquals(ga, a.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(gb, b.grad().toDoubleArray(), 1e-12);
    }

    private static void checkAllGradients(Tensor a, Tensor b, int... outDims) {
        checkGradients(Tensor::add, (x, y) -> 1, (x, y) -> 1, a, b, outDims);
        checkGradients(Tensor::sub, (x, y) -> 1, (x, y) -> -1, a, b, outDims);
        checkGradients(Tensor::mul, (x, y) -> y, (x, y) -> x, a, b, outDims);
        checkGradients(Tensor::div, (x, y) -> 1 / y, (x, y) -> -x / (y * y), a, b, outDims);
        // the values never tie, so the larger operand takes the whole gradient
        checkGradients(Tensor::maximum, (x, y) -> x > y ? 1 : 0, (x, y) -> x > y ? 0 : 1, a, b, outDims);
    }

    @Test
    void columnGetsRowSumsRowGetsColumnSums() {
        Tensor a = Tensor.of(new double[] {1, 2, 3}, 3, 1).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {10, 20, 30, 40}, 1, 4).requiresGrad(true);
        Tensor g = Tensor.arange(DType.FLOAT64, 0, 12, 1).reshape(3, 4);   // rows sum to 6, 22, 38
        a.add(b).backward(g);
        assertArrayEquals(new int[] {3, 1}, a.grad().shape().dims());
        assertArrayEquals(new double[] {6, 22, 38}, a.grad().toDoubleArray());
        assertArrayEquals(new int[] {1, 4}, b.grad().shape().dims());
        assertArrayEquals(new double[] {12, 15, 18, 21}, b.grad().toDoubleArray());
        checkAllGradients(values(0, 3, 1), values(0.25, 1, 4), 3, 4);
    }

    @Test
    void gradientsOfRankThreeAgainstRankTwo() {
        // with an all-ones upstream gradient, [2,1,4] gets 3 per element (axis 1 had 3 copies) and
        // [3,1] gets 2 * 4 = 8 (the missing leading axis and axis 1 both summed)
        Tensor a = Tensor.zeros(DType.FLOAT64, 2, 1, 4).requiresGrad(true);
        Tensor b = Tensor.zeros(DType.FLOAT64, 3, 1).requiresGrad(true);
        a.add(b).sum().backward();
        assertArrayEquals(new double[] {3, 3, 3, 3, 3, 3, 3, 3}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {8, 8, 8}, b.grad().toDoubleArray());
        checkAllGradients(values(0, 2, 1, 4), values(0.25, 3, 1), 2, 3, 4);
    }

    @Test
    void gradientsOfVectorAgainstRankThree() {
        checkAllGradients(values(0, 4), values(0.25, 2, 3, 4), 2, 3, 4);
    }

    @Test
    void scalarGetsTheTotal() {
        Tensor s = Tensor.scalar(DType.FLOAT64, 2).requiresGrad(true);
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        Tensor g = Tensor.of(new double[] {1, 10, 100, 1000}, 2, 2);
        s.mul(x).backward(g);
        assertArrayEquals(new int[0], s.grad().shape().dims());
        assertEquals(1 + 20 + 300 + 4000, s.grad().item());
        assertArrayEquals(new double[] {2, 20, 200, 2000}, x.grad().toDoubleArray());
        checkAllGradients(Tensor.scalar(DType.FLOAT64, 1.5), values(0.25, 2, 3), 2, 3);
        checkAllGradients(Tensor.of(new double[] {3}, 1, 1), values(0.25, 3), 1, 3);
    }

    @Test
    void broadcastToGradientIsSummedBack() {
        Tensor a = Tensor.of(new double[] {1, 2, 3}, 3, 1).requiresGrad(true);
        a.broadcastTo(2, 3, 4).backward(Tensor.arange(DType.FLOAT64, 0, 24, 1).reshape(2, 3, 4));
        // a[i] receives sum over t, k of (12 t + 4 i + k) = 2 * (4 * 4i + 6) + 12 * 4
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int t = 0; t < 2; t++) {
                for (int k = 0; k < 4; k++) {
                    expected[i] += 12 * t + 4 * i + k;
                }
            }
        }
        assertArrayEquals(new double[] {60, 92, 124}, expected);
        assertArrayEquals(expected, a.grad().toDoubleArray());
    }

    @Test
    void batchedMatmulSumsTheSharedOperandsGradientOverTheBatch() {
        Tensor a = values(0, 2, 2, 3).requiresGrad(true);
        Tensor b = values(0.25, 3, 2).requiresGrad(true);
        Tensor g = upstream(2, 2, 2);
        a.matmul(b).backward(g);
        double[] ga = new double[12], gb = new double[6];
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    for (int k = 0; k < 3; k++) {
                        ga[t * 6 + i * 3 + k] += g.get(t, i, j) * b.get(k, j);
                        gb[k * 2 + j] += g.get(t, i, j) * a.get(t, i, k);
                    }
                }
            }
        }
        assertArrayEquals(ga, a.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new int[] {3, 2}, b.grad().shape().dims());
        assertArrayEquals(gb, b.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void maximumSplitsTiedGradients() {
        Tensor a = Tensor.of(new double[] {1, 2, 3}, 3, 1).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {0, 2, 4, 1}, 1, 4).requiresGrad(true);
        Tensor g = Tensor.arange(DType.FLOAT64, 1, 13, 1).reshape(3, 4);
        a.maximum(b).backward(g);
        double[] ga = new double[3], gb = new double[4];
        double[] av = {1, 2, 3}, bv = {0, 2, 4, 1};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                double w = av[i] > bv[j] ? 1 : av[i] == bv[j] ? 0.5 : 0;
                ga[i] += g.get(i, j) * w;
                gb[j] += g.get(i, j) * (1 - w);
            }
        }
        // a[0] = 1 ties with b[3] = 1 and a[1] = 2 with b[1] = 2: each tie sends half of g each way
        assertArrayEquals(new double[] {1 + 4 * 0.5, 5 + 6 * 0.5 + 8, 9 + 10 + 12}, ga);
        assertArrayEquals(new double[] {0, 2 + 6 * 0.5, 3 + 7 + 11, 4 * 0.5}, gb);
        assertArrayEquals(ga, a.grad().toDoubleArray());
        assertArrayEquals(gb, b.grad().toDoubleArray());
    }
}
