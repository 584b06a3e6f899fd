package dev.nabla.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.nn.Parameter;
import org.junit.jupiter.api.Test;

/** The benchmarks compute what they claim: right operand layouts, a sane loss, every gradient filled. */
class BenchmarkSetupTest {

    @Test
    void everyGemmProblemMatchesANaiveProductOfItsStoredOperands() {
        everyProblemMatchesANaiveProduct("vector");
    }

    /** The OpenBLAS yardstick is called with the right arguments (skipped where it is not installed). */
    @Test
    void openBlasComputesTheSameProducts() {
        assumeTrue(OpenBlas.available(), "libopenblas.so.0 not installed");
        everyProblemMatchesANaiveProduct("openblas");
    }

    private static void everyProblemMatchesANaiveProduct(String kernel) {
        for (GemmProblem p : GemmProblem.values()) {
            GemmBenchmark bench = new GemmBenchmark();
            bench.problem = p;
            bench.kernel = kernel;
            bench.threads = 0;
            bench.setup();
            GflopCounter counter = new GflopCounter();
            float[] c = bench.gemm(counter);
            assertEquals(p.flops() * 1e-9, counter.gflop, 1e-12);
            for (int[] ij : new int[][] {{0, 0}, {p.m - 1, p.n - 1}, {p.m / 2, p.n / 3}}) {
                double expected = naive(p, bench.a, bench.b, ij[0], ij[1]);
                assertEquals(expected, c[ij[0] * p.n + ij[1]], 1e-4 * Math.sqrt(p.k), p + " " + kernel + " at " + ij[0] + "," + ij[1]);
            }
        }
    }

    private static double naive(GemmProblem p, float[] a, float[] b, int i, int j) {
        double acc = 0;
        for (int q = 0; q < p.k; q++) {
            float av = p.transA ? a[q * p.lda() + i] : a[i * p.lda() + q];
            float bv = p.transB ? b[j * p.ldb() + q] : b[q * p.ldb() + j];
            acc += (double) av * bv;
        }
        return acc;
    }

    @Test
    void fc1ForwardCountsTwoFlopsPerMultiplyAdd() {
        assertEquals(2.0 * 128 * 256 * 784, GemmProblem.FC1_FORWARD.flops());
    }

    @Test
    void aTrainingStepStartsNearLn10FillsEveryGradientAndLearnsTheBatch() {
        TrainingStepBenchmark bench = new TrainingStepBenchmark();
        bench.batch = 128;
        bench.kernel = "vector";
        bench.threads = 0;
        bench.setup();
        double first = bench.step();
        // Glorot-initialised logits on pixels in [0, 1) are a few tenths: the loss starts a little above ln 10
        assertTrue(Math.abs(first - Math.log(10)) < 0.5, "initial loss " + first + " should be near ln 10");
        for (Parameter p : bench.model.parameters()) {
            assertNotNull(p.grad(), "no gradient for " + p);
            assertArrayEquals(p.shape().dims(), p.grad().shape().dims());
        }
        double later = first;
        for (int i = 0; i < 20; i++) {
            later = bench.step();
        }
        assertTrue(later < first - 0.5, "20 Adam steps on one batch should cut its loss: " + first + " -> " + later);
    }
}
