package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Reshapes, axis moves, slicing, joining, indexing, arg-reductions, comparisons and matmul: values. */
class LayoutOpsTest {

    /** float64 values 0, 1, ..., n-1 in the given shape. */
    private static Tensor iota(int... dims) {
        return Tensor.arange(DType.FLOAT64, 0, Shape.of(dims).size(), 1).reshape(dims);
    }

    private static void assertShape(Tensor t, int... dims) {
        assertArrayEquals(dims, t.shape().dims(), () -> "shape " + t.shape());
    }

    private static void assertValues(Tensor t, double... expected) {
        assertArrayEquals(expected, t.toDoubleArray(), 0.0, () -> "values of " + t);
    }

    @Test
    void reshapeInfersMinusOneAndIsAView() {
        Tensor x = iota(6);
        Tensor r = x.reshape(2, -1);
        assertShape(r, 2, 3);
        assertEquals(5.0, r.get(1, 2));
        assertEquals(3.0, r.get(1, 0));
        assertShape(x.reshape(-1, 2), 3, 2);
        assertShape(x.reshape(1, 6, 1), 1, 6, 1);
        assertShape(x.reshape(3, 1, -1), 3, 1, 2);

        r.set(100, 1, 2);
        assertEquals(100.0, x.get(5), "a reshape shares storage with its source");
        x.set(-1, 0);
        assertEquals(-1.0, r.get(0, 0));
        assertEquals(x.version(), r.version());

        assertThrows(IllegalArgumentException.class, () -> x.reshape(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> x.reshape(4, -1));
        assertThrows(IllegalArgumentException.class, () -> x.reshape(-2, 3));
    }

    @Test
    void flatten() {
        Tensor x = iota(2, 3, 4);
        Tensor f = x.flatten();
        assertShape(f, 24);
        for (int i = 0; i < 24; i++) {
            assertEquals(i, f.get(i));
        }
        Tensor f1 = x.flatten(1);
        assertShape(f1, 2, 12);
        assertEquals(x.get(1, 2, 3), f1.get(1, 2 * 4 + 3));
        assertShape(x.flatten(-2), 2, 12);
        assertShape(x.flatten(0), 24);
        assertShape(x.flatten(2), 2, 3, 4);
    }

    @Test
    void unsqueezeAndSqueeze() {
        Tensor x = iota(2, 3);
        assertShape(x.unsqueeze(0), 1, 2, 3);
        assertShape(x.unsqueeze(1), 2, 1, 3);
        assertShape(x.unsqueeze(2), 2, 3, 1);
        assertShape(x.unsqueeze(-1), 2, 3, 1);
        assertShape(x.unsqueeze(-3), 1, 2, 3);
        assertShape(Tensor.scalar(1).unsqueeze(0), 1);
        assertShape(x.unsqueeze(1).squeeze(1), 2, 3);
        assertShape(x.unsqueeze(-1).squeeze(-1), 2, 3);
        assertShape(Tensor.zeros(1).squeeze(0));
        assertValues(x.unsqueeze(1), 0, 1, 2, 3, 4, 5);
        assertThrows(IllegalArgumentException.class, () -> x.squeeze(0));
        assertThrows(IllegalArgumentException.class, () -> x.unsqueeze(3));
        assertThrows(IllegalArgumentException.class, () -> x.unsqueeze(-4));
    }

    @Test
    void transposeOfAMatrix() {
        Tensor a = iota(2, 3);
        for (Tensor t : new Tensor[] {a.t(), a.transpose(0, 1), a.transpose(-1, -2), a.permute(1, 0)}) {
            assertShape(t, 3, 2);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(a.get(i, j), t.get(j, i));
                }
            }
        }
        assertValues(a.t(), 0, 3, 1, 4, 2, 5);
        Tensor t = a.t();
        t.set(50, 0, 0);
        assertEquals(0.0, a.get(0, 0), "permute returns a copy");
    }

    @Test
    void transposeAndPermuteOfRankThree() {
        Tensor x = iota(2, 3, 4);
        Tensor p = x.permute(2, 0, 1);
        Tensor pn = x.permute(-1, 0, -2);
        Tensor tr = x.transpose(0, 2);
        assertShape(p, 4, 2, 3);
        assertShape(pn, 4, 2, 3);
        assertShape(tr, 4, 3, 2);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    double v = i * 12 + j * 4 + k;
                    assertEquals(v, p.get(k, i, j));
                    assertEquals(v, pn.get(k, i, j));
                    assertEquals(v, tr.get(k, j, i));
                }
            }
        }
        assertValues(x.permute(0, 1, 2), x.toDoubleArray());
    }

    @Test
    void sliceWithStepsAndNegativeBounds() {
        Tensor x = iota(10);
        assertValues(x.slice(0, 2, 8, 2), 2, 4, 6);
        assertValues(x.slice(0, 2, 9, 3), 2, 5, 8);
        assertValues(x.slice(0, -3, 10), 7, 8, 9);
        assertValues(x.slice(0, 1, -1), 1, 2, 3, 4, 5, 6, 7, 8);
        assertValues(x.slice(0, -8, -1, 3), 2, 5, 8);
        assertValues(x.slice(0, 0, 10, 20), 0);
        assertEquals(0, x.slice(0, 3, 3).size());

        Tensor m = iota(3, 4);
        Tensor cols = m.slice(1, 1, 3);
        assertShape(cols, 3, 2);
        assertValues(cols, 1, 2, 5, 6, 9, 10);
        assertValues(m.slice(-1, 0, 4, 3), 0, 3, 4, 7, 8, 11);
        Tensor rows = m.slice(0, 1, 3);
        assertShape(rows, 2, 4);
        assertValues(rows, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThrows(IllegalArgumentException.class, () -> x.slice(0, 0, 5, 0));
    }

    @Test
    void concat() {
        Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}});
        Tensor b = Tensor.of(new double[][] {{5, 6}});
        Tensor c0 = Tensor.concat(0, a, b);
        assertShape(c0, 3, 2);
        assertValues(c0, 1, 2, 3, 4, 5, 6);

        Tensor col = Tensor.of(new double[][] {{7}, {8}});
        Tensor c1 = Tensor.concat(1, a, col);
        assertShape(c1, 2, 3);
        assertValues(c1, 1, 2, 7, 3, 4, 8);
        assertValues(Tensor.concat(-1, a, col), 1, 2, 7, 3, 4, 8);
        assertValues(Tensor.concat(1, col, a, col), 7, 1, 2, 7, 8, 3, 4, 8);

        Tensor v = Tensor.concat(0, iota(2), iota(3), iota(1));
        assertValues(v, 0, 1, 0, 1, 2, 0);

        // rank 3, middle axis: [2,1,2] ++ [2,2,2]
        Tensor p = iota(2, 1, 2);
        Tensor q = iota(2, 2, 2).add(10);
        Tensor pq = Tensor.concat(1, p, q);
        assertShape(pq, 2, 3, 2);
        assertValues(pq, 0, 1, 10, 11, 12, 13, 2, 3, 14, 15, 16, 17);
    }

    @Test
    void stack() {
        Tensor a = Tensor.of(new double[] {1, 2, 3});
        Tensor b = Tensor.of(new double[] {4, 5, 6});
        Tensor s0 = Tensor.stack(0, a, b);
        assertShape(s0, 2, 3);
        assertValues(s0, 1, 2, 3, 4, 5, 6);
        Tensor s1 = Tensor.stack(1, a, b);
        assertShape(s1, 3, 2);
        assertValues(s1, 1, 4, 2, 5, 3, 6);
        assertValues(Tensor.stack(-1, a, b), 1, 4, 2, 5, 3, 6);
        assertShape(Tensor.stack(0, Tensor.scalar(1), Tensor.scalar(2)), 2);
    }

    @Test
    void broadcastTo() {
        Tensor col = Tensor.of(new double[] {1, 2, 3}, 3, 1);
        Tensor b = col.broadcastTo(3, 4);
        assertShape(b, 3, 4);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(i + 1.0, b.get(i, j));
            }
        }
        Tensor row = iota(4);
        Tensor r = row.broadcastTo(2, 3, 4);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(k, r.get(i, j, k));
                }
            }
        }
        assertValues(Tensor.scalar(DType.FLOAT64, 7).broadcastTo(2, 2), 7, 7, 7, 7);
        assertValues(iota(2, 1, 2).broadcastTo(2, 2, 2), 0, 1, 0, 1, 2, 3, 2, 3);
    }

    @Test
    void gatherPicksAlongAnAxis() {
        Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor g1 = x.gather(1, Tensor.of(new int[] {2, 0, 1, 1}, 2, 2));
        assertShape(g1, 2, 2);
        assertValues(g1, 3, 1, 5, 5);
        Tensor g0 = x.gather(0, Tensor.of(new int[] {1, 0, 1}, 1, 3));
        assertShape(g0, 1, 3);
        assertValues(g0, 4, 2, 6);
        // labels as a column: the NLL pattern
        assertValues(x.gather(-1, Tensor.of(new int[] {0, 2}, 2, 1)), 1, 6);
        // a smaller index along a non-gather axis reads only the leading rows
        assertValues(x.gather(1, Tensor.of(new int[] {1}, 1, 1)), 2);
    }

    @Test
    void indexSelectPicksWholeSlices() {
        Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        Tensor rows = x.indexSelect(0, 2, 0, 2);
        assertShape(rows, 3, 2);
        assertValues(rows, 5, 6, 1, 2, 5, 6);
        Tensor cols = x.indexSelect(1, 1);
        assertShape(cols, 3, 1);
        assertValues(cols, 2, 4, 6);
        assertValues(x.indexSelect(-1, 1, 0), 2, 1, 4, 3, 6, 5);
        assertShape(x.indexSelect(0), 0, 2);
    }

    @Test
    void argmaxAndArgminTakeTheFirstIndexAtTies() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.of(dt, new double[] {1, 5, 5, 7, 2, 7, 0, 0, 0}, 3, 3);
            Tensor am1 = x.argmax(1);
            assertEquals(DType.INT32, am1.dtype());
            assertShape(am1, 3);
            assertArrayEquals(new int[] {1, 0, 0}, am1.i32());
            assertArrayEquals(new int[] {1, 0, 0}, x.argmax(-1).i32());
            assertArrayEquals(new int[] {0, 1, 0}, x.argmin(1).i32());
            assertArrayEquals(new int[] {1, 0, 1}, x.argmax(0).i32());
            assertArrayEquals(new int[] {2, 2, 2}, x.argmin(0).i32());
        }
        Tensor v = Tensor.of(new float[] {-3, 2, -3, 2});
        assertEquals(1.0, v.argmax(0).item());
        assertEquals(0.0, v.argmin(0).item());
        assertShape(v.argmax(0));
    }

    @Test
    void comparisonsGiveZerosAndOnes() {
        Tensor a = Tensor.of(new float[] {1, 2, 3});
        Tensor b = Tensor.of(new float[] {3, 2, 1});
        assertValues(a.gt(b), 0, 0, 1);
        assertValues(a.ge(b), 0, 1, 1);
        assertValues(a.lt(b), 1, 0, 0);
        assertValues(a.le(b), 1, 1, 0);
        assertValues(a.eq(b), 0, 1, 0);
        assertValues(a.ne(b), 1, 0, 1);
        assertValues(a.gt(2), 0, 0, 1);
        assertValues(a.ge(2), 0, 1, 1);
        assertValues(a.lt(2), 1, 0, 0);
        assertValues(a.le(2), 1, 1, 0);
        // broadcast: [3,1] against [3] is the equality table
        Tensor table = a.reshape(3, 1).eq(a);
        assertShape(table, 3, 3);
        assertValues(table, 1, 0, 0, 0, 1, 0, 0, 0, 1);
        assertValues(Tensor.of(new double[] {Double.NaN}).eq(Tensor.of(new double[] {Double.NaN})), 0);
        Tensor x = Tensor.of(new double[] {1, -1}).requiresGrad(true);
        assertFalse(x.gt(0).requiresGrad(), "comparisons record no gradient");
    }

    @Test
    void matmulValues() {
        Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}});
        Tensor b = Tensor.of(new double[][] {{5, 6}, {7, 8}});
        assertValues(a.matmul(b), 19, 22, 43, 50);

        Tensor m = iota(2, 3);              // [[0,1,2],[3,4,5]]
        Tensor n = iota(3, 2).add(1);       // [[1,2],[3,4],[5,6]]
        Tensor mn = m.matmul(n);
        assertShape(mn, 2, 2);
        assertValues(mn, 13, 16, 40, 52);
        assertValues(Tensor.of(new float[][] {{1, 2, 3}}).matmul(Tensor.of(new float[][] {{1}, {1}, {1}})), 6);
    }

    @Test
    void matmulWithVectorsFollowsNumPy() {
        Tensor u = Tensor.of(new double[] {1, 2, 3});
        Tensor v = Tensor.of(new double[] {4, 5, 6});
        Tensor dot = u.matmul(v);
        assertShape(dot);
        assertEquals(32.0, dot.item());

        Tensor m = iota(3, 2);              // [[0,1],[2,3],[4,5]]
        Tensor um = u.matmul(m);
        assertShape(um, 2);
        assertValues(um, 16, 22);

        Tensor mt = m.t();                  // [[0,2,4],[1,3,5]]
        Tensor mu = mt.matmul(u);
        assertShape(mu, 2);
        assertValues(mu, 16, 22);

        Tensor batch = iota(2, 3, 2);
        Tensor ub = u.matmul(batch);
        assertShape(ub, 2, 2);
        assertValues(ub, 16, 22, 52, 58);
    }

    @Test
    void batchedMatmulBroadcastsLeadingAxes() {
        Tensor a = iota(2, 2, 3);
        Tensor b = iota(3, 2).sub(2);
        Tensor c = a.matmul(b);
        assertShape(c, 2, 2, 2);
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    double s = 0;
                    for (int k = 0; k < 3; k++) {
                        s += a.get(t, i, k) * b.get(k, j);
                    }
                    assertEquals(s, c.get(t, i, j), 1e-12);
                }
            }
        }
    }

    @Test
    void reductionsOverAxes() {
        Tensor x = iota(2, 3);              // [[0,1,2],[3,4,5]]
        assertEquals(15.0, x.sum().item());
        assertValues(x.sum(0), 3, 5, 7);
        assertValues(x.sum(1), 3, 12);
        assertValues(x.sum(-1), 3, 12);
        assertShape(x.sum(new int[] {1}, true), 2, 1);
        assertShape(x.sum(new int[] {0, 1}, true), 1, 1);
        assertEquals(2.5, x.mean().item());
        assertValues(x.mean(0), 1.5, 2.5, 3.5);
        assertValues(x.max(1), 2, 5);
        assertValues(x.min(0), 0, 1, 2);
        assertEquals(5.0, x.max().item());
        assertValues(Tensor.zeros(DType.FLOAT64, 2, 0).sum(1), 0, 0);
    }
}
