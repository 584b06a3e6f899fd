package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.assertClose;
import static dev.nabla.kernel.KernelTestSupport.assertSame;
import static dev.nabla.kernel.KernelTestSupport.toDouble;
import static dev.nabla.kernel.KernelTestSupport.toFloat;
import static dev.nabla.kernel.KernelTestSupport.withVector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.kernel.KernelTestSupport.Precision;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ReduceF32 and ReduceF64: SUM, MAX and MIN over the middle axis of [outer, r, inner] against a naive
 * loop, in both modes; NaN handling; argmax/argmin tie and NaN rules; empty axes.
 */
class ReduceTest {

    /** {outer, r, inner}: the contiguous path (inner = 1) around the 4-vector SIMD threshold, and strided ones. */
    private static final int[][] SHAPES = {
            {1, 1, 1}, {1, 2, 1}, {3, 7, 1}, {2, 15, 1}, {4, 16, 1}, {1, 17, 1}, {2, 31, 1}, {2, 33, 1},
            {2, 63, 1}, {3, 64, 1}, {2, 65, 1}, {1, 100, 1}, {2, 129, 1}, {1, 1000, 1},
            {5, 1, 3}, {1, 1, 65}, {4, 17, 7}, {2, 33, 16}, {3, 64, 17}, {7, 3, 129}, {2, 5, 70}, {3, 100, 2}};

    private static double[] reduce(Precision p, boolean vector, ReduceOp op, double[] x, int outer, int r, int inner) {
        double[] out = new double[outer * inner];
        return withVector(vector, () -> {
            if (p == Precision.F32) {
                float[] fo = toFloat(out);
                ReduceF32.reduce(op, toFloat(x), outer, r, inner, fo);
                return toDouble(fo);
            }
            ReduceF64.reduce(op, x.clone(), outer, r, inner, out);
            return out;
        });
    }

    private static double reduceContiguous(Precision p, boolean vector, ReduceOp op, double[] x, int off, int n) {
        return withVector(vector, () -> p == Precision.F32
                ? (double) ReduceF32.reduceContiguous(op, toFloat(x), off, n)
                : ReduceF64.reduceContiguous(op, x, off, n));
    }

    private static int[] argReduce(Precision p, boolean max, double[] x, int outer, int r, int inner) {
        int[] out = new int[outer * inner];
        if (p == Precision.F32) {
            ReduceF32.argReduce(max, toFloat(x), outer, r, inner, out);
        } else {
            ReduceF64.argReduce(max, x, outer, r, inner, out);
        }
        return out;
    }

    /** {result, sum of |x|} of one fibre, in double, in index order. */
    private static double[] naive(ReduceOp op, double[] x, int o, int r, int inner, int i) {
        double acc = op == ReduceOp.SUM ? 0 : x[o * r * inner + i];
        double magnitude = 0;
        for (int j = 0; j < r; j++) {
            double v = x[(o * r + j) * inner + i];
            magnitude += Math.abs(v);
            acc = switch (op) {
                case SUM -> acc + v;
                case MAX -> Math.max(acc, v);
                case MIN -> Math.min(acc, v);
            };
        }
        return new double[] {acc, magnitude};
    }

