package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.toFloat;
import static dev.nabla.kernel.KernelTestSupport.withThreads;
import static dev.nabla.kernel.KernelTestSupport.withVector;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.kernel.KernelTestSupport.Precision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Same inputs, same bits, whatever the thread count: large kernels run with 1 and with 2 threads must
 * give bit-identical arrays (compared with Arrays.equals, i.e. by floatToIntBits/doubleToLongBits).
 */
class DeterminismTest {

    @BeforeAll
    static void needsTwoThreads() {
        // With a one-thread pool both runs would take the same path and prove nothing.
        assumeTrue(withThreads(2, () -> Parallel.threads() == 2), "needs a pool of at least 2 threads");
    }

    /** Runs the body with 1 and with 2 threads (SIMD kernels) and asserts the results are the same bits. */
    private static void assertSameBits(String what, Supplier<Object> body) {
        Object one = withVector(true, () -> withThreads(1, body));
        Object two = withVector(true, () -> withThreads(2, body));
        boolean same = one instanceof float[] f ? Arrays.equals(f, (float[]) two) : Arrays.equals((double[]) one, (double[]) two);
        assertTrue(same, what + ": 1 thread and 2 threads give different bits");
    }

    static Stream<Arguments> gemms() {
        List<Arguments> args = new ArrayList<>();
        for (Precision p : Precision.values()) {
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    // A dense layer 784 -> 128 on a batch of 256: forward (k = 784) and backward (k = 128) shapes.
                    args.add(Arguments.of(p, transA, transB, 256, 128, 784));
                    args.add(Arguments.of(p, transA, transB, 255, 784, 129));
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} transA={1} transB={2} {3}x{4}x{5}")
    @MethodSource("gemms")
    void gemmIsIndependentOfThreadCount(Precision p, boolean transA, boolean transB, int m, int n, int k) {
        SplittableRandom rnd = new SplittableRandom(9000 + m + n + k);
        double[] a = KernelTestSupport.uniform(rnd, p, m * k, -1, 1);
        double[] b = KernelTestSupport.uniform(rnd, p, k * n, -1, 1);
        double[] c = KernelTestSupport.uniform(rnd, p, m * n, -1, 1);
        int lda = transA ? m : k, ldb = transB ? k : n;
        for (double beta : new double[] {0, 1, 0.5}) {
            String what = p + " gemm " + m + "x" + n + "x" + k + " transA=" + transA + " transB=" + transB + " beta=" + beta;
            if (p == Precision.F32) {
                float[] fa = toFloat(a), fb = toFloat(b), fc = toFloat(c);
                assertSameBits(what, () -> {
                    float[] out = fc.clone();
                    GemmF32.gemm(transA, transB, m, n, k, fa, 0, lda, fb, 0, ldb, (float) beta, out, 0, n);
                    return out;
                });
            } else {
                assertSameBits(what, () -> {
                    double[] out = c.clone();
                    GemmF64.gemm(transA, transB, m, n, k, a, 0, lda, b, 0, ldb, beta, out, 0, n);
                    return out;
                });
            }
        }
    }

    /**
     * A product split by column panels over several k-blocks carries each thread's sums in a copy of its
     * columns (GemmSimdF32.Product#columns): with C at an offset inside padded rows and a bias, the split
     * gives the one-thread bits and leaves every entry outside C as it was.
     */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void splitProductsWriteOnlyTheirOwnEntries(Precision p) {
        int m = 37, n = 200, k = 3 * GemmSimdF32.KC + 5, ldc = n + 7, cOff = 5;
        SplittableRandom rnd = new SplittableRandom(9050 + p.ordinal());
        double[] a = KernelTestSupport.uniform(rnd, p, m * k, -1, 1);
        double[] b = KernelTestSupport.uniform(rnd, p, k * n, -1, 1);
        double[] bias = KernelTestSupport.uniform(rnd, p, n + 3, -1, 1);
        double[] c = new double[cOff + m * ldc + 4];
        Arrays.fill(c, Double.NaN);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * ldc + j] = rnd.nextDouble(-1, 1);
            }
        }
        for (boolean withBias : new boolean[] {false, true}) {
            Supplier<Object> body = () -> {
                if (p == Precision.F32) {
                    float[] out = toFloat(c);
                    if (withBias) {
                        GemmF32.gemmBias(false, false, m, n, k, toFloat(a), 0, k, toFloat(b), 0, n, toFloat(bias), 3, out,
                                cOff, ldc);
                    } else {
                        GemmF32.gemm(false, false, m, n, k, toFloat(a), 0, k, toFloat(b), 0, n, 0.5f, out, cOff, ldc);
                    }
                    return out;
                }
                double[] out = c.clone();
                if (withBias) {
                    GemmF64.gemmBias(false, false, m, n, k, a, 0, k, b, 0, n, bias, 3, out, cOff, ldc);
                } else {
                    GemmF64.gemm(false, false, m, n, k, a, 0, k, b, 0, n, 0.5, out, cOff, ldc);
                }
                return out;
            };
            assertSameBits(p + " split gemm, bias " + withBias, body);
            Object two = withVector(true, () -> withThreads(2, body));
            for (int at = 0; at < c.length; at++) {
                int row = (at - cOff) / ldc, col = (at - cOff) % ldc;
                boolean inside = at >= cOff && row < m && col < n;
                double got = two instanceof float[] f ? f[at] : ((double[]) two)[at];
                assertTrue(inside ? !Double.isNaN(got) : Double.isNaN(got),
                        p + " split gemm, bias " + withBias + ": entry " + at + (inside ? " not written" : " outside C written"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void reductionsAreIndependentOfThreadCount(Precision p) {
        SplittableRandom rnd = new SplittableRandom(9100 + p.ordinal());
        for (int[] s : new int[][] {{600, 777, 1}, {64, 50, 257}, {3, 100_000, 1}}) {
            int outer = s[0], r = s[1], inner = s[2];
            double[] x = KernelTestSupport.uniform(rnd, p, outer * r * inner, -1, 1);
            float[] fx = toFloat(x);
            for (ReduceOp op : ReduceOp.values()) {
                String what = p + " " + op + " " + Arrays.toString(s);
                if (p == Precision.F32) {
                    assertSameBits(what, () -> {
                        float[] out = new float[outer * inner];
                        ReduceF32.reduce(op, fx, outer, r, inner, out);
                        return out;
                    });
                } else {
                    assertSameBits(what, () -> {
                        double[] out = new double[outer * inner];
                        ReduceF64.reduce(op, x, outer, r, inner, out);
                        return out;
                    });
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void largeElementwiseOpsAreIndependentOfThreadCount(Precision p) {
        int n = 1 << 18;
        SplittableRandom rnd = new SplittableRandom(9200 + p.ordinal());
        double[] x = KernelTestSupport.uniform(rnd, p, n, -3, 3);
        double[] y = KernelTestSupport.uniform(rnd, p, n, 0.5, 3);
        float[] fx = toFloat(x), fy = toFloat(y);
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.POW, BinaryOp.MAX}) {
            assertSameBits(p + " " + op, () -> {
                if (p == Precision.F32) {
                    float[] out = new float[n];
                    ElementwiseF32.binary(op, fy, 0, 1, fx, 0, 1, out, 0, n);
                    return out;
                }
                double[] out = new double[n];
                ElementwiseF64.binary(op, y, 0, 1, x, 0, 1, out, 0, n);
                return out;
            });
        }
        for (UnaryOp op : new UnaryOp[] {UnaryOp.EXP, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.RELU}) {
            assertSameBits(p + " " + op, () -> {
                if (p == Precision.F32) {
                    float[] out = new float[n];
                    ElementwiseF32.unary(op, fx, 0, out, 0, n);
                    return out;
                }
                double[] out = new double[n];
                ElementwiseF64.unary(op, x, 0, out, 0, n);
                return out;
            });
        }
        assertSameBits(p + " axpy", () -> {
            if (p == Precision.F32) {
                float[] out = fy.clone();
                ElementwiseF32.axpy(0.37f, fx, 0, out, 0, n);
                return out;
            }
            double[] out = y.clone();
            ElementwiseF64.axpy(0.37, x, 0, out, 0, n);
            return out;
        });
    }
}
