package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nabla.autograd.Linear;
import dev.nabla.autograd.NoGrad;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Optimizer.zeroGrad keeps each gradient's storage for the next backward to write into; Tensor.zeroGrad
 * does not. Either way the next gradient has the right values.
 */
class GradientRecyclingTest {
    private final Generator gen = new Generator(5);
    private final Tensor x = Tensor.uniform(gen, DType.FLOAT32, -1, 1, 6, 4);
    private final Parameter w = new Parameter(Tensor.uniform(gen, DType.FLOAT32, -1, 1, 3, 4));
    private final Parameter b = new Parameter(Tensor.uniform(gen, DType.FLOAT32, -1, 1, 3));

    /** loss = sum(x·wᵀ + b)² (the product's weight gradient through the GEMM, the bias's through a sum). */
    private void backward() {
        Linear.apply(x, w.value(), b.value()).pow(2).sum().backward();
    }

    @Test
    void optimizerZeroGradReusesTheStorageWithFreshValues() {
        Optimizer opt = new SGD(List.of(w, b), 0.1);
        backward();
        Tensor wGrad = w.grad();
        float[] wExpected = wGrad.toFloatArray(), bExpected = b.grad().toFloatArray();
        opt.zeroGrad();
        assertNull(w.grad(), "zeroGrad still clears");
        backward();
        assertSame(wGrad.data(), w.grad().data(), "the weight gradient was written into the old storage");
        assertArrayEquals(wExpected, w.grad().toFloatArray());
        assertArrayEquals(bExpected, b.grad().toFloatArray());
    }

    @Test
    void tensorZeroGradLeavesTheOldGradientAlone() {
        backward();
        Tensor old = w.grad();
        float[] before = old.toFloatArray();
        w.zeroGrad();
        try (NoGrad ignored = NoGrad.enter()) {
            w.value().set(0.5, 0, 0);
        }
        backward();
        assertNotSame(old.data(), w.grad().data());
        assertArrayEquals(before, old.toFloatArray(), "a gradient dropped by Tensor.zeroGrad is never overwritten");
    }

    @Test
    void gradientsAccumulateWithoutZeroGradAsBefore() {
        Optimizer opt = new SGD(List.of(w, b), 0.1);
        backward();
        float[] once = w.grad().toFloatArray();
        opt.zeroGrad();
        backward();
        backward();
        float[] twice = w.grad().toFloatArray();
        for (int i = 0; i < once.length; i++) {
            once[i] *= 2;
        }
        assertArrayEquals(once, twice, 1e-6f);
    }

    @Test
    void aCopiedGradientGoesIntoTheRecycledStorage() {
        Parameter c = new Parameter(Tensor.of(new float[] {1, -2, 3}));
        Optimizer opt = new SGD(List.of(c), 0.1);
        c.value().mul(c.value()).sum().backward();
        Tensor first = c.grad();
        opt.zeroGrad();
        c.value().mul(3).sum().backward();
        assertSame(first.data(), c.grad().data());
        assertArrayEquals(new float[] {3, 3, 3}, c.grad().toFloatArray());
    }
}