    /** First index of the extreme value, or of the first NaN. */
    private static int naiveArg(boolean max, double[] x, int o, int r, int inner, int i) {
        int best = 0;
        for (int j = 0; j < r; j++) {
            double v = x[(o * r + j) * inner + i];
            if (Double.isNaN(v)) {
                return j;
            }
            double b = x[(o * r + best) * inner + i];
            if (max ? v > b : v < b) {
                best = j;
            }
        }
        return best;
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void reduceMatchesNaiveLoop(Precision p) {
        SplittableRandom rnd = new SplittableRandom(500 + p.ordinal());
        for (int[] s : SHAPES) {
            int outer = s[0], r = s[1], inner = s[2];
            double[] x = KernelTestSupport.uniform(rnd, p, outer * r * inner, -3, 3);
            for (ReduceOp op : ReduceOp.values()) {
                for (boolean vector : new boolean[] {true, false}) {
                    double[] got = reduce(p, vector, op, x, outer, r, inner);
                    for (int o = 0; o < outer; o++) {
                        for (int i = 0; i < inner; i++) {
                            double[] ref = naive(op, x, o, r, inner, i);
                            int oo = o, ii = i;
                            String where = p + " " + op + " vector=" + vector + " " + Arrays.toString(s);
                            if (op == ReduceOp.SUM) {
                                assertClose(ref[0], got[o * inner + i], p.sumTolerance * ref[1] + Double.MIN_NORMAL,
                                        () -> where + " at [" + oo + ", " + ii + "]");
                            } else {
                                assertSame(ref[0], got[o * inner + i], () -> where + " at [" + oo + ", " + ii + "]");
                            }
                        }
                    }
                }
            }
        }
    }

    /** reduceContiguous reads exactly x[off, off + n): NaN around the range must not leak in. */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void reduceContiguousStaysInsideItsRange(Precision p) {
        SplittableRandom rnd = new SplittableRandom(600 + p.ordinal());
        int off = 3;
        for (int n = 1; n <= 140; n++) {
            double[] x = new double[off + n + 40];
            Arrays.fill(x, Double.NaN);
            double[] v = KernelTestSupport.uniform(rnd, p, n, -1, 1);
            System.arraycopy(v, 0, x, off, n);
            for (ReduceOp op : ReduceOp.values()) {
                double[] ref = naive(op, v, 0, n, 1, 0);
                for (boolean vector : new boolean[] {true, false}) {
                    double got = reduceContiguous(p, vector, op, x, off, n);
                    String where = p + " " + op + " vector=" + vector + " n=" + n;
                    if (op == ReduceOp.SUM) {
                        assertClose(ref[0], got, p.sumTolerance * ref[1] + Double.MIN_NORMAL, () -> where);
                    } else {
                        assertSame(ref[0], got, () -> where);
                    }
                }
            }
        }
        for (boolean vector : new boolean[] {true, false}) {
            assertEquals(0.0, reduceContiguous(p, vector, ReduceOp.SUM, new double[] {Double.NaN}, 0, 0),
                    "the sum over nothing is 0");
        }
    }

    /** A NaN anywhere in a fibre (SIMD lanes, accumulators, tail) makes that fibre's SUM, MAX and MIN NaN. */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void nanInAFibrePoisonsOnlyThatFibre(Precision p) {
        for (int[] s : new int[][] {{2, 100, 1}, {2, 70, 1}, {2, 40, 3}}) {
            int outer = s[0], r = s[1], inner = s[2];
            for (int pos : new int[] {0, 1, 7, 8, 15, 16, 31, 32, 63, 64, r - 2, r - 1}) {
                if (pos >= r) {
                    continue;
                }
                double[] x = KernelTestSupport.uniform(new SplittableRandom(pos), p, outer * r * inner, -1, 1);
                x[(1 * r + pos) * inner + inner - 1] = Double.NaN; // fibre [1, inner - 1]
                for (ReduceOp op : ReduceOp.values()) {
                    for (boolean vector : new boolean[] {true, false}) {
                        double[] got = reduce(p, vector, op, x, outer, r, inner);
                        String where = p + " " + op + " vector=" + vector + " " + Arrays.toString(s) + " NaN at " + pos;
                        for (int f = 0; f < got.length; f++) {
                            boolean poisoned = f == 1 * inner + inner - 1;
                            assertEquals(poisoned, Double.isNaN(got[f]), where + ": out[" + f + "] = " + got[f]);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void argReduceMatchesNaiveLoop(Precision p) {
        SplittableRandom rnd = new SplittableRandom(700 + p.ordinal());
        for (int[] s : SHAPES) {
            int outer = s[0], r = s[1], inner = s[2];
            // Few distinct values: ties everywhere. Sprinkle NaN in some fibres.
            double[] x = new double[outer * r * inner];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextInt(40) == 0 ? Double.NaN : rnd.nextInt(-2, 3);
            }
            for (boolean max : new boolean[] {true, false}) {
                int[] got = argReduce(p, max, x, outer, r, inner);
                int[] expected = new int[outer * inner];
                for (int o = 0; o < outer; o++) {
                    for (int i = 0; i < inner; i++) {
                        expected[o * inner + i] = naiveArg(max, x, o, r, inner, i);
                    }
                }
                assertArrayEquals(expected, got, p + " max=" + max + " " + Arrays.toString(s));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void argReduceTiesAndNan(Precision p) {
        for (boolean max : new boolean[] {true, false}) {
            String m = p + " max=" + max;
            assertArrayEquals(new int[] {0}, argReduce(p, max, new double[] {2, 2, 2, 2}, 1, 4, 1), m + ": all equal");
            int[] ties = argReduce(p, max, new double[] {0, 5, -5, 5, -5}, 1, 5, 1);
            assertEquals(max ? 1 : 2, ties[0], m + ": first of tied extremes");
            assertEquals(0, argReduce(p, max, new double[] {-0.0, 0.0}, 1, 2, 1)[0], m + ": -0 and 0 tie");
            assertEquals(1, argReduce(p, max, new double[] {1, Double.NaN, 5, Double.NaN, -7}, 1, 5, 1)[0],
                    m + ": first NaN wins");
            assertEquals(0, argReduce(p, max, new double[] {Double.NaN, 9, -9}, 1, 3, 1)[0], m + ": NaN first");
            assertEquals(2, argReduce(p, max, new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                    Double.NaN}, 1, 3, 1)[0], m + ": NaN beats infinities");
            // Strided: [outer=1, r=3, inner=2], columns {1, 7, 7} and {NaN, 3, 9}.
            assertArrayEquals(new int[] {max ? 1 : 0, 0},
                    argReduce(p, max, new double[] {1, Double.NaN, 7, 3, 7, 9}, 1, 3, 2), m + ": strided");
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void emptyAxisThrows(Precision p) {
        for (ReduceOp op : ReduceOp.values()) {
            for (boolean vector : new boolean[] {true, false}) {
                assertThrows(IllegalArgumentException.class, () -> reduce(p, vector, op, new double[0], 2, 0, 3),
                        p + " " + op + " vector=" + vector);
                assertThrows(IllegalArgumentException.class, () -> reduce(p, vector, op, new double[4], 1, 0, 1),
                        p + " " + op + " vector=" + vector + " over a non-empty array");
            }
        }
        for (boolean max : new boolean[] {true, false}) {
            assertThrows(IllegalArgumentException.class, () -> argReduce(p, max, new double[0], 2, 0, 3),
                    p + " arg max=" + max);
            assertThrows(IllegalArgumentException.class, () -> argReduce(p, max, new double[4], 1, 0, 1),
                    p + " arg max=" + max + " over a non-empty array");
        }
        for (ReduceOp op : new ReduceOp[] {ReduceOp.MAX, ReduceOp.MIN}) {
            for (boolean vector : new boolean[] {true, false}) {
                assertThrows(IllegalArgumentException.class,
                        () -> reduceContiguous(p, vector, op, new double[] {5}, 0, 0),
                        p + " contiguous " + op + " vector=" + vector + " of nothing");
            }
        }
    }

    /** An empty outer or inner axis gives an empty result, not an error. */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void emptyOuterOrInnerIsANoOp(Precision p) {
        for (ReduceOp op : ReduceOp.values()) {
            assertEquals(0, reduce(p, true, op, new double[0], 0, 5, 3).length);
            assertEquals(0, reduce(p, true, op, new double[0], 4, 5, 0).length);
        }
    }

    /**
     * The SIMD reductions must give the same bits on every call, whether the code runs interpreted or
     * JIT-compiled (a cross-lane add whose order the JIT may choose would break "same seed, same bits"),
     * and a NaN must still win MAX and MIN once compiled.
     */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void contiguousReductionsGiveTheSameBitsInEveryJitTier(Precision p) {
        double[] v = KernelTestSupport.uniform(new SplittableRandom(800 + p.ordinal()), p, 257, -1, 1);
        double[] withNan = v.clone();
        withNan[37] = Double.NaN;
        ReduceOp[] ops = ReduceOp.values();
        withVector(true, () -> {
            float[] fv = toFloat(v), fn = toFloat(withNan);
            double[] first = new double[ops.length];
            for (int call = 0; call < 20_000; call++) {
                for (int k = 0; k < ops.length; k++) {
                    double got = p == Precision.F32 ? ReduceF32.reduceContiguous(ops[k], fv, 0, fv.length)
                            : ReduceF64.reduceContiguous(ops[k], v, 0, v.length);
                    double nan = p == Precision.F32 ? ReduceF32.reduceContiguous(ops[k], fn, 0, fn.length)
                            : ReduceF64.reduceContiguous(ops[k], withNan, 0, withNan.length);
                    if (call == 0) {
                        first[k] = got;
                    } else if (Double.doubleToLongBits(got) != Double.doubleToLongBits(first[k])) {
                        assertEquals(first[k], got, p + " " + ops[k] + ": call " + call + " differs from the first");
                    }
                    if (!Double.isNaN(nan)) {
                        assertEquals(Double.NaN, nan, p + " " + ops[k] + " with a NaN, call " + call);
                    }
                }
            }
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void allFiniteFindsEveryNonFiniteValueWherever(Precision p) {
        for (boolean vector : new boolean[] {true, false}) {
            for (int n : new int[] {0, 1, 15, 16, 17, 100}) {
                double[] x = new double[n];
                Arrays.setAll(x, i -> i - n / 2.0);
                assertEquals(true, allFinite(p, vector, x), "finite n=" + n);
                for (int at = 0; at < n; at += Math.max(1, n / 7)) {
                    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                        double[] y = x.clone();
                        y[at] = bad;
                        assertEquals(false, allFinite(p, vector, y), bad + " at " + at + " of " + n + " vector=" + vector);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void allFiniteLooksOnlyAtItsRange(Precision p) {
        double[] x = new double[70];
        x[3] = Double.NaN;
        x[66] = Double.POSITIVE_INFINITY;
        for (boolean vector : new boolean[] {true, false}) {
            assertEquals(true, withVector(vector, () -> p == Precision.F32
                    ? ReduceF32.allFinite(toFloat(x), 4, 62) : ReduceF64.allFinite(x, 4, 62)), "range [4, 66)");
            assertEquals(false, withVector(vector, () -> p == Precision.F32
                    ? ReduceF32.allFinite(toFloat(x), 5, 62) : ReduceF64.allFinite(x, 5, 62)), "range [5, 67)");
        }
    }

    private static boolean allFinite(Precision p, boolean vector, double[] x) {
        return withVector(vector, () -> p == Precision.F32 ? ReduceF32.allFinite(toFloat(x), 0, x.length)
                : ReduceF64.allFinite(x, 0, x.length));
    }
}
