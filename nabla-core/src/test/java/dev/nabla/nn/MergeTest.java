package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The merge layers on their own: values, shapes, gradients, errors. */
class MergeTest {
    private final Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
    private final Tensor b = Tensor.of(new double[] {10, 20, 30, 40}, 2, 2);
    private final Tensor c = Tensor.of(new double[] {-1, 0.5, 2, 0}, 2, 2);

    @Test
    void valuesOfEachMerge() {
        assertArrayEquals(new double[] {10, 22.5, 35, 44}, Merge.add().forward(List.of(a, b, c)).toDoubleArray(), 0);
        assertArrayEquals(new double[] {-10, 20, 180, 0}, Merge.multiply().forward(List.of(a, b, c)).toDoubleArray(), 0);
        assertArrayEquals(new double[] {5.5, 11, 16.5, 22}, Merge.average().forward(List.of(a, b)).toDoubleArray(), 0);
        Tensor cat = Merge.concat().forward(List.of(a, b));
        assertEquals(Shape.of(2, 4), cat.shape());
        assertArrayEquals(new double[] {1, 2, 10, 20, 3, 4, 30, 40}, cat.toDoubleArray(), 0);
    }

    @Test
    void concatenateAlongAnInnerAxis() {
        Merge m = Merge.concat(1);
        assertEquals(Shape.of(5, 3), m.build(List.of(Shape.of(2, 3), Shape.of(3, 3)), DType.FLOAT32));
        Tensor y = m.forward(List.of(Tensor.ones(4, 2, 3), Tensor.zeros(4, 3, 3)));
        assertEquals(Shape.of(4, 5, 3), y.shape());
        assertEquals(1.0, y.get(0, 1, 2));
        assertEquals(0.0, y.get(0, 2, 0));
        assertEquals(Shape.of(2, 7), Merge.concat(-1).build(List.of(Shape.of(2, 3), Shape.of(2, 4)), DType.FLOAT32));
    }

    @Test
    void gradientsPassGradCheck() {
        List<Supplier<Merge>> merges = List.of(Merge::add, Merge::multiply, Merge::average, Merge::concat);
        for (Supplier<Merge> m : merges) {
            GradCheck.Report r = GradCheck.check(m.get().getClass().getSimpleName(),
                    xs -> m.get().forward(List.of(xs)), a, b, c);
            assertTrue(r.passed(), r.toString());
        }
    }

    @Test
    void errors() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Merge.add().forward(List.of(a))).getMessage()
                .contains("at least 2 inputs, got 1"));
        Merge add = Merge.add();
        add.forward(List.of(a, b));
        String m = assertThrows(IllegalArgumentException.class,
                () -> add.forward(List.of(a, Tensor.ones(DType.FLOAT64, 2, 3)))).getMessage();
        assertEquals("Add: expected input 1 [*, 2], got [2, 3]", m);
        m = assertThrows(IllegalArgumentException.class,
                () -> add.forward(List.of(a, Tensor.ones(DType.FLOAT64, 3, 2)))).getMessage();
        assertEquals("Add: inputs must share the batch size, got [2, 2] and [3, 2]", m);
        m = assertThrows(IllegalArgumentException.class, () -> add.forward(a)).getMessage();
        assertTrue(m.contains("forward(List<Tensor>)"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> Merge.multiply().named("p").build(List.of(Shape.of(3), Shape.of(4)), DType.FLOAT32)).getMessage();
        assertEquals("Multiply 'p': inputs must all have the same shape, got [*, 3] (input 0) and [*, 4] (input 1)", m);
        m = assertThrows(IllegalStateException.class,
                () -> add.build(List.of(Shape.of(3), Shape.of(3)), DType.FLOAT32)).getMessage();
        assertTrue(m.contains("already built"), m);
    }
}
