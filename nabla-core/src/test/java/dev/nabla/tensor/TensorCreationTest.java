package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Factory methods, element access and conversions to Java arrays. */
class TensorCreationTest {

    private static void assertShape(Tensor t, int... dims) {
        assertArrayEquals(dims, t.shape().dims(), () -> "shape " + t.shape());
    }

    @Test
    void zerosOnesAndFull() {
        Tensor z = Tensor.zeros(2, 3);
        assertShape(z, 2, 3);
        assertEquals(DType.FLOAT32, z.dtype());
        assertEquals(2, z.rank());
        assertEquals(6, z.size());
        assertArrayEquals(new double[6], z.toDoubleArray());

        assertEquals(DType.FLOAT64, Tensor.zeros(DType.FLOAT64, 4).dtype());
        assertArrayEquals(new double[] {1, 1, 1}, Tensor.ones(3).toDoubleArray());

        Tensor oi = Tensor.ones(DType.INT32, 2, 2);
        assertEquals(DType.INT32, oi.dtype());
        assertArrayEquals(new int[] {1, 1, 1, 1}, oi.i32());

        Tensor f = Tensor.full(2.5, 2, 2);
        assertEquals(DType.FLOAT32, f.dtype());
        assertArrayEquals(new double[] {2.5, 2.5, 2.5, 2.5}, f.toDoubleArray());
        assertArrayEquals(new double[] {-1.25, -1.25, -1.25}, Tensor.full(DType.FLOAT64, -1.25, 3).toDoubleArray());
        assertArrayEquals(new int[] {-7, -7}, Tensor.full(DType.INT32, -7, 2).i32());
        assertThrows(IllegalArgumentException.class, () -> Tensor.full(DType.INT32, 0.5, 2));
    }

    @Test
    void zeroSizedAxesAreAllowed() {
        Tensor e = Tensor.zeros(0, 3);
        assertShape(e, 0, 3);
        assertEquals(0, e.size());
        assertEquals(0, e.toFloatArray().length);
    }

    @Test
    void likeFactoriesKeepShapeAndDtype() {
        Tensor x = Tensor.full(DType.FLOAT64, 5, 2, 3);
        Tensor z = Tensor.zerosLike(x);
        Tensor o = Tensor.onesLike(x);
        assertShape(z, 2, 3);
        assertShape(o, 2, 3);
        assertEquals(DType.FLOAT64, z.dtype());
        assertEquals(DType.FLOAT64, o.dtype());
        assertArrayEquals(new double[6], z.toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, o.toDoubleArray());
    }

    @Test
    void scalarHasRankZeroAndOneElement() {
        Tensor s = Tensor.scalar(3.5);
        assertEquals(0, s.rank());
        assertEquals(1, s.size());
        assertEquals(Shape.SCALAR, s.shape());
        assertEquals("[]", s.shape().toString());
        assertEquals(DType.FLOAT32, s.dtype());
        assertEquals(3.5, s.item());
        assertEquals(3.5, s.get());
        assertEquals(DType.FLOAT64, Tensor.scalar(DType.FLOAT64, 0.1).dtype());
        assertEquals(0.1, Tensor.scalar(DType.FLOAT64, 0.1).item());
    }

    @Test
    void float32StorageRoundsToFloat() {
        // 0.1 is not a float: float32 tensors hold the nearest float, float64 tensors the double
        assertEquals((double) 0.1f, Tensor.full(0.1, 1).get(0));
        assertEquals(0.1, Tensor.full(DType.FLOAT64, 0.1, 1).get(0));
    }

