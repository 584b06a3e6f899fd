package dev.nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.nabla.kernel.FusedActivation;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The engine hands a leaf its first gradient without a copy only when nothing else holds that
 * gradient (see FreshGradients). These cases would share storage, or change one gradient through
 * another, if it ever did so wrongly.
 */
class GradientOwnershipTest {

    private static Tensor leaf(double... v) {
        return Tensor.of(v).reshape(1, v.length).requiresGrad(true);
    }

    @Test
    void aFreshGradientPassedOnByAnotherOpIsCopiedForEachLeaf() {
        // Linear's dx (fresh) is the gradient of s = x + a; Add hands that same tensor to both leaves
        Tensor x = leaf(1, 2), a = leaf(3, 4);
        Tensor w = Tensor.of(new double[] {1, 10, 100, 1000}, 2, 2);
        Linear.apply(x.add(a), w, null).sum().backward();
        assertNotSame(x.grad().data(), a.grad().data());
        assertArrayEquals(new double[] {101, 1010}, x.grad().toDoubleArray());
        Linear.apply(x.add(a), w, null).sum().backward();
        assertArrayEquals(new double[] {202, 2020}, x.grad().toDoubleArray());
        assertArrayEquals(new double[] {202, 2020}, a.grad().toDoubleArray());
    }

    @Test
    void theCallersRootGradientIsNeverAdopted() {
        // directly, through a view (reshape passes g on as a view) and through add (passes g itself on)
        List<Function<Tensor, Tensor>> paths = List.of(x -> x, x -> x.reshape(2).reshape(1, 2),
                x -> x.add(Tensor.zeros(DType.FLOAT64, 1, 2)));
        for (Function<Tensor, Tensor> path : paths) {
            Tensor x = leaf(1, 2);
            Tensor g = Tensor.of(new double[] {5, 6}, 1, 2);
            path.apply(x).backward(g);
            assertNotSame(g.data(), x.grad().data());
            path.apply(x).backward(g);
            assertArrayEquals(new double[] {5, 6}, g.toDoubleArray());
            assertArrayEquals(new double[] {10, 12}, x.grad().toDoubleArray());
        }
    }

    @Test
    void aLeafUsedTwiceGetsTheSumAndLaterBackwardsAccumulate() {
        Tensor x = Tensor.ones(DType.FLOAT64, 2, 3);
        Tensor w = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {0.5, -0.5}).requiresGrad(true);
        Tensor loss = Linear.apply(x, w, b, FusedActivation.RELU, 0).sum()
                .add(Linear.apply(x, w, b, FusedActivation.IDENTITY, 0).sum());
        loss.backward();
        assertArrayEquals(new double[] {4, 4, 4, 4, 4, 4}, w.grad().toDoubleArray());
        assertArrayEquals(new double[] {4, 4}, b.grad().toDoubleArray());
        Linear.apply(x, w, b).sum().backward();
        assertArrayEquals(new double[] {6, 6, 6, 6, 6, 6}, w.grad().toDoubleArray());
        assertArrayEquals(new double[] {6, 6}, b.grad().toDoubleArray());
    }

    @Test
    void aRetainedNonLeafGradientIsACopyOfWhatFlowsOn() {
        Tensor x = leaf(1, -1);
        Tensor w1 = Tensor.of(new double[] {2, 0, 0, 3}, 2, 2).requiresGrad(true);
        Tensor w2 = Tensor.of(new double[] {1, 1}, 1, 2).requiresGrad(true);
        Tensor h = Linear.apply(x, w1, null).retainGrad();
        Linear.apply(h, w2, null).sum().backward();
        assertArrayEquals(new double[] {1, 1}, h.grad().toDoubleArray());
        assertArrayEquals(new double[] {2, 3}, x.grad().toDoubleArray());
        assertArrayEquals(new double[] {1, -1, 1, -1}, w1.grad().toDoubleArray());
        assertArrayEquals(new double[] {2, -3}, w2.grad().toDoubleArray());
    }
}
