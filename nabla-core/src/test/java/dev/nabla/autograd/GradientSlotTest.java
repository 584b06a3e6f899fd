package dev.nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.StepArena;
import dev.nabla.tensor.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * GradientSlot's contract with step memory: a gradient made inside a StepArena step outlives it with no
 * keep() from the loop, whether adopted (Linear's weight gradient) or copied (a leaf used through an op
 * that passes its gradient on), and the next step writes into it after a recycle.
 */
class GradientSlotTest {
    private static final int IN = 64, OUT = 32; // a weight of 2048 elements: lent by the arena

    @Test
    void gradientsMadeInAStepOutliveItAndTheNextStepWritesIntoThem() {
        Generator g = new Generator(3);
        Tensor x = Tensor.uniform(g, DType.FLOAT32, -1, 1, 8, IN);
        Tensor w = Tensor.uniform(g, DType.FLOAT32, -1, 1, OUT, IN).requiresGrad(true);
        Tensor scale = Tensor.uniform(g, DType.FLOAT32, -1, 1, StepArena.MIN_ELEMENTS * 2).requiresGrad(true);
        StepArena arena = new StepArena();
        Tensor temporary;
        try (StepArena.Scope step = arena.open()) {
            Linear.apply(x, w, null).sum().backward();          // adopted: the product's fresh dW
            scale.mul(2).sum().backward();                       // copied: Mul's gradient is not fresh
            temporary = Tensor.zeros(DType.FLOAT32, StepArena.MIN_ELEMENTS * 2);
        }
        assertThrows(IllegalStateException.class, temporary::f32, "other tensors of the step are revoked");
        float[] dw = w.grad().toFloatArray();
        assertArrayEquals(filled(StepArena.MIN_ELEMENTS * 2, 2f), scale.grad().toFloatArray());

        Object storage = w.grad().data();
        GradientSlot.recycle(w);
        assertNull(w.grad());
        try (StepArena.Scope step = arena.open()) {
            Linear.apply(x, w, null).sum().backward();
        }
        assertSame(storage, w.grad().data(), "the recycled storage took the next gradient");
        assertArrayEquals(dw, w.grad().toFloatArray());
    }

    @Test
    void aConvolutionsWeightGradientGoesIntoTheRecycledStorageToo() {
        Generator g = new Generator(5);
        Tensor x = Tensor.uniform(g, DType.FLOAT32, -1, 1, 4, 8, 10, 10);
        Tensor w = Tensor.uniform(g, DType.FLOAT32, -1, 1, 32, 8, 3, 3).requiresGrad(true); // 2,304 elements
        int[] one = {1, 1}, pad = {1, 1, 1, 1};
        StepArena arena = new StepArena();
        try (StepArena.Scope step = arena.open()) {
            Conv2d.apply(x, w, null, one, pad, one, 1).sum().backward();
        }
        float[] dw = w.grad().toFloatArray();
        Object storage = w.grad().data();
        GradientSlot.recycle(w);
        try (StepArena.Scope step = arena.open()) {
            Conv2d.apply(x, w, null, one, pad, one, 1).sum().backward();
        }
        assertTrue(storage == w.grad().data(), "the recycled storage took the next gradient");
        assertArrayEquals(dw, w.grad().toFloatArray());
        GradientSlot.recycle(w);
        Tensor other = Tensor.uniform(g, DType.FLOAT32, -1, 1, 4, 8, 10, 10);
        Conv2d.apply(other, w, null, one, pad, one, 1).sum().backward(); // every element written: not dw + this
        float[] expected = freshWeightGrad(other, w);
        assertTrue(storage == w.grad().data(), "and the one after");
        assertArrayEquals(expected, w.grad().toFloatArray());
    }

    private static float[] freshWeightGrad(Tensor x, Tensor w) {
        Tensor copy = w.detach().copy().requiresGrad(true);
        int[] one = {1, 1}, pad = {1, 1, 1, 1};
        Conv2d.apply(x, copy, null, one, pad, one, 1).sum().backward();
        return copy.grad().toFloatArray();
    }

    @Test
    void theInternalsAreOffTensorsPublicApi() {
        Set<String> internal = Set.of("recycleGrad", "takeSpareGrad", "attachGradFn", "accumulateGrad");
        for (Method m : Tensor.class.getMethods()) {
            assertFalse(internal.contains(m.getName()), "Tensor." + m.getName() + " is public");
        }
        for (Method m : GradientSlot.class.getDeclaredMethods()) {
            if (Set.of("attach", "adopt", "accumulate", "takeSpare").contains(m.getName())) {
                assertFalse(Modifier.isPublic(m.getModifiers()), "GradientSlot." + m.getName() + " is public");
            }
        }
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }
}
