package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.toDouble;
import static dev.nabla.kernel.KernelTestSupport.toFloat;
import static dev.nabla.kernel.KernelTestSupport.uniform;
import static dev.nabla.kernel.KernelTestSupport.withVector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.kernel.KernelTestSupport.Precision;
import dev.nabla.nn.Parameter;
import dev.nabla.optim.AdaGrad;
import dev.nabla.optim.Adam;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.RMSprop;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OptimF32 and OptimF64: every kernel's SIMD path gives its scalar twin's bits (-0 and +0 told apart),
 * over several steps so that state carried between calls and per-step scalars are covered, at sizes on
 * both sides of the vector width. The sum of squares is also checked against a plain double sum, and
 * whole optimizers across both modes on parameters large enough to reach the SIMD loops.
 */
class OptimKernelTest {
    private static final int[] SIZES = {1, 15, 16, 17, 1000, 1023};
    private static final int STEPS = 3;
    private static final double LR = 0.01, BETA1 = 0.9, BETA2 = 0.999, ALPHA = 0.9, MU = 0.9, EPS = 1e-8;
    private static final double CLIP = 0.5, SCALE = 0.7, WD = 0.01;

    /** A kernel and the kinds of its state buffers, which follow θ and g in the arrays it is given. */
    enum Kernel {
        ADAM("m v"), AMSGRAD("m v v"), SGD(""), MOMENTUM("m"), DAMPENED("m"), NESTEROV("m"), RMSPROP("v"),
        RMSPROP_MOMENTUM("v m"), CENTERED("v a"), CENTERED_MOMENTUM("v a m"), ADAGRAD("v"), SCALE(""),
        CLIP_SCALE_DECAY("m");

        /** m: any sign; v: a second moment (positive); a: a running mean of g, small enough that v − a² ≥ 0. */
        final String[] buffers;

