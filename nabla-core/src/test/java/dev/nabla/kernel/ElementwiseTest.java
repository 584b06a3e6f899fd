package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.assertSame;
import static dev.nabla.kernel.KernelTestSupport.toDouble;
import static dev.nabla.kernel.KernelTestSupport.toFloat;
import static dev.nabla.kernel.KernelTestSupport.withVector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.kernel.KernelTestSupport.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ElementwiseF32 and ElementwiseF64: every operation against an oracle written here, SIMD path and scalar
 * twin, lengths 0..70 (across several vector widths and their tails), offsets, and the broadcast strides
 * (1,1), (0,1), (1,0), (0,0). Inputs mix random values with 0, -0, ±1, ±Inf and NaN.
 *
 * <p>Both paths must equal the oracle exactly: it computes in double and rounds once, which is exact for
 * +, -, ×, ÷ and sqrt of floats; the float64 transcendental functions run through {@code Math} in both
 * modes, and the float32 ones through {@link PolyMath}, whose scalar functions are their oracle here (their
 * accuracy against {@code Math} is {@link PolyMathTest}'s). The scalar twin must match bit for bit; the
 * SIMD path may give +0 where the oracle gives -0.
 */
class ElementwiseTest {

    private static final int MAX_N = 70;
    private static final double SENTINEL = 42.5;
    private static final double[] SPECIALS = {0.0, -0.0, 1, -1, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 100, -100};
    private static final int[][] STRIDES = {{1, 1}, {0, 1}, {1, 0}, {0, 0}};

    // ---- kernels on double[] data, in either precision and mode ----

    private static double[] binary(Precision p, boolean vector, BinaryOp op, double[] a, int ao, int sa,
                                   double[] b, int bo, int sb, double[] out, int oo, int n) {
        return withVector(vector, () -> {
            if (p == Precision.F32) {
                float[] fo = toFloat(out);
                ElementwiseF32.binary(op, toFloat(a), ao, sa, toFloat(b), bo, sb, fo, oo, n);
                return toDouble(fo);
            }
            double[] o = out.clone();
            ElementwiseF64.binary(op, a.clone(), ao, sa, b.clone(), bo, sb, o, oo, n);
            return o;
        });
    }

    private static double[] unary(Precision p, boolean vector, UnaryOp op, double[] x, int xo,
                                  double[] out, int oo, int n) {
        return withVector(vector, () -> {
            if (p == Precision.F32) {
                float[] fo = toFloat(out);
                ElementwiseF32.unary(op, toFloat(x), xo, fo, oo, n);
                return toDouble(fo);
            }
            double[] o = out.clone();
            ElementwiseF64.unary(op, x.clone(), xo, o, oo, n);
            return o;
        });
    }

    private static double[] clamp(Precision p, boolean vector, double[] x, int xo, double lo, double hi,
                                  double[] out, int oo, int n) {
        return withVector(vector, () -> {
            if (p == Precision.F32) {
                float[] fo = toFloat(out);
                ElementwiseF32.clamp(toFloat(x), xo, (float) lo, (float) hi, fo, oo, n);
                return toDouble(fo);
            }
            double[] o = out.clone();
            ElementwiseF64.clamp(x.clone(), xo, lo, hi, o, oo, n);
            return o;
        });
    }

    private static double[] axpy(Precision p, boolean vector, double alpha, double[] x, int xo,
                                 double[] y, int yo, int n) {
        return withVector(vector, () -> {
            if (p == Precision.F32) {
                float[] fy = toFloat(y);
                ElementwiseF32.axpy((float) alpha, toFloat(x), xo, fy, yo, n);
                return toDouble(fy);
            }
            double[] dy = y.clone();
            ElementwiseF64.axpy(alpha, x.clone(), xo, dy, yo, n);
            return dy;
        });
    }

    // ---- the oracle: computed in double, rounded once to the precision ----

    private static double oracle(BinaryOp op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAX -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.max(x, y);
            case MIN -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.min(x, y);
            case POW -> Math.pow(x, y);
            case GT -> x > y ? 1 : 0;
            case GE -> x >= y ? 1 : 0;
            case LT -> x < y ? 1 : 0;
            case LE -> x <= y ? 1 : 0;
            case EQ -> x == y ? 1 : 0;
            case NE -> x != y ? 1 : 0;
        };
    }

    /** The expected result in precision p: float32 exp, log, tanh and sigmoid are PolyMath's by definition. */
    private static double expected(UnaryOp op, Precision p, double x) {
        if (p == Precision.F32) {
            float f = (float) x;
            switch (op) {
                case EXP -> { return PolyMath.exp(f); }
                case LOG -> { return PolyMath.log(f); }
                case TANH -> { return PolyMath.tanh(f); }
                case SIGMOID -> { return PolyMath.sigmoid(f); }
                default -> { }
            }
        }
        return p.round(oracle(op, x));
    }

    private static double oracle(UnaryOp op, double x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case RELU -> Double.isNaN(x) ? Double.NaN : x > 0 ? x : 0.0;
            case SIGN -> Double.isNaN(x) ? Double.NaN : x > 0 ? 1 : x < 0 ? -1 : x;
            case STEP -> Double.isNaN(x) ? Double.NaN : x > 0 ? 1 : 0;
            case SQUARE -> x * x;
            case RECIPROCAL -> 1 / x;
        };
    }

    /** Random values in [-4, 4), one in six replaced by a special value. */
    private static double[] data(SplittableRandom rnd, Precision p, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(6) == 0 ? SPECIALS[rnd.nextInt(SPECIALS.length)] : p.round(rnd.nextDouble(-4, 4));
        }
        return v;
    }

    private static double[] sentinels(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, SENTINEL);
        return v;
    }

    private static void assertSentinelsOutside(double[] out, int oo, int n, String where) {
        for (int i = 0; i < out.length; i++) {
            if (i < oo || i >= oo + n) {
                assertEquals(SENTINEL, out[i], where + ": out[" + i + "] outside [" + oo + ", " + (oo + n) + ") written");
            }
        }
    }

    static Stream<Arguments> binaryCases() {
        List<Arguments> args = new ArrayList<>();
        for (BinaryOp op : BinaryOp.values()) {
            for (Precision p : Precision.values()) {
                args.add(Arguments.of(op, p));
            }
        }
        return args.stream();
    }

    static Stream<Arguments> unaryCases() {
        List<Arguments> args = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            for (Precision p : Precision.values()) {
                args.add(Arguments.of(op, p));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("binaryCases")
    void binaryMatchesOracleInBothModes(BinaryOp op, Precision p) {
        SplittableRandom rnd = new SplittableRandom(1000 + 7L * op.ordinal() + p.ordinal());
        int ao = 1, bo = 2, oo = 3;
        for (int[] st : STRIDES) {
            int sa = st[0], sb = st[1];
            for (int n = 0; n <= MAX_N; n++) {
                double[] a = data(rnd, p, ao + n + 1);
                double[] b = data(rnd, p, bo + n + 1);
                double[] out = sentinels(oo + n + 2);
                double[] simd = binary(p, true, op, a, ao, sa, b, bo, sb, out, oo, n);
                double[] scalar = binary(p, false, op, a, ao, sa, b, bo, sb, out, oo, n);
                String where = op + " " + p + " strides (" + sa + "," + sb + ") n=" + n;
                for (int i = 0; i < n; i++) {
                    double x = a[ao + i * sa], y = b[bo + i * sb];
                    double expected = p.round(oracle(op, x, y));
                    int ii = i;
                    String at = where + " i=" + i + " (" + x + ", " + y + ")";
                    assertEquals(0, Double.compare(expected, scalar[oo + i]),
                            () -> at + " scalar: expected " + expected + " but was " + scalar[oo + ii]);
                    assertSame(expected, simd[oo + i], () -> at + " SIMD");
                }
                assertSentinelsOutside(simd, oo, n, where + " SIMD");
                assertSentinelsOutside(scalar, oo, n, where + " scalar");
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unaryCases")
    void unaryMatchesOracleInBothModes(UnaryOp op, Precision p) {
        SplittableRandom rnd = new SplittableRandom(2000 + 7L * op.ordinal() + p.ordinal());
        int xo = 2, oo = 1;
        for (int n = 0; n <= MAX_N; n++) {
            double[] x = data(rnd, p, xo + n + 3);
            double[] out = sentinels(oo + n + 2);
            double[] simd = unary(p, true, op, x, xo, out, oo, n);
            double[] scalar = unary(p, false, op, x, xo, out, oo, n);
            String where = op + " " + p + " n=" + n;
            for (int i = 0; i < n; i++) {
                double v = x[xo + i];
                double expected = expected(op, p, v);
                int ii = i;
                String at = where + " i=" + i + " x=" + v;
                assertEquals(0, Double.compare(expected, scalar[oo + i]),
                        () -> at + " scalar: expected " + expected + " but was " + scalar[oo + ii]);
                assertSame(expected, simd[oo + i], () -> at + " SIMD");
            }
            assertSentinelsOutside(simd, oo, n, where + " SIMD");
            assertSentinelsOutside(scalar, oo, n, where + " scalar");
        }
    }

    /** The reductions call binary with out aliasing an input: in place must equal out of place. */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void binaryInPlaceEqualsOutOfPlace(Precision p) {
        SplittableRandom rnd = new SplittableRandom(77);
        for (boolean vector : new boolean[] {true, false}) {
            for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.MAX, BinaryOp.MIN, BinaryOp.MUL}) {
                int n = 53;
                double[] a = data(rnd, p, n);
                double[] b = data(rnd, p, n);
                double[] expected = binary(p, vector, op, a, 0, 1, b, 0, 1, new double[n], 0, n);
                double[] inPlace;
                if (p == Precision.F32) {
                    float[] fa = toFloat(a);
                    withVector(vector, () -> {
                        ElementwiseF32.binary(op, fa, 0, 1, toFloat(b), 0, 1, fa, 0, n);
                        return null;
                    });
                    inPlace = toDouble(fa);
                } else {
                    double[] da = a.clone();
                    withVector(vector, () -> {
                        ElementwiseF64.binary(op, da, 0, 1, b, 0, 1, da, 0, n);
                        return null;
                    });
                    inPlace = da;
                }
                assertArrayEquals(expected, inPlace, op + " " + p + " vector=" + vector);
            }
        }
    }

    /**
     * Same input, same bits, on the first call and after the JIT has compiled the loops, for every op,
     * with NaN, ±0 and ±Inf among the inputs. (The Vector API's EXP, LOG, TANH and POW change their bits
     * once C2 compiles them, which is why the kernels use Math for those.)
     */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void everyOpGivesTheSameBitsInEveryJitTier(Precision p) {
        int n = 64;
        double[] x = data(new SplittableRandom(90 + p.ordinal()), p, n);
        double[] y = data(new SplittableRandom(91 + p.ordinal()), p, n);
        UnaryOp[] unary = UnaryOp.values();
        BinaryOp[] binary = BinaryOp.values();
        double[][] first = new double[unary.length + binary.length][];
        withVector(true, () -> {
            float[] fx = toFloat(x), fy = toFloat(y), fo = new float[n];
            double[] dout = new double[n];
            for (int call = 0; call < 3_000; call++) {
                for (int k = 0; k < first.length; k++) {
                    double[] got;
                    if (p == Precision.F32) {
                        if (k < unary.length) {
                            ElementwiseF32.unary(unary[k], fx, 0, fo, 0, n);
                        } else {
                            ElementwiseF32.binary(binary[k - unary.length], fx, 0, 1, fy, 0, 1, fo, 0, n);
                        }
                        got = toDouble(fo);
                    } else {
                        if (k < unary.length) {
                            ElementwiseF64.unary(unary[k], x, 0, dout, 0, n);
                        } else {
                            ElementwiseF64.binary(binary[k - unary.length], x, 0, 1, y, 0, 1, dout, 0, n);
                        }
                        got = dout;
                    }
                    if (call == 0) {
                        first[k] = got.clone();
                        for (int i = 0; i < n; i++) {
                            double expected = k < unary.length ? expected(unary[k], p, x[i])
                                    : p.round(oracle(binary[k - unary.length], x[i], y[i]));
                            int kk = k, ii = i;
                            assertSame(expected, got[i], () -> p + " " + (kk < unary.length ? unary[kk]
                                    : binary[kk - unary.length]) + " i=" + ii);
                        }
                    } else if (!java.util.Arrays.equals(first[k], got)) {
                        fail(p + " " + (k < unary.length ? unary[k] : binary[k - unary.length]) + ": call " + call
                                + " gives different bits than the first");
                    }
                }
            }
            return null;
        });
    }

    // ---- NaN must never be hidden ----

    /** A NaN at each position (vector lanes and tail) stays NaN through RELU, SIGN, STEP, MAX and MIN. */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void nanPropagatesAtEveryPosition(Precision p) {
        int n = 45;
        for (boolean vector : new boolean[] {true, false}) {
            for (int pos = 0; pos < n; pos++) {
                double[] x = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = i % 2 == 0 ? 1.5 : -2.5;
                }
                x[pos] = Double.NaN;
                String where = p + " vector=" + vector + " NaN at " + pos;
                for (UnaryOp op : new UnaryOp[] {UnaryOp.RELU, UnaryOp.SIGN, UnaryOp.STEP, UnaryOp.ABS,
                        UnaryOp.NEG, UnaryOp.SIGMOID, UnaryOp.TANH}) {
                    double[] out = unary(p, vector, op, x, 0, new double[n], 0, n);
                    assertTrue(Double.isNaN(out[pos]), where + ": " + op + "(NaN) = " + out[pos]);
                    for (int i = 0; i < n; i++) {
                        if (i != pos) {
                            assertFalse(Double.isNaN(out[i]), where + ": " + op + " made NaN at " + i);
                        }
                    }
                }
                double[] zeros = new double[n];
                for (BinaryOp op : new BinaryOp[] {BinaryOp.MAX, BinaryOp.MIN}) {
                    double[] left = binary(p, vector, op, x, 0, 1, zeros, 0, 1, new double[n], 0, n);
                    double[] right = binary(p, vector, op, zeros, 0, 1, x, 0, 1, new double[n], 0, n);
                    double[] broadcast = binary(p, vector, op, x, 0, 1, zeros, 0, 0, new double[n], 0, n);
                    assertTrue(Double.isNaN(left[pos]), where + ": " + op + "(NaN, 0) = " + left[pos]);
                    assertTrue(Double.isNaN(right[pos]), where + ": " + op + "(0, NaN) = " + right[pos]);
                    assertTrue(Double.isNaN(broadcast[pos]), where + ": " + op + "(NaN, 0 broadcast) = " + broadcast[pos]);
                }
            }
            // A broadcast NaN scalar poisons every element.
            double[] y = new double[n];
            for (BinaryOp op : new BinaryOp[] {BinaryOp.MAX, BinaryOp.MIN, BinaryOp.ADD}) {
                double[] out = binary(p, vector, op, new double[] {Double.NaN}, 0, 0, y, 0, 1, new double[n], 0, n);
                for (int i = 0; i < n; i++) {
                    assertTrue(Double.isNaN(out[i]), p + " vector=" + vector + " " + op + "(NaN broadcast) at " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void clampKeepsNan(Precision p) {
        for (boolean vector : new boolean[] {true, false}) {
            double[] x = new double[37];
            java.util.Arrays.fill(x, 9);
            x[3] = Double.NaN;
            x[36] = Double.NaN;
            double[] out = clamp(p, vector, x, 0, -1, 1, new double[x.length], 0, x.length);
            for (int i = 0; i < x.length; i++) {
                assertSame(Double.isNaN(x[i]) ? Double.NaN : 1, out[i], () -> p + " vector=" + vector);
            }
        }
    }

    // ---- sigmoid and tanh saturate without NaN ----

    @ParameterizedTest
    @EnumSource(Precision.class)
    void sigmoidAndTanhSaturateForLargeInputs(Precision p) {
        double[] big = {100, -100, 1000, -1000, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 88.8, -88.8, 710, -710};
        // Lay the values out over more than one vector so they meet both the SIMD loop and the tail.
        int n = 70;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = big[i % big.length];
        }
        for (boolean vector : new boolean[] {true, false}) {
            double[] sig = unary(p, vector, UnaryOp.SIGMOID, x, 0, new double[n], 0, n);
            double[] tanh = unary(p, vector, UnaryOp.TANH, x, 0, new double[n], 0, n);
            for (int i = 0; i < n; i++) {
                String where = p + " vector=" + vector + " x=" + x[i];
                double one = x[i] > 0 ? 1 : 0;
                assertFalse(Double.isNaN(sig[i]), where + ": sigmoid is NaN");
                assertTrue(sig[i] >= 0 && sig[i] <= 1, where + ": sigmoid = " + sig[i]);
                assertEquals(one, sig[i], 1e-30, where + ": sigmoid");
                assertEquals(Math.signum(x[i]), tanh[i], 0, where + ": tanh");
            }
        }
    }

    // ---- axpy and clamp ----

    /** y += alpha·x is one fused multiply-add per element in both modes, so it matches Math.fma exactly. */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void axpyIsFusedMultiplyAdd(Precision p) {
        SplittableRandom rnd = new SplittableRandom(3000 + p.ordinal());
        int xo = 3, yo = 1;
        for (double alpha : new double[] {0, 1, -1.5, 0.1, 1e-3}) {
            double a = p.round(alpha);
            for (int n = 0; n <= MAX_N; n++) {
                double[] x = KernelTestSupport.uniform(rnd, p, xo + n + 1, -2, 2);
                double[] y = KernelTestSupport.uniform(rnd, p, yo + n + 2, -2, 2);
                double[] expected = y.clone();
                for (int i = 0; i < n; i++) {
                    expected[yo + i] = p == Precision.F32
                            ? Math.fma((float) x[xo + i], (float) a, (float) y[yo + i])
                            : Math.fma(x[xo + i], a, y[yo + i]);
                }
                for (boolean vector : new boolean[] {true, false}) {
                    assertArrayEquals(expected, axpy(p, vector, a, x, xo, y, yo, n),
                            p + " vector=" + vector + " alpha=" + a + " n=" + n);
                }
            }
        }
    }

    /** min(max(x, lo), hi) as documented; with lo > hi that gives hi, as in PyTorch. */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void clampMatchesMinOfMax(Precision p) {
        SplittableRandom rnd = new SplittableRandom(4000 + p.ordinal());
        int xo = 2, oo = 3;
        for (double[] bounds : new double[][] {{-0.5, 0.75}, {0, 0}, {-1, Double.POSITIVE_INFINITY}, {0, 6}, {1, -1}}) {
            double lo = bounds[0], hi = bounds[1];
            for (int n = 0; n <= MAX_N; n++) {
                double[] x = data(rnd, p, xo + n + 1);
                double[] out = sentinels(oo + n + 1);
                for (boolean vector : new boolean[] {true, false}) {
                    double[] got = clamp(p, vector, x, xo, lo, hi, out, oo, n);
                    String where = p + " vector=" + vector + " [" + lo + ", " + hi + "] n=" + n;
                    for (int i = 0; i < n; i++) {
                        double v = x[xo + i];
                        double expected = Double.isNaN(v) ? Double.NaN : Math.min(Math.max(v, lo), hi);
                        assertSame(expected, got[oo + i], () -> where + " x=" + v);
                        if (lo <= hi && !Double.isNaN(v) && (got[oo + i] < lo || got[oo + i] > hi)) {
                            fail(where + ": clamp(" + v + ") = " + got[oo + i] + " is out of bounds");
                        }
                    }
                    assertSentinelsOutside(got, oo, n, where);
                }
            }
        }
    }
}
