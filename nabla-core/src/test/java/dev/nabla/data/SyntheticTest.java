package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

class SyntheticTest {

    static int[] counts(Dataset d) {
        int[] c = new int[d.numClasses()];
        for (int y : d.targets().toIntArray()) {
            c[y]++;
        }
        return c;
    }

    static void assertClassification(Dataset d, int n, int features, int classes) {
        assertArrayEquals(new int[] {n, features}, d.features().shape().dims());
        assertEquals(DType.FLOAT32, d.features().dtype());
        assertArrayEquals(new int[] {n}, d.targets().shape().dims());
        assertEquals(DType.INT32, d.targets().dtype());
        assertEquals(classes, d.classNames().size());
        assertEquals("0", d.classNames().getFirst());
        int[] c = counts(d);
        assertTrue(Arrays.stream(c).max().getAsInt() - Arrays.stream(c).min().getAsInt() <= 1, "unbalanced: "
                + Arrays.toString(c));
    }

    static void assertDeterministic(LongFunction<Dataset> make) {
        Dataset a = make.apply(1), b = make.apply(1), c = make.apply(2);
        assertArrayEquals(a.features().toFloatArray(), b.features().toFloatArray());
        assertArrayEquals(a.targets().toDoubleArray(), b.targets().toDoubleArray());
        assertFalse(Arrays.equals(a.features().toFloatArray(), c.features().toFloatArray()));
    }

    @Test
    void xorIsFourNoisyCornersLabelledByXor() {
        Dataset d = Synthetic.xor(200, 0.1, 7);
        assertClassification(d, 200, 2, 2);
        assertArrayEquals(new int[] {100, 100}, counts(d));
        Dataset exact = Synthetic.xor(8, 0, 7);
        float[] x = exact.features().toFloatArray();
        int[] y = exact.targets().toIntArray();
        for (int i = 0; i < 8; i++) {
            assertTrue((x[2 * i] == 0 || x[2 * i] == 1) && (x[2 * i + 1] == 0 || x[2 * i + 1] == 1));
            assertEquals((int) x[2 * i] ^ (int) x[2 * i + 1], y[i]);
        }
        assertDeterministic(s -> Synthetic.xor(50, 0.2, s));
    }

    @Test
    void xorSamplesAreShuffled() {
        int[] y = Synthetic.xor(100, 0.1, 3).targets().toIntArray();
        int[] pattern = new int[100];
        for (int i = 0; i < 100; i++) {
            pattern[i] = (i & 1) ^ ((i & 2) >> 1);
        }
        assertFalse(Arrays.equals(pattern, y));
    }

