package dev.nabla.bench;

import static dev.nabla.nn.Activation.relu;

import dev.nabla.loss.CrossEntropy;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.StepArena;
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
 * One training step of the Fashion-MNIST MLP as {@code nabla bench} trains it (Dense 784-256-128-10,
 * ReLU, cross-entropy, Adam lr 1e-3) on one fixed batch: zeroGrad, forward, loss and backward in a
 * {@link StepArena} scope (as {@code Trainer.fit} runs them), update. Steps per second; without the data
 * loader's gather and the trainer's guards, which {@code nabla bench} includes. The products alone are {@link GemmBenchmark}'s FC* problems, so the difference is the cost
 * of everything else.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrainingStepBenchmark {
    static final int INPUTS = 784;
    static final int CLASSES = 10;

    @Param("128")
    public int batch;

    @Param("vector")
    public String kernel;

    @Param("0")
    public int threads;

    Sequential model;
    Optimizer optimizer;
    Tensor x;
    Tensor labels;
    final StepArena arena = new StepArena();

    @Setup(Level.Trial)
    public void setup() {
        KernelSettings.apply(kernel, threads);
        Generator g = new Generator(42);
        model = Sequential.of(new Dense(256, relu()), new Dense(128, relu()), new Dense(CLASSES)).build(42, INPUTS);
        optimizer = new Adam(model.parameters(), 1e-3);
        x = Tensor.uniform(g, DType.FLOAT32, 0, 1, batch, INPUTS);
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = g.nextInt(CLASSES);
        }
        labels = Tensor.of(y, batch);
    }

    @Benchmark
    public double step() {
        optimizer.zeroGrad();
        double value;
        try (StepArena.Scope ignored = arena.open()) {
            Tensor loss = CrossEntropy.of().compute(model.forward(x), labels);
            value = loss.item();
            loss.backward(); // the gradients outlive the scope by the gradient contract (GradientSlot)
        }
        optimizer.step();
        return value;
    }
}
