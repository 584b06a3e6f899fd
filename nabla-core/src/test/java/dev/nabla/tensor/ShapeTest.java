package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {

    @Test
    void sizesStridesAndSpans() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(3, s.rank());
        assertEquals(24, s.size());
        assertArrayEquals(new int[] {2, 3, 4}, s.dims());
        assertArrayEquals(new int[] {12, 4, 1}, s.strides());
        assertEquals(12, s.span(1, 3));
        assertEquals(6, s.span(0, 2));
        assertEquals(1, s.span(1, 1));
        assertEquals(4, s.dim(-1));
        assertEquals(2, s.dim(-3));
        assertEquals("[2, 3, 4]", s.toString());
    }

    @Test
    void scalarShape() {
        assertSame(Shape.SCALAR, Shape.of());
        assertEquals(0, Shape.SCALAR.rank());
        assertEquals(1, Shape.SCALAR.size());
        assertEquals("[]", Shape.SCALAR.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.SCALAR.axis("sum", 0));
        assertTrue(e.getMessage().contains("scalar"), e.getMessage());
    }

    @Test
    void isImmutable() {
        int[] dims = {2, 3};
        Shape s = Shape.of(dims);
        dims[0] = 5;
        assertEquals(2, s.dim(0));
        s.dims()[1] = 7;
        assertEquals(3, s.dim(1));
    }

    @Test
    void zeroAndNegativeSizes() {
        assertEquals(0, Shape.of(3, 0, 2).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1));
        assertTrue(e.getMessage().contains("[2, -1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shape.of(1 << 16, 1 << 16));
    }

    @Test
    void axisNormalisation() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(2, s.axis("op", -1));
        assertEquals(0, s.axis("op", -3));
        assertEquals(1, s.axis("op", 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.axis("myop", 3));
        assertTrue(e.getMessage().contains("myop"), e.getMessage());
        assertTrue(e.getMessage().contains("axis 3"), e.getMessage());
        assertTrue(e.getMessage().contains("rank 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.axis("op", -4));
    }

    @Test
    void broadcastFollowsNumPy() {
        assertEquals(Shape.of(3, 4), Shape.broadcast("add", Shape.of(3, 1), Shape.of(1, 4)));
        assertEquals(Shape.of(2, 3, 4), Shape.broadcast("add", Shape.of(2, 1, 4), Shape.of(3, 1)));
        assertEquals(Shape.of(2, 3, 4), Shape.broadcast("add", Shape.of(4), Shape.of(2, 3, 4)));
        assertEquals(Shape.of(2, 3), Shape.broadcast("add", Shape.SCALAR, Shape.of(2, 3)));
        assertEquals(Shape.of(5, 0), Shape.broadcast("add", Shape.of(5, 1), Shape.of(0)));
        assertEquals(Shape.of(1, 1), Shape.broadcast("add", Shape.of(1, 1), Shape.of(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shape.broadcast("add", Shape.of(2, 3), Shape.of(4, 3)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 3]"), e.getMessage());
    }

    @Test
    void broadcastsToIsOneDirectional() {
        assertTrue(Shape.of(3, 1).broadcastsTo(Shape.of(2, 3, 4)));
        assertTrue(Shape.SCALAR.broadcastsTo(Shape.of(2)));
        assertTrue(Shape.of(4).broadcastsTo(Shape.of(3, 4)));
        assertFalse(Shape.of(3).broadcastsTo(Shape.of(3, 1)));
        assertFalse(Shape.of(2, 3).broadcastsTo(Shape.of(3)));
        assertFalse(Shape.of(3, 4).broadcastsTo(Shape.of(3, 1)));
    }

    @Test
    void withDimEqualsAndHashCode() {
        Shape s = Shape.of(2, 3);
        assertEquals(Shape.of(2, 7), s.withDim(-1, 7));
        assertEquals(Shape.of(2, 3), s, "withDim returns a new shape");
        assertEquals(Shape.of(2, 3).hashCode(), Shape.of(new int[] {2, 3}).hashCode());
        assertNotEquals(Shape.of(3, 2), s);
        assertNotEquals(Shape.of(2, 3, 1), s);
    }
}
