package dev.nabla.bench;

import static dev.nabla.nn.Activation.relu;

import dev.nabla.autograd.NoGrad;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Sequential;
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
 * One Conv2D layer of the example CNN ({@code examples/fashion-mnist-cnn.json}: 3×3 kernels, "same"
 * padding, ReLU) on a batch of 128: {@code forward} in eval mode without recording, and
 * {@code forwardBackward}, the training step's share (forward, then the gradients at the weight, the
 * bias and, except for the first layer, whose input is the data, the input). Batches per second; the
 * secondary {@code forwardBackward:gflop} divides the step's multiply-adds (2·N·O·C·9·H·W per product: one forward,
 * two backward, one for the first layer) by its time, so the layers compare with {@link GemmBenchmark}.
 *
 * <pre>
 * nabla-bench/run-jmh.sh ConvLayerBenchmark -p layer=CONV2 -p threads=1,2
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConvLayerBenchmark {
    /** The example CNN's convolutions: input channels, output channels, image side. */
    public enum Layer {
        CONV1(1, 32, 28), CONV2(32, 32, 28), CONV3(32, 64, 14), CONV4(64, 64, 14);

        final int in;
        final int out;
        final int side;

        Layer(int in, int out, int side) {
            this.in = in;
            this.out = out;
            this.side = side;
        }

        /** Multiply-adds of one product over a batch. */
        double macs(int batch) {
            return (double) batch * out * in * 9 * side * side;
        }
    }

    @Param({"CONV1", "CONV2", "CONV3", "CONV4"})
    public Layer layer;

    @Param("128")
    public int batch;

    @Param("vector")
    public String kernel;

    @Param("0")
    public int threads;

    Sequential model;
    Tensor x;
    Tensor seed;
    final StepArena arena = new StepArena();

    @Setup(Level.Trial)
    public void setup() {
        KernelSettings.apply(kernel, threads);
        Generator g = new Generator(42);
        model = Sequential.of(new Conv2D(Conv2D.Config.of(layer.out, 3).withPadding("same").withActivation(relu())))
                .build(42, layer.in, layer.side, layer.side);
        x = Tensor.uniform(g, DType.FLOAT32, 0, 1, batch, layer.in, layer.side, layer.side);
        x.requiresGrad(layer != Layer.CONV1);
        seed = Tensor.uniform(g, DType.FLOAT32, -1, 1, batch, layer.out, layer.side, layer.side);
    }

    @Benchmark
    public float forward() {
        model.eval();
        try (NoGrad ignored = NoGrad.enter(); StepArena.Scope s = arena.open()) {
            return model.forward(x).f32()[0];
        } finally {
            model.train();
        }
    }

    @Benchmark
    public void forwardBackward(GflopCounter counter) {
        model.zeroGrad();
        x.zeroGrad();
        try (StepArena.Scope ignored = arena.open()) {
            model.forward(x).backward(seed);
        }
        counter.gflop += (layer == Layer.CONV1 ? 2 : 3) * 2 * layer.macs(batch) * 1e-9;
    }
}
