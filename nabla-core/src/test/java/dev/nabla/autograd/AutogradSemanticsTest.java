package dev.nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** What backward() promises and refuses: PyTorch's define-by-run semantics. */
class AutogradSemanticsTest {

    @AfterEach
    void noScopeLeaks() {
        assertFalse(NoGrad.active(), "a test left a NoGrad scope open");
    }

    private static Tensor leaf(double... values) {
        return Tensor.of(values).requiresGrad(true);
    }

    private static <T extends Throwable> String assertMessage(Class<T> type, Executable e, String... parts) {
        T ex = assertThrows(type, e);
        String m = ex.getMessage();
        for (String p : parts) {
            assertTrue(m.contains(p), () -> "message '" + m + "' should contain '" + p + "'");
        }
        return m;
    }

    private static double[] exp(double... x) {
        double[] e = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            e[i] = Math.exp(x[i]);
        }
        return e;
    }

    // ---------------------------------------------------------------- the root and its gradient

    @Test
    void backwardOnANonScalarNeedsAGradient() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 2, 3).requiresGrad(true);
        Tensor y = x.mul(2);
        assertMessage(IllegalArgumentException.class, y::backward, "[2, 3]", "backward");
        assertNull(x.grad());
    }

    @Test
    void backwardWithAGradientOfTheWrongShape() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 2, 3).requiresGrad(true);
        Tensor y = x.mul(2);
        assertMessage(IllegalArgumentException.class, () -> y.backward(Tensor.ones(DType.FLOAT64, 3)),
                "[3]", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> y.backward(Tensor.ones(DType.FLOAT64, 3, 2)),
                "[3, 2]", "[2, 3]");
        assertNull(x.grad());
    }

    @Test
    void backwardWithAGradientScalesTheChainRule() {
        Tensor x = leaf(1, 2, 3);
        x.mul(x).backward(Tensor.of(new double[] {1, 10, 100}));
        assertArrayEquals(new double[] {2, 40, 600}, x.grad().toDoubleArray());
    }

    @Test
    void oneElementOutputsOfAnyRankImplyAGradientOfOne() {
        Tensor x = Tensor.of(new double[] {3}, 1, 1).requiresGrad(true);
        x.mul(x).backward();
        assertArrayEquals(new double[] {6}, x.grad().toDoubleArray());
        Tensor s = Tensor.scalar(DType.FLOAT64, 2).requiresGrad(true);
        s.backward();
        assertEquals(1.0, s.grad().item(), "a leaf's gradient with respect to itself");
    }

    @Test
    void backwardOnATensorThatRequiresNoGradThrows() {
        Tensor c = Tensor.ones(2, 2).sum();
        assertMessage(IllegalStateException.class, c::backward, "does not require grad");
        Tensor x = leaf(1, 2);
        Tensor y;
        try (NoGrad ignored = NoGrad.enter()) {
            y = x.mul(3).sum();
        }
        assertMessage(IllegalStateException.class, y::backward, "does not require grad");
        assertNull(x.grad());
    }

    // ---------------------------------------------------------------- freeing and retaining the graph

    @Test
    void secondBackwardThroughAFreedGraphThrows() {
        Tensor x = leaf(0, 1);
        Tensor loss = x.exp().sum();
        loss.backward();
        assertArrayEquals(exp(0, 1), x.grad().toDoubleArray(), 1e-12);
        assertMessage(IllegalStateException.class, loss::backward, "retainGraph");
        assertArrayEquals(exp(0, 1), x.grad().toDoubleArray(), 1e-12, "the refused pass changed nothing");
    }

    @Test
    void aNewRootOverAFreedSubgraphThrowsNamingTheFreedOp() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(x);
        y.sum().backward();
        assertMessage(IllegalStateException.class, () -> y.mul(2).sum().backward(), "mul");
    }

    @Test
    void retainGraphAllowsAnotherPassAndGradientsAccumulate() {
        Tensor x = leaf(0, 1);
        Tensor loss = x.exp().sum();
        loss.backward(Tensor.scalar(DType.FLOAT64, 1), true);
        loss.backward(null, true);
        double[] e = exp(0, 1);
        assertArrayEquals(new double[] {2 * e[0], 2 * e[1]}, x.grad().toDoubleArray(), 1e-12);
        loss.backward();                              // the last pass may free it
        assertArrayEquals(new double[] {3 * e[0], 3 * e[1]}, x.grad().toDoubleArray(), 1e-12);
        assertThrows(IllegalStateException.class, loss::backward);
    }

    // ---------------------------------------------------------------- values saved for backward

    @Test
    void changingASavedOutputInPlaceIsCaughtAtBackward() {
        Tensor x = leaf(0, 1);
        Tensor y = x.exp();             // exp saves its output
        Tensor loss = y.sum();
        try (NoGrad ignored = NoGrad.enter()) {
            y.fill(0);
        }
        assertMessage(IllegalStateException.class, loss::backward, "exp", "modified in place", "[2]");
        assertFalse(NoGrad.active(), "a failed backward leaves recording on");
    }

    @Test
    void changingASavedInputInPlaceIsCaughtAtBackward() {
        Tensor x = leaf(1, 2);
        Tensor loss = x.pow(3).sum();   // pow saves its input
        try (NoGrad ignored = NoGrad.enter()) {
            x.set(5, 0);
        }
        assertMessage(IllegalStateException.class, loss::backward, "pow", "modified in place");
    }

    @Test
    void changesThroughASharedViewOrAConstantAreCaughtToo() {
        Tensor x = leaf(1, 2);
        Tensor loss = x.pow(3).sum();
        x.detach().fill(7);             // a detached view shares storage and version
        assertMessage(IllegalStateException.class, loss::backward, "pow");

        Tensor w = leaf(1, 2);
        Tensor c = Tensor.of(new double[] {3, 4});
        Tensor l2 = w.mul(c).sum();     // mul saves both operands, c included
        c.set(0, 1);                    // c needs no grad, so this is allowed here
        assertMessage(IllegalStateException.class, l2::backward, "mul");
    }

    @Test
    void changingAValueThatWasNotSavedIsHarmless() {
        Tensor x = leaf(1, 2);
        Tensor loss = x.add(1).sum();   // add saves nothing: its gradient is 1 whatever x was
        try (NoGrad ignored = NoGrad.enter()) {
            x.fill(9);
        }
        loss.backward();
        assertArrayEquals(new double[] {1, 1}, x.grad().toDoubleArray());
    }

    @Test
    void inPlaceChangesToTensorsInTheGraphAreRefusedWhileRecording() {
        Tensor x = leaf(1, 2);
        assertMessage(IllegalStateException.class, () -> x.set(0, 0), "set", "NoGrad");
        assertMessage(IllegalStateException.class, () -> x.fill(0), "fill");
        assertMessage(IllegalStateException.class, () -> x.addInPlace(Tensor.of(new double[] {1, 1}), 1), "addInPlace");
        assertMessage(IllegalStateException.class, () -> x.copyFrom(Tensor.of(new double[] {1, 1})), "copyFrom");
        assertArrayEquals(new double[] {1, 2}, x.toDoubleArray(), "nothing was changed");

        Tensor y = x.mul(2);
        assertMessage(IllegalStateException.class, () -> y.fill(0), "fill", "mul");

        try (NoGrad ignored = NoGrad.enter()) {
            x.addInPlace(Tensor.of(new double[] {10, 20}), -0.5);
        }
        assertArrayEquals(new double[] {-4, -8}, x.toDoubleArray(), "allowed under NoGrad: an optimizer step");
    }

    // ---------------------------------------------------------------- NoGrad

    @Test
    void noGradRecordsNothingNestsAndRestores() {
        Tensor x = leaf(1, 2);
        assertFalse(NoGrad.active());
        try (NoGrad outer = NoGrad.enter()) {
            assertTrue(NoGrad.active());
            Tensor y = x.mul(2).exp().sum();
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
            assertTrue(y.isLeaf());
            try (NoGrad inner = NoGrad.enter()) {
                assertTrue(NoGrad.active());
                inner.close();
                inner.close();          // closing twice counts once
                assertTrue(NoGrad.active(), "the outer scope is still open");
            }
            assertTrue(NoGrad.active());
            assertFalse(x.add(1).requiresGrad());
        }
        assertFalse(NoGrad.active());
        Tensor z = x.mul(2);
        assertTrue(z.requiresGrad());
        assertEquals("mul", z.gradFn().name());
    }

    @Test
    void noGradIsPerThread() throws InterruptedException {
        AtomicBoolean seen = new AtomicBoolean(true);
        try (NoGrad ignored = NoGrad.enter()) {
            Thread t = new Thread(() -> seen.set(NoGrad.active()));
            t.start();
            t.join();
        }
        assertFalse(seen.get(), "another thread's scope does not leak into this one");
    }

    // ---------------------------------------------------------------- leaves, detach, accumulation

    @Test
    void recordedOutputsAreNonLeaves() {
        Tensor x = leaf(1);
        Tensor c = Tensor.of(new double[] {2});
        assertTrue(x.isLeaf());
        assertFalse(c.mul(c).requiresGrad(), "no input requires grad: nothing recorded");
        Tensor y = x.mul(c);
        assertFalse(y.isLeaf());
        assertTrue(y.requiresGrad());
        assertSame(x, y.gradFn().inputs().get(0));
        assertMessage(IllegalStateException.class, () -> y.requiresGrad(false), "detach");
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = leaf(1, 2);
        Tensor d = x.mul(2).detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        assertArrayEquals(new double[] {2, 4}, d.toDoubleArray());
        // d(d * x)/dx = d, as d is a constant: 2x, not the 4x of d(2x * x)/dx
        d.mul(x).sum().backward();
        assertArrayEquals(new double[] {2, 4}, x.grad().toDoubleArray());
    }

    @Test
    void gradientsAccumulateUntilZeroGrad() {
        Tensor x = leaf(1, 2);
        x.mul(3).sum().backward();
        x.mul(x).sum().backward();
        assertArrayEquals(new double[] {3 + 2, 3 + 4}, x.grad().toDoubleArray());
        x.zeroGrad();
        assertNull(x.grad());
        x.sum().backward();
        assertArrayEquals(new double[] {1, 1}, x.grad().toDoubleArray());
    }

    @Test
    void theAccumulatedGradientIsNotTheCallersTensor() {
        Tensor x = leaf(1, 2);
        Tensor g = Tensor.of(new double[] {5, 6});
        x.backward(g);
        x.backward(g);
        assertArrayEquals(new double[] {10, 12}, x.grad().toDoubleArray());
        assertArrayEquals(new double[] {5, 6}, g.toDoubleArray(), "the gradient passed in is not modified");
    }

    @Test
    void retainGradKeepsANonLeafsGradient() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(3).retainGrad();
        Tensor h = x.mul(3);
        y.pow(2).add(h.pow(2)).sum().backward();
        // loss = y^2 + h^2: dloss/dy = 2y = 6x, dloss/dx = 2 * (6x * 3)
        assertArrayEquals(new double[] {6, 12}, y.grad().toDoubleArray());
        assertNull(h.grad(), "a non-leaf without retainGrad keeps no gradient");
        assertArrayEquals(new double[] {36, 72}, x.grad().toDoubleArray());
    }

    @Test
    void aValueUsedTwiceGetsBothContributions() {
        Tensor x = leaf(3, -2);
        x.mul(x).sum().backward();
        assertArrayEquals(new double[] {6, -4}, x.grad().toDoubleArray());

        // x * x + x: 2x + 1; and a diamond: e = exp(x), loss = e * e, so 2 e^2
        Tensor a = leaf(3, -2);
        a.mul(a).add(a).sum().backward();
        assertArrayEquals(new double[] {7, -3}, a.grad().toDoubleArray());

        Tensor b = leaf(0.5);
        Tensor e = b.exp();
        e.mul(e).sum().backward();
        assertEquals(2 * Math.exp(1.0), b.grad().item(), 1e-12);
    }

    @Test
    void unusedLeavesAndConstantsGetNoGradient() {
        Tensor x = leaf(1, 2);
        Tensor unused = leaf(5);
        Tensor c = Tensor.of(new double[] {3, 4});
        x.mul(c).sum().backward();
        assertArrayEquals(new double[] {3, 4}, x.grad().toDoubleArray());
        assertNull(unused.grad());
        assertNull(c.grad());
    }

    @Test
    void gradientsOfLayoutOpsLandWhereTheElementsCameFrom() {
        Tensor x = Tensor.arange(DType.FLOAT64, 0, 6, 1).reshape(2, 3).requiresGrad(true);
        Tensor g = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        x.gather(1, Tensor.of(new int[] {2, 0, 1, 1}, 2, 2)).backward(g);
        // row 0 picks columns 2 and 0; row 1 picks column 1 twice, so it gets 3 + 4
        assertArrayEquals(new double[] {2, 0, 1, 0, 7, 0}, x.grad().toDoubleArray());

        Tensor y = Tensor.arange(DType.FLOAT64, 0, 6, 1).reshape(3, 2).requiresGrad(true);
        y.indexSelect(0, 2, 0, 2).sum().backward();
        assertArrayEquals(new double[] {1, 1, 0, 0, 2, 2}, y.grad().toDoubleArray());

        Tensor v = Tensor.arange(DType.FLOAT64, 0, 6, 1).requiresGrad(true);
        v.slice(0, 1, 6, 2).backward(Tensor.of(new double[] {1, 2, 3}));
        assertArrayEquals(new double[] {0, 1, 0, 2, 0, 3}, v.grad().toDoubleArray());

        Tensor p = Tensor.of(new double[] {1, 2}).requiresGrad(true);
        Tensor q = Tensor.of(new double[] {3, 4, 5}).requiresGrad(true);
        Tensor.concat(0, p, q).backward(Tensor.of(new double[] {10, 20, 30, 40, 50}));
        assertArrayEquals(new double[] {10, 20}, p.grad().toDoubleArray());
        assertArrayEquals(new double[] {30, 40, 50}, q.grad().toDoubleArray());

        Tensor r = Tensor.of(new double[] {1, 2}).requiresGrad(true);
        Tensor s = Tensor.of(new double[] {3, 4}).requiresGrad(true);
        Tensor.stack(1, r, s).backward(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2));
        assertArrayEquals(new double[] {1, 3}, r.grad().toDoubleArray());
        assertArrayEquals(new double[] {2, 4}, s.grad().toDoubleArray());

        Tensor t = Tensor.arange(DType.FLOAT64, 0, 6, 1).reshape(2, 3).requiresGrad(true);
        t.t().backward(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2));
        assertArrayEquals(new double[] {1, 3, 5, 2, 4, 6}, t.grad().toDoubleArray());
    }

    @Test
    void maxSharesTheGradientBetweenTiedMaxima() {
        Tensor x = Tensor.of(new double[] {1, 5, 5, 7, 2, 7}, 2, 3).requiresGrad(true);
        x.max(1).backward(Tensor.of(new double[] {1, 10}));
        assertArrayEquals(new double[] {0, 0.5, 0.5, 5, 0, 5}, x.grad().toDoubleArray());
    }

    @Test
    void vectorDotProductHasGradients() {
        Tensor u = leaf(1, 2, 3);
        Tensor v = leaf(4, 5, 6);
        Tensor dot = u.matmul(v);
        assertEquals(32.0, dot.item());
        dot.backward();
        assertArrayEquals(new double[] {4, 5, 6}, u.grad().toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 3}, v.grad().toDoubleArray());
    }

    @Test
    void setGradAndZeroGrad() {
        Tensor x = leaf(1, 2);
        x.setGrad(Tensor.of(new double[] {0.5, 0.5}));
        x.mul(2).sum().backward();
        assertArrayEquals(new double[] {2.5, 2.5}, x.grad().toDoubleArray());
        x.setGrad(null);
        assertNull(x.grad());
    }
}
