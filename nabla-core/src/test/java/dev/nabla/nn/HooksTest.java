package dev.nabla.nn;

import static dev.nabla.nn.Activation.relu;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Forward hooks on layers and gradient hooks on tensors, the way a recorder sees inside a model without
 * touching its layers: what they are given, when, and that taking them off stops them.
 */
class HooksTest {
    private final Tensor x = Tensor.uniform(new Generator(5), DType.FLOAT64, -1, 1, 6, 4);

    @Test
    void aForwardHookSeesEachLayersInputAndOutputInOrder() {
        Sequential model = Sequential.of(new Dense(5, relu()), new Dense(3)).build(1, 4);
        List<String> seen = new ArrayList<>();
        List<Tensor> outputs = new ArrayList<>();
        for (Layer l : model.layers()) {
            l.registerForwardHook((layer, in, out) -> {
                seen.add(layer.getClass().getSimpleName() + " " + in.get(0).shape() + " -> " + out.shape());
                outputs.add(out);
            });
        }
        Tensor y = model.forward(x);
        assertEquals(List.of("Dense [6, 4] -> [6, 5]", "Dense [6, 5] -> [6, 3]"), seen);
        assertSame(y, outputs.get(1), "the hook gets the tensor the model goes on with");
    }

    @Test
    void aGradientHookGetsTheWholeGradientOfALayersOutput() {
        Sequential model = Sequential.of(new Dense(5, relu()), new Dense(3)).build(1, 4);
        List<Tensor> grads = new ArrayList<>();
        model.layers().get(0).registerForwardHook((layer, in, out) -> out.registerHook(g -> grads.add(g.copy())));
        Tensor hidden = model.layers().get(0).forward(x).retainGrad();
        Tensor y = model.layers().get(1).forward(hidden);
        // the output is used twice: the hook must see both contributions summed, once
        y.sum().add(y.mul(y).sum()).backward();
        assertEquals(1, grads.size());
        assertArrayEquals(hidden.grad().toDoubleArray(), grads.get(0).toDoubleArray(), 0);
    }

    @Test
    void aGradientHookOnAParameterSeesEachBackward() {
        Dense d = new Dense(2);
        d.build(dev.nabla.tensor.Shape.of(4), new Generator(0), DType.FLOAT64);
        List<Double> sums = new ArrayList<>();
        d.namedParameters().get("weight").value().registerHook(g -> sums.add(g.sum().item()));
        d.forward(x).sum().backward();
        d.forward(x).sum().backward();
        assertEquals(2, sums.size());
        assertNotNull(d.namedParameters().get("weight").grad());
    }

    @Test
    void closingTheHandleTakesTheHookOff() {
        Dense d = new Dense(2);
        int[] calls = {0};
        HookHandle h = d.registerForwardHook((layer, in, out) -> calls[0]++);
        HookHandle other = d.registerForwardHook((layer, in, out) -> calls[0] += 10);
        d.forward(x);
        h.close();
        d.forward(x);
        h.close(); // a second close does nothing
        other.remove();
        d.forward(x);
        assertEquals(21, calls[0]);
    }

    @Test
    void aMergeHookSeesAllItsInputs() {
        Merge add = Merge.add();
        int[] inputs = {0};
        add.registerForwardHook((layer, in, out) -> inputs[0] = in.size());
        add.forward(List.of(x, x, x));
        assertEquals(3, inputs[0]);
    }
}
