package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * StepArena: what a step lends comes back zeroed next step (or as it was, to an op that writes every element:
 * the elementwise ops, checked over arrays of NaN); what it revokes cannot be read; what it keeps stays.
 */
class StepArenaTest {
    private static final int N = StepArena.MIN_ELEMENTS * 2;

    @Test
    void theNextStepGetsTheSameArraysBackZeroed() {
        StepArena arena = new StepArena();
        float[] first;
        try (StepArena.Scope s = arena.open()) {
            Tensor t = Tensor.zeros(DType.FLOAT32, N);
            first = t.f32();
            Arrays.fill(first, 3f);
        }
        assertEquals(4L * N, arena.pooledBytes());
        try (StepArena.Scope s = arena.open()) {
            Tensor t = Tensor.zeros(DType.FLOAT32, N);
            assertSame(first, t.f32());
            for (float v : t.f32()) {
                assertEquals(0f, v);
            }
            Tensor d = Tensor.zeros(DType.FLOAT64, N); // another type: a new array
            assertEquals(N, d.f64().length);
        }
    }

    @Test
    void anUninitializedTensorTakesAnArrayBackAsItWas() {
        StepArena arena = new StepArena();
        float[] first;
        try (StepArena.Scope s = arena.open()) {
            first = Tensor.uninitialized(DType.FLOAT32, Shape.of(N)).f32();
            Arrays.fill(first, 3f);
        }
        try (StepArena.Scope s = arena.open()) {
            Tensor t = Tensor.uninitialized(DType.FLOAT32, Shape.of(N));
            assertSame(first, t.f32());
            assertEquals(3f, t.f32()[N - 1]); // not zeroed: its op writes every element anyway
        }
        assertEquals(0f, Tensor.uninitialized(DType.FLOAT32, Shape.of(N)).f32()[0]); // no arena: a new array
    }

    @Test
    void elementwiseOpsWriteEveryElementOfTheArraysTheyAreLent() {
        float[] xs = new float[N], ys = new float[N / 2];
        for (int i = 0; i < N; i++) {
            xs[i] = (i % 13) * 0.25f - 1.5f;
        }
        for (int i = 0; i < N / 2; i++) {
            ys[i] = (i % 7) * 0.5f - 1f;
        }
        Tensor x = Tensor.of(xs, 2, N / 2), row = Tensor.of(ys, N / 2);
        java.util.function.Supplier<Tensor[]> ops = () -> new Tensor[] {x.relu(), x.tanh(), x.add(row), x.mul(row),
            x.clamp(-0.5, 0.5), x.erf(), x.to(DType.FLOAT64)};
        Tensor[] expected = ops.get(); // outside any arena: fresh arrays
        StepArena arena = new StepArena();
        for (int step = 0; step < 2; step++) {
            try (StepArena.Scope s = arena.open()) {
                if (step == 0) { // fill the pool with arrays of NaN, of both types, several of each
                    for (int k = 0; k < expected.length; k++) {
                        Arrays.fill(Tensor.uninitialized(DType.FLOAT32, Shape.of(N)).f32(), Float.NaN);
                        Arrays.fill(Tensor.uninitialized(DType.FLOAT64, Shape.of(N)).f64(), Double.NaN);
                    }
                    continue;
                }
                Tensor[] got = ops.get();
                for (int k = 0; k < got.length; k++) {
                    assertEquals(Arrays.toString(expected[k].toDoubleArray()), Arrays.toString(got[k].toDoubleArray()),
                            "op " + k);
                }
            }
        }
    }

    @Test
    void aTensorOfAClosedStepThrowsOnAccessAndSaysWhy() {
        StepArena arena = new StepArena();
        Tensor t, view;
        try (StepArena.Scope s = arena.open()) {
            t = Tensor.zeros(DType.FLOAT32, 2, N / 2);
            view = t.reshape(N);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, t::f32);
        assertTrue(e.getMessage().contains("training step") && e.getMessage().contains("reuseStepMemory(false)"),
                e.getMessage());
        assertThrows(IllegalStateException.class, view::data);
        assertThrows(IllegalStateException.class, () -> t.add(1));
        assertThrows(IllegalStateException.class, t::copy);
    }

    @Test
    void aKeptTensorStaysAndItsArrayIsNotLentAgain() {
        StepArena arena = new StepArena();
        Tensor kept;
        try (StepArena.Scope s = arena.open()) {
            kept = Tensor.zeros(DType.FLOAT32, N);
            kept.f32()[7] = 5f;
            arena.keep(kept.reshape(2, N / 2)); // a view keeps the storage too
        }
        assertEquals(0, arena.pooledBytes());
        try (StepArena.Scope s = arena.open()) {
            assertNotSame(kept.f32(), Tensor.zeros(DType.FLOAT32, N).f32());
        }
        assertEquals(5f, kept.f32()[7]);
    }

    @Test
    void smallTensorsOtherThreadsAndClosedScopesAllocateAsUsual() throws InterruptedException {
        StepArena arena = new StepArena();
        Tensor small;
        AtomicReference<Tensor> fromOtherThread = new AtomicReference<>();
        try (StepArena.Scope s = arena.open()) {
            small = Tensor.zeros(DType.FLOAT32, StepArena.MIN_ELEMENTS - 1);
            Thread other = new Thread(() -> fromOtherThread.set(Tensor.zeros(DType.INT32, N)));
            other.start();
            other.join();
        }
        Tensor after = Tensor.zeros(DType.FLOAT32, N);
        assertEquals(StepArena.MIN_ELEMENTS - 1, small.f32().length);
        assertEquals(N, fromOtherThread.get().i32().length);
        assertEquals(0, arena.pooledBytes());
        try (StepArena.Scope s = arena.open()) {
            assertNotSame(after.f32(), Tensor.zeros(DType.FLOAT32, N).f32());
        }
        assertEquals(N, after.f32().length);
    }

    @Test
    void anInnerScopeTakesOverUntilItClosesAndAnArenaOpensOnce() {
        StepArena outer = new StepArena(), inner = new StepArena();
        try (StepArena.Scope o = outer.open()) {
            assertThrows(IllegalStateException.class, outer::open);
            Tensor a;
            try (StepArena.Scope i = inner.open()) {
                a = Tensor.zeros(DType.FLOAT32, N);
            }
            assertThrows(IllegalStateException.class, a::f32);
            assertEquals(4L * N, inner.pooledBytes());
            Tensor b = Tensor.zeros(DType.FLOAT32, N);
            assertEquals(N, b.f32().length);
        }
        assertEquals(4L * N, outer.pooledBytes());
    }
}
