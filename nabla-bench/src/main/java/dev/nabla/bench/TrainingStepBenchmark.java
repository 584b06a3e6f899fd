package dev.nabla.bench;

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
 * One forward and backward pass of the Fashion-MNIST MLP ({@link Mlp}) through the tensor API and the
 * tape: what a training step costs before the optimizer. Steps per second; the products alone are
 * {@link GemmBenchmark}'s FC* problems, so the difference is the cost of everything else.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrainingStepBenchmark {

    @Param("128")
    public int batch;

    @Param("vector")
    public String kernel;

    @Param("0")
    public int threads;

    Mlp model;
    Tensor x;
    Tensor labels;

    @Setup(Level.Trial)
    public void setup() {
        KernelSettings.apply(kernel, threads);
        Generator g = new Generator(42);
        model = new Mlp(g);
        x = Mlp.images(g, batch);
        labels = Mlp.labels(g, batch);
    }

    @Benchmark
    public Tensor step() {
        model.zeroGrad();
        Tensor loss = model.loss(x, labels);
        loss.backward();
        return loss;
    }
}
