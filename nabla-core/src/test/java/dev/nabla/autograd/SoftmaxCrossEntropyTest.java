package dev.nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.kernel.Parallel;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused softmax cross-entropy against its composite, {@code -gather(logSoftmax(z), y)} then mean
 * or sum: values and gradients in float32 and float64, ordinary and huge (±1000) logits.
 */
class SoftmaxCrossEntropyTest {

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (boolean mean : new boolean[] {true, false}) {
                b.add(Arguments.of(dtype, mean, 3.0));
                b.add(Arguments.of(dtype, mean, 1000.0));
            }
        }
        return b.build();
    }

    /** Loss and gradient of the logits: the fused op's or the composite's, in {@code dtype}. */
    private static Tensor[] run(boolean fused, DType dtype, boolean mean, double scale) {
        Generator g = new Generator(5);
        int n = 37, c = 11;
        // drawn in float32, so the float64 runs see the same logits
        Tensor z = Tensor.uniform(g, DType.FLOAT32, -scale, scale, n, c).to(dtype).requiresGrad(true);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = g.nextInt(c);
        }
        Tensor labels = Tensor.of(y, n);
        Tensor loss;
        if (fused) {
            loss = SoftmaxCrossEntropy.apply(z, labels, mean);
        } else {
            Tensor picked = z.logSoftmax(1).gather(1, labels.reshape(n, 1)).neg();
            loss = mean ? picked.mean() : picked.sum();
        }
        loss.mul(1.5).backward();
        return new Tensor[] {loss.detach(), z.grad()};
    }

    @ParameterizedTest(name = "{0} mean={1} logits ±{2}")
    @MethodSource("cases")
    void fusedEqualsComposite(DType dtype, boolean mean, double scale) {
        Tensor[] fused = run(true, dtype, mean, scale), composite = run(false, dtype, mean, scale);
        assertEquals(dtype, fused[0].dtype());
        assertTrue(Double.isFinite(fused[0].item()));
        // the composite rounds every step in its dtype: at |z| = 1000 a float32 ulp is 6e-5
        double tol = dtype == DType.FLOAT32 ? 1e-6 * scale : 1e-12;
        assertEquals(composite[0].item(), fused[0].item(), tol * Math.max(1, Math.abs(composite[0].item())), "loss");
        assertTrue(fused[1].allClose(composite[1], tol, tol), "gradient differs from the composite");
        if (dtype == DType.FLOAT32) {
            // the fused op works in float64 and rounds once: float32 results within 1e-6 of the float64 ones
            Tensor[] exact = run(true, DType.FLOAT64, mean, scale), reference = run(false, DType.FLOAT64, mean, scale);
            assertEquals(reference[0].item(), exact[0].item(), 1e-12 * Math.max(1, Math.abs(reference[0].item())));
            assertEquals(exact[0].item(), fused[0].item(), 1e-6 * Math.abs(exact[0].item()), "float32 loss");
            assertTrue(fused[1].allClose(exact[1].to(DType.FLOAT32), 1e-6, 1e-6), "float32 gradient");
        }
    }

    @Test
    void hugeLogitsGiveExactValuesAndGradients() {
        Tensor z = Tensor.of(new double[][] {{1000, -1000, 0}, {-1000, 1000, 999}}).requiresGrad(true);
        Tensor loss = SoftmaxCrossEntropy.apply(z, Tensor.of(new int[] {0, 2}, 2), false);
        assertEquals(1 + Math.log1p(Math.exp(-1)), loss.item(), 1e-12);
        loss.backward();
        double p = 1 / (1 + Math.exp(-1));
        double[] expected = {0, 0, 0, 0, p, -p};
        double[] actual = z.grad().toDoubleArray();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12, "element " + i);
        }
    }

    @Test
    void badInputsAreRefusedByName() {
        Tensor z = Tensor.zeros(2, 3);
        String m = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxCrossEntropy.apply(z, Tensor.of(new int[] {0, 3}, 2), true)).getMessage();
        assertTrue(m.contains("softmaxCrossEntropy") && m.contains("label 3"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxCrossEntropy.apply(z, Tensor.of(new int[] {0, 1, 2}, 3), true)).getMessage();
        assertTrue(m.contains("[2]") && m.contains("[3]"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxCrossEntropy.apply(Tensor.zeros(2, 3, 1), Tensor.of(new int[] {0, 1}, 2), true)).getMessage();
        assertTrue(m.contains("[2, 3, 1]"), m);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Tensor[] one = withThreads(1), two = withThreads(2);
        assertEquals(one[0].item(), two[0].item());
        assertTrue(java.util.Arrays.equals(one[1].toFloatArray(), two[1].toFloatArray()));
    }

    private static Tensor[] withThreads(int threads) {
        int previous = Parallel.setThreads(threads);
        try {
            Generator g = new Generator(3);
            Tensor z = Tensor.uniform(g, DType.FLOAT32, -5, 5, 4000, 100).requiresGrad(true);
            int[] y = new int[4000];
            for (int i = 0; i < y.length; i++) {
                y[i] = g.nextInt(100);
            }
            Tensor loss = SoftmaxCrossEntropy.apply(z, Tensor.of(y, y.length), true);
            loss.backward();
            return new Tensor[] {loss.detach(), z.grad()};
        } finally {
            Parallel.setThreads(previous);
        }
    }
}
