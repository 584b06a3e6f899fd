package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.kernel.GemmF32;
import dev.nabla.kernel.GemmF64;
import dev.nabla.kernel.Parallel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A dense layer's product taken as yᵀ = w·xᵀ + b ({@link CpuMatMul#transposedPays}) gives the bits of
 * y = x·wᵀ + b as the GEMM computes it directly, in float32 and float64, on one thread and two, for
 * shapes across the kernel's tiles and k-blocks.
 */
class CpuMatMulTest {

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @CsvSource({"32, 256, 784", "16, 256, 600", "16, 500, 300", "32, 1024, 400", "32, 257, 1001"})
    void theTransposedProductGivesTheDirectProductsBits(int m, int n, int k) {
        assertTrue(CpuMatMul.transposedPays(m, n, k), "the shape takes the transposed product");
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Generator g = new Generator(m * 31L + n);
            Tensor x = Tensor.uniform(g, dtype, -1, 1, m, k);
            Tensor w = Tensor.uniform(g, dtype, -1, 1, n, k);
            Tensor b = Tensor.uniform(g, dtype, -1, 1, n);
            for (int threads : new int[] {1, 2}) {
                int previous = Parallel.setThreads(threads);
                try {
                    Tensor out = Tensor.zeros(dtype, m, n);
                    CpuMatMul.linear(x, w, b, false, out);
                    Tensor direct = Tensor.zeros(dtype, m, n);
                    if (dtype == DType.FLOAT32) {
                        GemmF32.gemmBias(false, true, m, n, k, x.f32(), 0, k, w.f32(), 0, k, b.f32(), 0, direct.f32(), 0, n);
                    } else {
                        GemmF64.gemmBias(false, true, m, n, k, x.f64(), 0, k, w.f64(), 0, k, b.f64(), 0, direct.f64(), 0, n);
                    }
                    double[] got = out.toDoubleArray(), want = direct.toDoubleArray();
                    for (int i = 0; i < got.length; i++) {
                        int fi = i;
                        assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
                                () -> dtype + ", " + threads + " thread(s): y[" + fi / n + "][" + fi % n + "] " + got[fi]
                                        + " against " + want[fi]);
                    }
                } finally {
                    Parallel.setThreads(previous);
                }
            }
        }
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @CsvSource({"128, 256, 784", "64, 256, 784", "48, 256, 784", "24, 256, 784", "32, 128, 256", "8, 256, 784", "1, 256, 784",
        "128, 1024, 1024"})
    void theDirectProductStaysWhereTheTransposedOneWouldCostMore(int m, int n, int k) {
        assertFalse(CpuMatMul.transposedPays(m, n, k));
    }
}
