package dev.nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The lecture notes' worked examples, computed by autograd. */
class WorkedExamplesTest {

    private static Tensor leaf(double v) {
        return Tensor.scalar(DType.FLOAT64, v).requiresGrad(true);
    }

    @Test
    void seed001ComputationalGraphExample() {
        // L(a, b, w, t) = ((a + b) w - t)^2 + w^2 at a=1, b=2, w=2, t=4
        Tensor a = leaf(1), b = leaf(2), w = leaf(2), t = leaf(4);
        Tensor loss = a.add(b).mul(w).sub(t).pow(2).add(w.pow(2));
        loss.backward();
        assertEquals(8.0, loss.item(), 0.0);
        assertEquals(8.0, a.grad().item(), 0.0);
        assertEquals(8.0, b.grad().item(), 0.0);
        assertEquals(16.0, w.grad().item(), 0.0);
        assertEquals(-4.0, t.grad().item(), 0.0);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor w = leaf(3);
        w.mul(w).backward();
        w.mul(w).backward();
        assertEquals(12.0, w.grad().item(), 0.0);
        w.zeroGrad();
        w.mul(2).backward();
        assertEquals(2.0, w.grad().item(), 0.0);
    }
}