    @Test
    void arange() {
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, Tensor.arange(5).toDoubleArray());
        assertEquals(DType.FLOAT32, Tensor.arange(5).dtype());
        assertArrayEquals(new double[] {2, 5, 8}, Tensor.arange(2, 11, 3).toDoubleArray());
        assertArrayEquals(new double[] {2, 5, 8}, Tensor.arange(2, 9, 3).toDoubleArray(), "end is exclusive");
        assertArrayEquals(new double[] {5, 3, 1}, Tensor.arange(5, 0, -2).toDoubleArray());
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75}, Tensor.arange(0, 1, 0.25).toDoubleArray());
        assertEquals(0, Tensor.arange(3, 3, 1).size());
        assertEquals(0, Tensor.arange(3, 1, 1).size(), "an empty range, not an error");
        Tensor ints = Tensor.arange(DType.INT32, 0, 4, 1);
        assertEquals(DType.INT32, ints.dtype());
        assertArrayEquals(new int[] {0, 1, 2, 3}, ints.i32());
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 1, 0));
    }

    @Test
    void linspaceIncludesBothEnds() {
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, Tensor.linspace(0, 1, 5).toDoubleArray());
        assertArrayEquals(new double[] {-1, -3, -5}, Tensor.linspace(-1, -5, 3).toDoubleArray());
        assertArrayEquals(new double[] {3}, Tensor.linspace(3, 7, 1).toDoubleArray());
        assertEquals(0, Tensor.linspace(0, 1, 0).size());
        assertThrows(IllegalArgumentException.class, () -> Tensor.linspace(0, 1, -1));
    }

    @Test
    void linspaceEndsExactlyAtEndInFloat64() {
        // start + (end - start) * 6 / 6 is 0.9000000000000001 and 2.8999999999999995 for these ends,
        // not the end itself (NumPy returns end exactly)
        for (double end : new double[] {0.9, 2.9, 0.7}) {
            Tensor l = Tensor.linspace(DType.FLOAT64, 0.1, end, 7);
            assertEquals(0.1, l.get(0));
            assertEquals(end, l.get(6), "last value of linspace(0.1, " + end + ", 7)");
            for (int i = 0; i < 7; i++) {
                assertEquals(0.1 + (end - 0.1) * i / 6, l.get(i), 1e-15);
            }
        }
    }

    @Test
    void eyeIsTheIdentity() {
        Tensor e = Tensor.eye(3);
        assertShape(e, 3, 3);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(i == j ? 1.0 : 0.0, e.get(i, j));
            }
        }
        assertEquals(DType.FLOAT64, Tensor.eye(DType.FLOAT64, 2).dtype());
        assertEquals(0, Tensor.eye(0).size());
    }

    @Test
    void ofArraysCopiesTheDataAndKeepsItsType() {
        float[] src = {1, 2, 3, 4, 5, 6};
        Tensor f = Tensor.of(src, 2, 3);
        assertEquals(DType.FLOAT32, f.dtype());
        assertShape(f, 2, 3);
        assertEquals(4.0, f.get(1, 0));
        assertEquals(3.0, f.get(0, 2));
        src[0] = 99;
        assertEquals(1.0, f.get(0, 0), "of() copies its array");
        assertNotSame(src, f.data());

        Tensor v = Tensor.of(new float[] {7, 8});
        assertShape(v, 2);

        Tensor d = Tensor.of(new double[] {0.1, 0.2});
        assertEquals(DType.FLOAT64, d.dtype());
        assertArrayEquals(new double[] {0.1, 0.2}, d.toDoubleArray());

        Tensor i = Tensor.of(new int[] {3, -1, 4, 1}, 2, 2);
        assertEquals(DType.INT32, i.dtype());
        assertEquals(-1.0, i.get(0, 1));
        assertArrayEquals(new int[] {3, -1, 4, 1}, i.toIntArray());

        Tensor c = Tensor.of(DType.FLOAT32, new double[] {0.1, 2}, 2, 1);
        assertEquals(DType.FLOAT32, c.dtype());
        assertShape(c, 2, 1);
        assertEquals((double) 0.1f, c.get(0, 0));

        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[] {1, 2, 3}, 2, 2));
    }

    @Test
    void ofRowsBuildsMatrices() {
        Tensor m = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(DType.FLOAT32, m.dtype());
        assertShape(m, 2, 3);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, m.toFloatArray());

        Tensor d = Tensor.of(new double[][] {{0.5}, {-0.5}});
        assertEquals(DType.FLOAT64, d.dtype());
        assertShape(d, 2, 1);
        assertArrayEquals(new double[] {0.5, -0.5}, d.toDoubleArray());

        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[][] {{1, 2}, {3}}));
    }

    @Test
    void getAndSetAcceptNegativeIndices() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(6.0, t.get(-1, -1));
        assertEquals(4.0, t.get(-1, 0));
        assertEquals(2.0, t.get(-2, -2));

        int v0 = t.version();
        assertSame(t, t.set(9, -2, 0));
        assertEquals(9.0, t.get(0, 0));
        t.set(-3, 1, -1);
        assertArrayEquals(new float[] {9, 2, 3, 4, 5, -3}, t.toFloatArray());
        assertEquals(v0 + 2, t.version(), "each set is an in-place change");

        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(0, -4));
        assertThrows(IllegalArgumentException.class, () -> t.get(0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.INT32, 2).set(2.5, 0));
    }

    @Test
    void itemNeedsExactlyOneElement() {
        assertEquals(7.0, Tensor.full(7, 1, 1).item());
        assertEquals(-2.0, Tensor.of(new int[] {-2}).item());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(2).item());
        assertTrue(e.getMessage().contains("[2]"), e.getMessage());
    }

    @Test
    void conversionsToJavaArrays() {
        Tensor t = Tensor.of(new double[] {1.7, -1.7, 0.1});
        assertArrayEquals(new float[] {1.7f, -1.7f, 0.1f}, t.toFloatArray());
        assertArrayEquals(new double[] {1.7, -1.7, 0.1}, t.toDoubleArray());
        assertArrayEquals(new int[] {1, -1, 0}, t.toIntArray(), "toIntArray truncates toward zero");
        assertArrayEquals(new double[] {1.7, -1.7, 0.1}, t.f64());
        assertThrows(IllegalStateException.class, t::f32);
        assertThrows(IllegalStateException.class, t::i32);
        assertArrayEquals(new double[] {3, 4}, Tensor.of(new int[] {3, 4}).toDoubleArray());
    }

    @Test
    void copyIsDeepAndDetachShares() {
        Tensor x = Tensor.of(new float[] {1, 2, 3});
        Tensor c = x.copy();
        c.set(10, 0);
        assertEquals(1.0, x.get(0));
        Tensor d = x.detach();
        d.set(20, 1);
        assertEquals(20.0, x.get(1), "detach shares storage");
    }
}
