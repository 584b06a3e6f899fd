package dev.nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.kernel.FusedActivation;
import dev.nabla.kernel.KernelMode;
import dev.nabla.kernel.Parallel;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused dense op, {@code act(x·Wᵀ + b)} in one node, against its composite (Linear without
 * activation, then the activation's own ops): values and the gradients of x, W and b, in float32
 * (to 1e-6) and float64 (to 1e-12), SIMD and scalar kernels, with and without bias and batch axes.
 */
class LinearTest {
    private static final double SLOPE = 0.01;

    /** The activation as the composite applies it (the same formulas as nn.Activation's records). */
    private static UnaryOperator<Tensor> composite(FusedActivation act) {
        return switch (act) {
            case IDENTITY -> t -> t;
            case RELU -> Tensor::relu;
            case LEAKY_RELU -> t -> t.relu().sub(t.neg().relu().mul(SLOPE));
            case TANH -> Tensor::tanh;
            case SIGMOID -> Tensor::sigmoid;
        };
    }

    static Stream<Arguments> cases() {
        List<Arguments> args = new ArrayList<>();
        for (FusedActivation act : FusedActivation.values()) {
            for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                for (boolean vector : new boolean[] {true, false}) {
                    args.add(Arguments.of(act, dtype, vector, true, new int[] {37, 23}, 19));
                    args.add(Arguments.of(act, dtype, vector, false, new int[] {2, 5, 23}, 33));
                }
            }
        }
        return args.stream();
    }

    /** Values and gradients of x, W, b: the fused op's, then the composite's. */
    private static List<Tensor> run(boolean fused, FusedActivation act, DType dtype, boolean bias, int[] xDims, int out) {
        Generator g = new Generator(11 + out);
        int in = xDims[xDims.length - 1];
        Tensor x = Tensor.uniform(g, dtype, -2, 2, xDims).requiresGrad(true);
        Tensor w = Tensor.uniform(g, dtype, -1, 1, out, in).requiresGrad(true);
        Tensor b = bias ? Tensor.uniform(g, dtype, -1, 1, out).requiresGrad(true) : null;
        Tensor y = fused ? Linear.apply(x, w, b, act, SLOPE) : composite(act).apply(Linear.apply(x, w, b));
        int[] yDims = y.shape().dims();
        Tensor weights = Tensor.uniform(g, dtype, -1, 1, yDims);
        y.mul(weights).sum().backward();
        List<Tensor> r = new ArrayList<>(List.of(y.detach(), x.grad(), w.grad()));
        if (bias) {
            r.add(b.grad());
        }
        return r;
    }

    @ParameterizedTest(name = "{0} {1} vector={2} bias={3}")
    @MethodSource("cases")
    void fusedEqualsComposite(FusedActivation act, DType dtype, boolean vector, boolean bias, int[] xDims, int out) {
        boolean previous = KernelMode.setVector(vector);
        try {
            List<Tensor> fused = run(true, act, dtype, bias, xDims, out);
            List<Tensor> reference = run(false, act, dtype, bias, xDims, out);
            double tol = dtype == DType.FLOAT32 ? 1e-6 : 1e-12;
            String[] names = {"value", "dx", "dW", "db"};
            for (int i = 0; i < fused.size(); i++) {
                Tensor f = fused.get(i), c = reference.get(i);
                assertEquals(c.shape(), f.shape(), names[i]);
                assertTrue(f.allClose(c, tol, tol), act + " " + dtype + ": " + names[i] + " differs from the composite");
            }
        } finally {
            KernelMode.setVector(previous);
        }
    }

    @Test
    void theGraphHasOneNodeForProductBiasAndActivation() {
        Tensor x = Tensor.ones(2, 3);
        Tensor w = Tensor.ones(4, 3).requiresGrad(true);
        Tensor b = Tensor.zeros(4).requiresGrad(true);
        Tensor y = Linear.apply(x, w, b, FusedActivation.RELU, 0);
        assertEquals("linear+relu", y.gradFn().name());
        assertEquals(3, y.gradFn().inputs().size());
        assertEquals("linear", Linear.apply(x, w, null).gradFn().name());
    }

    @Test
    void leakyReluUsesItsSlopeAndPassesNaN() {
        Tensor x = Tensor.of(new float[] {1, -2, Float.NaN}, 3, 1);
        Tensor y = Linear.apply(x, Tensor.ones(1, 1), Tensor.zeros(1), FusedActivation.LEAKY_RELU, 0.5);
        assertArrayEquals(new double[] {1, -1, Double.NaN}, y.toDoubleArray());
    }

    @Test
    void changingTheSavedOutputInPlaceMakesBackwardRefuse() {
        Tensor w = Tensor.ones(DType.FLOAT64, 2, 2).requiresGrad(true);
        Tensor y = Linear.apply(Tensor.ones(DType.FLOAT64, 1, 2), w, null, FusedActivation.TANH, 0);
        try (NoGrad ignored = NoGrad.enter()) {
            y.fill(0);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("modified in place"), e.getMessage());
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        List<Tensor> one = withThreads(1), two = withThreads(2);
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i).toFloatArray(), two.get(i).toFloatArray(), "output " + i);
        }
    }

    private static List<Tensor> withThreads(int n) {
        int previous = Parallel.setThreads(n);
        try {
            return run(true, FusedActivation.RELU, DType.FLOAT32, true, new int[] {600, 200}, 150);
        } finally {
            Parallel.setThreads(previous);
        }
    }
}
