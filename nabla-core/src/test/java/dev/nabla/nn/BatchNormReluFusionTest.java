package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.kernel.KernelMode;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A batch norm followed by a ReLU layer in a {@link Sequential} runs as one op: the same bits, forward and
 * backward, in training and evaluation, as the two layers run one after the other (which a forward hook
 * on either forces, since a hook must see the layer's own output).
 */
class BatchNormReluFusionTest {

    /** A network ending in batch norm and ReLU (layers 1 and 2), its input shape per sample. */
    private record Net(String name, Supplier<Layer[]> layers, int... sample) {
        Sequential build(DType dtype) {
            return Sequential.of(layers.get()).build(7, dtype, sample);
        }
    }

    private static final List<Net> NETS = List.of(
            new Net("BatchNorm2d", () -> new Layer[] {new Conv2D(Conv2D.Config.of(5, 3).withPadding("same")),
                new BatchNorm2d(), new ActivationLayer(Activation.relu())}, 3, 9, 9),
            new Net("BatchNorm2d without affine", () -> new Layer[] {new Conv2D(Conv2D.Config.of(5, 3)),
                new BatchNorm2d(new BatchNorm2d.Config(1e-5, 0.1, false, true)), new ActivationLayer(Activation.relu())},
                3, 9, 9),
            new Net("BatchNorm2d without running statistics", () -> new Layer[] {new Conv2D(Conv2D.Config.of(5, 3)),
                new BatchNorm2d(new BatchNorm2d.Config(1e-3, 0.3, true, false)), new ActivationLayer(Activation.relu())},
                3, 9, 9),
            new Net("BatchNorm1d", () -> new Layer[] {new Dense(20), new BatchNorm1d(),
                new ActivationLayer(Activation.relu())}, 6));

    /**
     * Output, input gradient, parameter gradients and buffers after a training step, then the same after
     * a forward and backward in evaluation mode.
     */
    private static List<Tensor> run(Net net, DType dtype, Consumer<Sequential> prepare, List<String> lastOps) {
        Sequential model = net.build(dtype);
        prepare.accept(model);
        int[] dims = new int[net.sample().length + 1];
        dims[0] = 6;
        System.arraycopy(net.sample(), 0, dims, 1, net.sample().length);
        Tensor x = Tensor.randn(new Generator(11), dims).to(dtype).requiresGrad(true);
        List<Tensor> out = new ArrayList<>();
        for (boolean training : new boolean[] {true, false}) {
            if (training) {
                model.train();
            } else {
                model.eval();
            }
            model.zeroGrad();
            x.zeroGrad();
            Tensor y = model.forward(x);
            lastOps.add(y.gradFn().name());
            y.mul(Tensor.randn(new Generator(12), y.shape().dims()).to(dtype)).sum().backward();
            out.add(y.detach());
            out.add(x.grad());
            model.parameters().forEach(p -> out.add(p.grad()));
            out.addAll(model.namedBuffers().values());
        }
        return out;
    }

    /** Both kernel paths: the vector loops (with a scalar tail: 81 positions a plane) and the scalar twins. */
    @Test
    void fusedMatchesTheTwoLayersToTheBit() {
        for (boolean vector : new boolean[] {true, false}) {
            boolean previous = KernelMode.setVector(vector);
            try {
                for (Net net : NETS) {
                    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                        List<String> ops = new ArrayList<>();
                        List<Tensor> fused = run(net, dtype, m -> { }, ops);
                        List<Tensor> apart = run(net, dtype, m -> m.layers().get(2).registerForwardHook((l, in, o) -> { }),
                                ops);
                        assertEquals(List.of("batch_norm_relu", "batch_norm_relu", "relu", "relu"), ops,
                                net.name() + ": fused in both modes, and the hook turns it off");
                        assertEquals(apart.size(), fused.size());
                        for (int i = 0; i < fused.size(); i++) {
                            assertArrayEquals(apart.get(i).toDoubleArray(), fused.get(i).toDoubleArray(),
                                    net.name() + ", " + dtype + ", vector " + vector + ", tensor " + i);
                        }
                    }
                }
            } finally {
                KernelMode.setVector(previous);
            }
        }
    }

    @Test
    void aHookOnTheBatchNormSeesItsOwnOutput() {
        Sequential model = NETS.get(0).build(DType.FLOAT32);
        List<Double> minima = new ArrayList<>();
        model.layers().get(1).registerForwardHook((l, in, o) -> minima.add(o.min().item()));
        Tensor y = model.forward(Tensor.randn(new Generator(3), 4, 3, 9, 9));
        assertEquals(1, minima.size());
        assertEquals(true, minima.get(0) < 0, "the normalised values before the ReLU");
        assertEquals(0.0, y.min().item());
    }
}