        Kernel(String buffers) {
            this.buffers = buffers.isEmpty() ? new String[0] : buffers.split(" ");
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Kernel k : Kernel.values()) {
            for (Precision p : Precision.values()) {
                for (int n : SIZES) {
                    out.add(Arguments.of(k, p, n));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} n={2}")
    @MethodSource("cases")
    void simdPathGivesTheScalarTwinsBits(Kernel k, Precision p, int n) {
        SplittableRandom rnd = new SplittableRandom(31L * n + k.ordinal());
        double[][] start = new double[2 + k.buffers.length][];
        start[0] = uniform(rnd, p, n, -1, 1);
        for (int j = 0; j < k.buffers.length; j++) {
            start[2 + j] = switch (k.buffers[j]) {
                case "v" -> uniform(rnd, p, n, 0.1, 1);
                case "a" -> uniform(rnd, p, n, -0.3, 0.3);
                default -> uniform(rnd, p, n, -1, 1);
            };
        }
        double[][] grads = new double[STEPS][];
        for (int s = 0; s < STEPS; s++) {
            grads[s] = uniform(rnd, p, n, -2, 2);
        }
        double[][] scalar = withVector(false, () -> run(k, p, start, grads));
        double[][] vector = withVector(true, () -> run(k, p, start, grads));
        for (int j = 0; j < scalar.length; j++) {
            assertArrayEquals(scalar[j], vector[j], k + " " + p + " n=" + n + ": array " + j + " differs between modes");
            assertTrue(Arrays.stream(vector[j]).allMatch(Double::isFinite), k + " array " + j + " is not finite");
        }
        assertFalse(Arrays.equals(start[0], vector[0]), k + " left θ as it was");
    }

    /** {θ, last g, buffers...} after STEPS calls from {@code start}, converted exactly to double. */
    private static double[][] run(Kernel k, Precision p, double[][] start, double[][] grads) {
        double[][] out = new double[start.length][];
        if (p == Precision.F32) {
            float[][] a = new float[start.length][];
            for (int j = 0; j < start.length; j++) {
                a[j] = j == 1 ? null : toFloat(start[j]);
            }
            for (int t = 1; t <= STEPS; t++) {
                a[1] = toFloat(grads[t - 1]);
                stepF32(k, a, t);
            }
            Arrays.setAll(out, j -> toDouble(a[j]));
        } else {
            double[][] a = new double[start.length][];
            for (int j = 0; j < start.length; j++) {
                a[j] = j == 1 ? null : start[j].clone();
            }
            for (int t = 1; t <= STEPS; t++) {
                a[1] = grads[t - 1].clone();
                stepF64(k, a, t);
            }
            Arrays.setAll(out, j -> a[j]);
        }
        return out;
    }

    private static double stepSize(int t) {
        return LR / (1 - Math.pow(BETA1, t));
    }

    /** [0, n) as two ranges split at 7 (not a vector boundary), or one range when n is smaller. */
    private static int[][] ranges(int n) {
        return n > 7 ? new int[][] {{0, 7}, {7, n}} : new int[][] {{0, n}};
    }

    private static double bc2Sqrt(int t) {
        return Math.sqrt(1 - Math.pow(BETA2, t));
    }

    /** The scalars of each kernel's step t, as the optimizers compute them. */
    private static OptimStep.Adam adam(int t) {
        return new OptimStep.Adam(BETA1, BETA2, EPS, stepSize(t), bc2Sqrt(t));
    }

    private static OptimStep.Momentum momentum(double dampening, boolean nesterov) {
        return new OptimStep.Momentum(LR, MU, dampening, nesterov);
    }

    private static OptimStep.Rmsprop rmsprop(double mu) {
        return new OptimStep.Rmsprop(LR, ALPHA, EPS, mu);
    }

    private static OptimStep.Adagrad adagrad(int t) {
        return new OptimStep.Adagrad(LR / (1 + (t - 1) * 0.05), 1e-10);
    }

    private static void stepF32(Kernel k, float[][] a, int t) {
        float[] th = a[0], g = a[1];
        float lr = (float) LR;
        switch (k) {
            // every update in two ranges split off a vector boundary, as Parallel.forRange may split it
            case ADAM, AMSGRAD -> {
                for (int[] r : ranges(th.length)) {
                    OptimF32.adam(adam(t), th, g, a[2], a[3], k == Kernel.AMSGRAD ? a[4] : null, r[0], r[1]);
                }
            }
            case SGD, MOMENTUM, DAMPENED, NESTEROV, RMSPROP, RMSPROP_MOMENTUM, CENTERED, CENTERED_MOMENTUM, ADAGRAD -> {
                for (int[] r : ranges(th.length)) {
                    int from = r[0], to = r[1];
                    switch (k) {
                        case SGD -> OptimF32.sgd(th, g, lr, from, to);
                        case MOMENTUM -> OptimF32.sgdMomentum(momentum(0, false), th, g, a[2], from, to);
                        case DAMPENED -> OptimF32.sgdMomentum(momentum(0.3, false), th, g, a[2], from, to);
                        case NESTEROV -> OptimF32.sgdMomentum(momentum(0, true), th, g, a[2], from, to);
                        case RMSPROP -> OptimF32.rmsprop(rmsprop(0), th, g, a[2], null, null, from, to);
                        case RMSPROP_MOMENTUM -> OptimF32.rmsprop(rmsprop(MU), th, g, a[2], null, a[3], from, to);
                        case CENTERED -> OptimF32.rmsprop(rmsprop(0), th, g, a[2], a[3], null, from, to);
                        case CENTERED_MOMENTUM -> OptimF32.rmsprop(rmsprop(MU), th, g, a[2], a[3], a[4], from, to);
                        default -> OptimF32.adagrad(adagrad(t), th, g, a[2], from, to);
                    }
                }
            }
            case SCALE -> OptimF32.scale(th, (float) (1 - LR * WD));
            // The output feeds the next step's θ, so that θ changes and the steps differ.
            case CLIP_SCALE_DECAY -> {
                OptimF32.clipScaleDecay(g, th, (float) CLIP, (float) SCALE, (float) WD, a[2]);
                OptimF32.sgd(th, a[2], lr);
            }
        }
    }

    private static void stepF64(Kernel k, double[][] a, int t) {
        double[] th = a[0], g = a[1];
        switch (k) {
            case ADAM, AMSGRAD -> {
                for (int[] r : ranges(th.length)) {
                    OptimF64.adam(adam(t), th, g, a[2], a[3], k == Kernel.AMSGRAD ? a[4] : null, r[0], r[1]);
                }
            }
            case SGD, MOMENTUM, DAMPENED, NESTEROV, RMSPROP, RMSPROP_MOMENTUM, CENTERED, CENTERED_MOMENTUM, ADAGRAD -> {
                for (int[] r : ranges(th.length)) {
                    int from = r[0], to = r[1];
                    switch (k) {
                        case SGD -> OptimF64.sgd(th, g, LR, from, to);
                        case MOMENTUM -> OptimF64.sgdMomentum(momentum(0, false), th, g, a[2], from, to);
                        case DAMPENED -> OptimF64.sgdMomentum(momentum(0.3, false), th, g, a[2], from, to);
                        case NESTEROV -> OptimF64.sgdMomentum(momentum(0, true), th, g, a[2], from, to);
                        case RMSPROP -> OptimF64.rmsprop(rmsprop(0), th, g, a[2], null, null, from, to);
                        case RMSPROP_MOMENTUM -> OptimF64.rmsprop(rmsprop(MU), th, g, a[2], null, a[3], from, to);
                        case CENTERED -> OptimF64.rmsprop(rmsprop(0), th, g, a[2], a[3], null, from, to);
                        case CENTERED_MOMENTUM -> OptimF64.rmsprop(rmsprop(MU), th, g, a[2], a[3], a[4], from, to);
                        default -> OptimF64.adagrad(adagrad(t), th, g, a[2], from, to);
                    }
                }
            }
            case SCALE -> OptimF64.scale(th, 1 - LR * WD);
            case CLIP_SCALE_DECAY -> {
                OptimF64.clipScaleDecay(g, th, CLIP, SCALE, WD, a[2]);
                OptimF64.sgd(th, a[2], LR);
            }
        }
    }

    // ---------------------------------------------------------------- sum of squares and clipping

    static Stream<Arguments> sumCases() {
        List<Arguments> out = new ArrayList<>();
        for (Precision p : Precision.values()) {
            // 4096 is one chunk of partial sums; 9000 spans three.
            for (int n : IntStream.concat(Arrays.stream(SIZES), IntStream.of(0, 4096, 4097, 9000)).toArray()) {
                out.add(Arguments.of(p, n, CLIP));
                out.add(Arguments.of(p, n, Double.POSITIVE_INFINITY));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} n={1} clip={2}")
    @MethodSource("sumCases")
    void sumOfSquaresIsTheSameBitsInBothModesAndCloseToADoubleSum(Precision p, int n, double clip) {
        double[] g = uniform(new SplittableRandom(n), p, n, -2, 2);
        Function<double[], Double> sum = x -> p == Precision.F32
                ? OptimF32.sumSquares(toFloat(x), (float) clip) : OptimF64.sumSquares(x, clip);
        double scalar = withVector(false, () -> sum.apply(g)), vector = withVector(true, () -> sum.apply(g));
        assertEquals(Double.doubleToRawLongBits(scalar), Double.doubleToRawLongBits(vector),
                p + " n=" + n + ": " + scalar + " in scalar mode, " + vector + " in vector mode");
        double expected = 0;
        for (double v : g) {
            double c = Math.min(Math.max(v, -clip), clip);
            expected += c * c;
        }
        assertEquals(expected, vector, p.sumTolerance * Math.max(expected, 1), p + " n=" + n);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void clippingKeepsNaNAndClampsInfinitiesInBothModes(Precision p) {
        int n = 40;
        double[] g = uniform(new SplittableRandom(7), p, n, -1, 1), theta = uniform(new SplittableRandom(8), p, n, -1, 1);
        for (int i : new int[] {0, 17, 33}) {
            g[i] = Double.NaN;
            g[i + 1] = Double.POSITIVE_INFINITY;
            g[i + 2] = Double.NEGATIVE_INFINITY;
        }
        for (boolean vector : new boolean[] {false, true}) {
            double[] out = withVector(vector, () -> clipScaleDecay(p, g, theta));
            for (int i = 0; i < n; i++) {
                double clamped = Double.isNaN(g[i]) ? g[i] : Math.min(Math.max(g[i], -CLIP), CLIP);
                double expected = p.round(p.round(p.round(clamped * p.round(SCALE))
                        + p.round(p.round(WD) * theta[i])));
                assertEquals(expected, out[i], "vector=" + vector + " " + p + " element " + i + " of g = " + g[i]);
            }
        }
    }

    private static double[] clipScaleDecay(Precision p, double[] g, double[] theta) {
        if (p == Precision.F32) {
            float[] out = new float[g.length];
            OptimF32.clipScaleDecay(toFloat(g), toFloat(theta), (float) CLIP, (float) SCALE, (float) WD, out);
            return toDouble(out);
        }
        double[] out = new double[g.length];
        OptimF64.clipScaleDecay(g, theta, CLIP, SCALE, WD, out);
        return out;
    }

    // ---------------------------------------------------------------- whole optimizers

    static Stream<Arguments> optimizers() {
        List<Function<List<Parameter>, Optimizer>> makers = List.of(
                ps -> new Adam(ps, Adam.Config.DEFAULT.withLr(0.01).withAmsgrad(true).withWeightDecay(0.1))
                        .setClipNorm(1).setClipValue(0.05),
                ps -> new AdamW(ps, 0.01),
                ps -> new SGD(ps, SGD.Config.DEFAULT.withNesterov(0.9).withWeightDecay(0.01)).setClipNorm(0.5),
                ps -> new SGD(ps, 0.1).setClipValue(0.1),
                ps -> new RMSprop(ps, RMSprop.Config.DEFAULT.withCentered(true).withMomentum(0.5)),
                ps -> new RMSprop(ps, 0.01),
                ps -> new AdaGrad(ps, AdaGrad.Config.DEFAULT.withLrDecay(0.1)));
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < makers.size(); i++) {
            for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                out.add(Arguments.of(i, d, makers.get(i)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "optimizer {0} {1}")
    @MethodSource("optimizers")
    void optimizersGiveTheSameBitsInBothModes(int index, DType dtype, Function<List<Parameter>, Optimizer> make) {
        Map<String, Tensor> scalar = withVector(false, () -> train(make, dtype));
        Map<String, Tensor> vector = withVector(true, () -> train(make, dtype));
        assertEquals(scalar.keySet(), vector.keySet());
        for (String key : scalar.keySet()) {
            assertArrayEquals(scalar.get(key).toDoubleArray(), vector.get(key).toDoubleArray(), key + " differs between modes");
        }
        Tensor w = vector.get("w");
        assertFalse(Arrays.equals(w.toDoubleArray(), initial(dtype, 1023, 1).toDoubleArray()), "the update moved nothing");
    }

    /** Three steps on a [1023] and a [17] parameter with fixed gradients; the state dict plus "w" and "b". */
    private static Map<String, Tensor> train(Function<List<Parameter>, Optimizer> make, DType dtype) {
        Parameter w = new Parameter(initial(dtype, 1023, 1)), b = new Parameter(initial(dtype, 17, 2));
        Optimizer opt = make.apply(List.of(w, b));
        for (int s = 0; s < STEPS; s++) {
            w.value().setGrad(initial(dtype, 1023, 10 + s));
            b.value().setGrad(initial(dtype, 17, 20 + s));
            opt.step();
        }
        Map<String, Tensor> out = new LinkedHashMap<>(opt.stateDict());
        out.put("w", w.value().copy());
        out.put("b", b.value().copy());
        return out;
    }

    private static Tensor initial(DType dtype, int n, long seed) {
        return Tensor.of(dtype, uniform(new SplittableRandom(seed), Precision.F64, n, -1, 1), n);
    }
}
