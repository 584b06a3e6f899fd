package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.assertSame;
import static dev.nabla.kernel.KernelTestSupport.toDouble;
import static dev.nabla.kernel.KernelTestSupport.toFloat;
import static dev.nabla.kernel.KernelTestSupport.withVector;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * The activation kernels of the fused dense op (leaky ReLU forward; ReLU, leaky ReLU, tanh and sigmoid
 * backward) in ElementwiseF32 and its generated F64 twin: SIMD path and scalar twin against an oracle
 * that rounds after every operation (so it is exact, and equal to the composed tensor ops), lengths
 * 0..70, offsets, and inputs mixed with 0, -0, ±1, ±Inf and NaN. Nothing outside the range is written.
 */
class ActivationKernelsTest {
    private static final int MAX_N = 70;
    private static final double SLOPE = 0.1;
    private static final double SENTINEL = 42.5;
    private static final double[] SPECIALS = {0.0, -0.0, 1, -1, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 100, -100};

    enum Kernel { LEAKY_RELU, RELU_BACKWARD, LEAKY_RELU_BACKWARD, TANH_BACKWARD, SIGMOID_BACKWARD }

    /** The kernel's result for element (g, y) (g unused by LEAKY_RELU), every operation rounded to p. */
    private static double oracle(Kernel k, Precision p, double g, double y) {
        double s = p.round(SLOPE);
        return switch (k) {
            case LEAKY_RELU -> y > 0 ? y : p.round(s * y);
            case RELU_BACKWARD -> p.round(g * (y > 0 ? 1 : 0));
            case LEAKY_RELU_BACKWARD -> p.round(g * (y > 0 ? 1 : y < 0 ? s : 0));
            case TANH_BACKWARD -> p.round(g * p.round(1 - p.round(y * y)));
            case SIGMOID_BACKWARD -> p.round(g * p.round(y * p.round(1 - y)));
        };
    }

    private static double[] run(Kernel k, Precision p, boolean vector, double[] g, int go, double[] y, int yo,
                                double[] out, int oo, int n) {
        return withVector(vector, () -> {
            if (p == Precision.F32) {
                float[] fg = toFloat(g), fy = toFloat(y), fo = toFloat(out);
                float s = (float) SLOPE;
                switch (k) {
                    case LEAKY_RELU -> ElementwiseF32.leakyRelu(s, fy, yo, fo, oo, n);
                    case RELU_BACKWARD -> ElementwiseF32.reluBackward(fg, go, fy, yo, fo, oo, n);
                    case LEAKY_RELU_BACKWARD -> ElementwiseF32.leakyReluBackward(s, fg, go, fy, yo, fo, oo, n);
                    case TANH_BACKWARD -> ElementwiseF32.tanhBackward(fg, go, fy, yo, fo, oo, n);
                    case SIGMOID_BACKWARD -> ElementwiseF32.sigmoidBackward(fg, go, fy, yo, fo, oo, n);
                }
                return toDouble(fo);
            }
            double[] o = out.clone();
            switch (k) {
                case LEAKY_RELU -> ElementwiseF64.leakyRelu(SLOPE, y, yo, o, oo, n);
                case RELU_BACKWARD -> ElementwiseF64.reluBackward(g, go, y, yo, o, oo, n);
                case LEAKY_RELU_BACKWARD -> ElementwiseF64.leakyReluBackward(SLOPE, g, go, y, yo, o, oo, n);
                case TANH_BACKWARD -> ElementwiseF64.tanhBackward(g, go, y, yo, o, oo, n);
                case SIGMOID_BACKWARD -> ElementwiseF64.sigmoidBackward(g, go, y, yo, o, oo, n);
            }
            return o;
        });
    }

    private static double[] data(SplittableRandom rnd, Precision p, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(6) == 0 ? SPECIALS[rnd.nextInt(SPECIALS.length)] : p.round(rnd.nextDouble(-4, 4));
        }
        return v;
    }

    static Stream<Arguments> cases() {
        List<Arguments> args = new ArrayList<>();
        for (Kernel k : Kernel.values()) {
            for (Precision p : Precision.values()) {
                args.add(Arguments.of(k, p));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesTheOracleInBothModes(Kernel k, Precision p) {
        SplittableRandom rnd = new SplittableRandom(2000 + 7L * k.ordinal() + p.ordinal());
        int go = 1, yo = 2, oo = 3;
        for (int n = 0; n <= MAX_N; n++) {
            double[] g = data(rnd, p, go + n + 1), y = data(rnd, p, yo + n + 1);
            double[] out = new double[oo + n + 2];
            java.util.Arrays.fill(out, SENTINEL);
            double[] simd = run(k, p, true, g, go, y, yo, out, oo, n);
            double[] scalar = run(k, p, false, g, go, y, yo, out, oo, n);
            for (int i = 0; i < out.length; i++) {
                String at = k + " " + p + " n=" + n + " i=" + i;
                if (i < oo || i >= oo + n) {
                    assertEquals(SENTINEL, simd[i], at + ": written outside the range (SIMD)");
                    assertEquals(SENTINEL, scalar[i], at + ": written outside the range (scalar)");
                    continue;
                }
                double gi = g[go + i - oo], yi = y[yo + i - oo];
                double expected = oracle(k, p, gi, yi);
                String args = " (g=" + gi + ", y=" + yi + ")";
                assertSame(expected, scalar[i], () -> at + args + " scalar");
                assertSame(expected, simd[i], () -> at + args + " SIMD");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void leakyReluRunsInPlace(Precision p) {
        Kernel k = Kernel.LEAKY_RELU;
        double[] x = data(new SplittableRandom(77), p, 50);
        for (boolean vector : new boolean[] {true, false}) {
            double[] inPlace = withVector(vector, () -> {
                if (p == Precision.F32) {
                    float[] f = toFloat(x);
                    ElementwiseF32.leakyRelu((float) SLOPE, f, 0, f, 0, f.length);
                    return toDouble(f);
                }
                double[] d = x.clone();
                ElementwiseF64.leakyRelu(SLOPE, d, 0, d, 0, d.length);
                return d;
            });
            for (int i = 0; i < x.length; i++) {
                int ii = i;
                assertSame(oracle(k, p, 0, x[i]), inPlace[i], () -> p + " in place, vector=" + vector + " i=" + ii);
            }
        }
    }
}
