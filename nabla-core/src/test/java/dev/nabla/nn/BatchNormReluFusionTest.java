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
import org.junit.jupiter.api.Test;

/**
 * A batch norm followed by a ReLU layer in a {@link Sequential} runs as one op: the same bits, forward and
 * backward, in training and evaluation, as the two layers run one after the other (which a forward hook
 * on either forces, since a hook must see the layer's own output).
 */
class BatchNormReluFusionTest {

    private static Sequential model(DType dtype) {
        return Sequential.of(new Conv2D(Conv2D.Config.of(5, 3).withPadding("same")), new BatchNorm2d(),
                new ActivationLayer(Activation.relu())).build(7, dtype, 3, 9, 9);
    }

    /** Output, input gradient, parameter gradients and buffers after a training step, then an eval forward. */
    private static List<Tensor> run(DType dtype, Consumer<Sequential> prepare, List<String> lastOps) {
        Sequential model = model(dtype);
        prepare.accept(model);
        Tensor x = Tensor.randn(new Generator(11), 6, 3, 9, 9).to(dtype).requiresGrad(true);
        Tensor weights = Tensor.randn(new Generator(12), 6, 5, 9, 9).to(dtype);
        Tensor train = model.forward(x);
        lastOps.add(train.gradFn().name());
        train.mul(weights).sum().backward();
        List<Tensor> out = new ArrayList<>(List.of(train.detach(), x.grad()));
        model.parameters().forEach(p -> out.add(p.grad()));
        out.addAll(model.namedBuffers().values());
        model.eval();
        out.add(model.forward(x.detach()));
        return out;
    }

    /** Both kernel paths: the vector loops (with a scalar tail: 81 positions a plane) and the scalar twins. */
    @Test
    void fusedMatchesTheTwoLayersToTheBit() {
        for (boolean vector : new boolean[] {true, false}) {
            boolean previous = KernelMode.setVector(vector);
            try {
                for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                    List<String> ops = new ArrayList<>();
                    List<Tensor> fused = run(dtype, m -> { }, ops);
                    List<Tensor> apart = run(dtype, m -> m.layers().get(2).registerForwardHook((l, in, o) -> { }), ops);
                    assertEquals(List.of("batch_norm_relu", "relu"), ops, "the hook turns the fusion off");
                    assertEquals(apart.size(), fused.size());
                    for (int i = 0; i < fused.size(); i++) {
                        assertArrayEquals(apart.get(i).toDoubleArray(), fused.get(i).toDoubleArray(),
                                dtype + ", vector " + vector + ", tensor " + i);
                    }
                }
            } finally {
                KernelMode.setVector(previous);
            }
        }
    }

    @Test
    void aHookOnTheBatchNormSeesItsOwnOutput() {
        Sequential model = model(DType.FLOAT32);
        List<Double> minima = new ArrayList<>();
        model.layers().get(1).registerForwardHook((l, in, o) -> minima.add(o.min().item()));
        Tensor y = model.forward(Tensor.randn(new Generator(3), 4, 3, 9, 9));
        assertEquals(1, minima.size());
        assertEquals(true, minima.get(0) < 0, "the normalised values before the ReLU");
        assertEquals(0.0, y.min().item());
    }
}