    @Test
    void circlesHaveTheirRadii() {
        Dataset d = Synthetic.circles(101, 0, 0.4, 5);
        assertClassification(d, 101, 2, 2);
        assertArrayEquals(new int[] {50, 51}, counts(d)); // n / 2 outer, the rest inner
        float[] x = d.features().toFloatArray();
        int[] y = d.targets().toIntArray();
        for (int i = 0; i < 101; i++) {
            assertEquals(y[i] == 0 ? 1 : 0.4, Math.hypot(x[2 * i], x[2 * i + 1]), 1e-6);
        }
        assertDeterministic(s -> Synthetic.circles(60, 0.05, 0.5, s));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Synthetic.circles(10, 0, 1, 0));
        assertEquals("circles: factor must be in (0, 1), got 1.0", e.getMessage());
    }

    @Test
    void spiralsInterleave() {
        Dataset d = Synthetic.spirals(301, 0, 5);
        assertClassification(d, 301, 2, 2);
        float[] x = d.features().toFloatArray();
        for (int i = 0; i < 301; i++) {
            assertTrue(Math.hypot(x[2 * i], x[2 * i + 1]) < 1 + 1e-6);
        }
        // the second arm is the first turned by half a turn: without noise, class 1 = -(class 0), point for point
        Dataset even = Synthetic.spirals(300, 0, 5);
        float[] e = even.features().toFloatArray();
        int[] y = even.targets().toIntArray();
        double[][] sums = new double[2][2];
        for (int i = 0; i < 300; i++) {
            sums[y[i]][0] += e[2 * i];
            sums[y[i]][1] += e[2 * i + 1];
        }
        assertEquals(-sums[0][0], sums[1][0], 1e-4);
        assertEquals(-sums[0][1], sums[1][1], 1e-4);
        assertTrue(Math.hypot(sums[0][0], sums[0][1]) > 1, "a spiral arm should not be centred");
        assertDeterministic(s -> Synthetic.spirals(100, 0.1, s));
    }

    @Test
    void blobsAreSplitEvenlyAroundTheirCentres() {
        Dataset d = Synthetic.blobs(100, 3, 0.5, 11);
        assertClassification(d, 100, 2, 3);
        assertArrayEquals(new int[] {34, 33, 33}, counts(d));
        // every point is within 5 std of its own class mean
        float[] x = d.features().toFloatArray();
        int[] y = d.targets().toIntArray();
        double[][] mean = new double[3][2];
        for (int i = 0; i < 100; i++) {
            mean[y[i]][0] += x[2 * i] / counts(d)[y[i]];
            mean[y[i]][1] += x[2 * i + 1] / counts(d)[y[i]];
        }
        for (int i = 0; i < 100; i++) {
            assertTrue(Math.hypot(x[2 * i] - mean[y[i]][0], x[2 * i + 1] - mean[y[i]][1]) < 2.5);
        }
        assertDeterministic(s -> Synthetic.blobs(40, 4, 1, s));
        assertThrows(IllegalArgumentException.class, () -> Synthetic.blobs(10, 0, 1, 0));
    }

    @Test
    void linearRegressionFollowsItsWeights() {
        double[] w = {2, -1, 0.5};
        Dataset d = Synthetic.linearRegression(500, w, 3, 0, 8);
        assertArrayEquals(new int[] {500, 3}, d.features().shape().dims());
        assertArrayEquals(new int[] {500, 1}, d.targets().shape().dims());
        assertEquals(DType.FLOAT32, d.targets().dtype());
        assertFalse(d.isClassification());
        float[] x = d.features().toFloatArray();
        float[] y = d.targets().toFloatArray();
        for (int i = 0; i < 500; i++) {
            assertEquals(2 * x[3 * i] - x[3 * i + 1] + 0.5 * x[3 * i + 2] + 3, y[i], 1e-5);
        }
        Dataset noisy = Synthetic.linearRegression(4000, w, 3, 0.5, 8);
        float[] xn = noisy.features().toFloatArray();
        float[] yn = noisy.targets().toFloatArray();
        double squares = 0;
        for (int i = 0; i < 4000; i++) {
            double r = yn[i] - (2 * xn[3 * i] - xn[3 * i + 1] + 0.5 * xn[3 * i + 2] + 3);
            squares += r * r;
        }
        assertEquals(0.5, Math.sqrt(squares / 4000), 0.02);
        assertDeterministic(s -> Synthetic.linearRegression(20, w, 0, 0.1, s));
    }

    @Test
    void sineCoversMinusPiToPi() {
        Dataset d = Synthetic.sine(1000, 0, 4);
        assertArrayEquals(new int[] {1000, 1}, d.features().shape().dims());
        assertArrayEquals(new int[] {1000, 1}, d.targets().shape().dims());
        float[] x = d.features().toFloatArray();
        float[] y = d.targets().toFloatArray();
        double lo = 0, hi = 0;
        for (int i = 0; i < 1000; i++) {
            assertTrue(x[i] >= -Math.PI && x[i] <= Math.PI);
            assertEquals(Math.sin(x[i]), y[i], 1e-6);
            lo = Math.min(lo, x[i]);
            hi = Math.max(hi, x[i]);
        }
        assertTrue(lo < -3.1 && hi > 3.1, "range " + lo + " to " + hi);
        assertDeterministic(s -> Synthetic.sine(30, 0.1, s));
    }

    @Test
    void truthTables() {
        int[][] expected = {{0, 0, 0, 1}, {0, 1, 1, 1}, {0, 1, 1, 0}, {1, 1, 1, 0}, {1, 0, 0, 0}};
        for (int k = 0; k < 5; k++) {
            Dataset d = Synthetic.truthTable(Synthetic.TRUTH_TABLES.get(k));
            assertArrayEquals(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, d.features().toFloatArray());
            assertArrayEquals(expected[k], d.targets().toIntArray(), Synthetic.TRUTH_TABLES.get(k));
            assertEquals(List.of("0", "1"), d.classNames());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Synthetic.truthTable("xnor"));
        assertEquals("truthTable: unknown function 'xnor' (known: and, or, xor, nand, nor)", e.getMessage());
    }

    @Test
    void argumentsAreValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Synthetic.xor(0, 0.1, 1));
        assertEquals("xor: n must be >= 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Synthetic.sine(10, -1, 1));
        assertEquals("sine: noise must be a finite number >= 0, got -1.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Synthetic.linearRegression(10, new double[0], 0, 0, 1));
    }
}
