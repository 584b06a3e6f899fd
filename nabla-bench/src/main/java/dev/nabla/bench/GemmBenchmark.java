package dev.nabla.bench;

import dev.nabla.kernel.GemmF32;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link GemmF32#gemm} on the products of {@link GemmProblem}: products per second, and GFLOP/s as the
 * secondary result {@code gemm:gflop}. Operands are random in [-1, 1), laid out as the MLP stores them.
 *
 * <p>{@code -p kernel=openblas} times the system's OpenBLAS {@code cblas_sgemm} on the same operands
 * instead (through the FFM API, see {@link OpenBlas}), with {@code threads} as its thread count.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GemmBenchmark {

    @Param
    public GemmProblem problem;

    /** vector, scalar, or openblas. */
    @Param("vector")
    public String kernel;

    @Param("0")
    public int threads;

    float[] a;
    float[] b;
    float[] c;
    boolean openblas;

    @Setup(Level.Trial)
    public void setup() {
        openblas = kernel.equals("openblas");
        if (openblas && !OpenBlas.available()) {
            throw new IllegalStateException("kernel=openblas: libopenblas.so.0 not found (apt-get install libopenblas0)");
        }
        KernelSettings.apply(openblas ? "vector" : kernel, threads);
        if (openblas) {
            OpenBlas.setThreads(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
        }
        Generator g = new Generator(42);
        a = Tensor.uniform(g, DType.FLOAT32, -1, 1, problem.m * problem.k).f32();
        b = Tensor.uniform(g, DType.FLOAT32, -1, 1, problem.k * problem.n).f32();
        c = new float[problem.m * problem.n];
    }

    @Benchmark
    public float[] gemm(GflopCounter counter) {
        GemmProblem p = problem;
        if (openblas) {
            OpenBlas.sgemm(p.transA, p.transB, p.m, p.n, p.k, a, p.lda(), b, p.ldb(), 0f, c, p.n);
        } else {
            GemmF32.gemm(p.transA, p.transB, p.m, p.n, p.k, a, 0, p.lda(), b, 0, p.ldb(), 0f, c, 0, p.n);
        }
        counter.gflop += p.flops() * 1e-9;
        return c;
    }
}
