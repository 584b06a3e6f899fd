package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitsTest {

    /** Samples whose feature is their index; labels given per class count (class 0 first, then 1, ...). */
    static Dataset withClasses(int... counts) {
        int n = Arrays.stream(counts).sum();
        float[] x = new float[n];
        int[] y = new int[n];
        int i = 0;
        for (int c = 0; c < counts.length; c++) {
            for (int k = 0; k < counts[c]; k++, i++) {
                x[i] = i;
                y[i] = c;
            }
        }
        List<String> names = IntStream.range(0, counts.length).mapToObj(c -> "class" + c).toList();
        return new Dataset(Tensor.of(x, n, 1), Tensor.of(y, n), List.of("id"), names);
    }

    static int[] ids(Dataset d) {
        return Arrays.stream(d.features().toDoubleArray()).mapToInt(v -> (int) v).toArray();
    }

    static int[] classCounts(Dataset d, int classes) {
        int[] counts = new int[classes];
        for (int y : d.targets().toIntArray()) {
            counts[y]++;
        }
        return counts;
    }

    /** Train and test are disjoint, together every sample once, and each row keeps its own label. */
    static void assertPartition(Dataset all, Splits.Split s) {
        int[] train = ids(s.train());
        int[] test = ids(s.test());
        int[] both = IntStream.concat(Arrays.stream(train), Arrays.stream(test)).sorted().toArray();
        assertArrayEquals(IntStream.range(0, all.size()).toArray(), both, "not disjoint and complete");
        int[] labels = all.targets().toIntArray();
        for (Dataset part : List.of(s.train(), s.test())) {
            int[] id = ids(part);
            int[] y = part.targets().toIntArray();
            for (int k = 0; k < id.length; k++) {
                assertEquals(labels[id[k]], y[k]);
            }
            assertEquals(all.classNames(), part.classNames());
            assertEquals(all.featureNames(), part.featureNames());
        }
    }

    @Test
    void trainTestSizesAndPartition() {
        Dataset d = withClasses(50, 50, 50);
        Splits.Split s = Splits.trainTest(d, 0.2, 1, false);
        assertEquals(120, s.train().size());
        assertEquals(30, s.test().size());
        assertPartition(d, s);
        // scikit-learn's rounding: ceil(0.25 * 10) = 3 to test
        assertEquals(3, Splits.trainTest(withClasses(10), 0.25, 1, false).test().size());
        // 0.1 * 30 is 3.0000000000000004 in binary: still 3, not 4
        assertEquals(3, Splits.trainTest(withClasses(30), 0.1, 1, false).test().size());
    }

    @Test
    void trainTestIsShuffledAndFixedByTheSeed() {
        Dataset d = withClasses(100);
        Splits.Split a = Splits.trainTest(d, 0.3, 5, false);
        Splits.Split b = Splits.trainTest(d, 0.3, 5, false);
        Splits.Split c = Splits.trainTest(d, 0.3, 6, false);
        assertArrayEquals(ids(a.test()), ids(b.test()));
        assertArrayEquals(ids(a.train()), ids(b.train()));
        assertFalse(Arrays.equals(ids(a.test()), ids(c.test())));
        assertFalse(Arrays.equals(ids(a.test()), IntStream.range(70, 100).toArray()), "not shuffled");
    }

    @Test
    void stratifiedKeepsClassProportionsExactly() {
        Dataset d = withClasses(60, 30, 10);
        for (long seed = 0; seed < 5; seed++) {
            Splits.Split s = Splits.trainTest(d, 0.2, seed, true);
            assertPartition(d, s);
            assertArrayEquals(new int[] {12, 6, 2}, classCounts(s.test(), 3));
            assertArrayEquals(new int[] {48, 24, 8}, classCounts(s.train(), 3));
        }
    }

    @Test
    void stratifiedRoundsSharesToTheTestSize() {
        // 15 samples, 30% -> ceil(4.5) = 5 to test; exact shares 2.33, 1.67, 1.0 -> 2, 2, 1
        Dataset d = withClasses(7, 5, 3);
        Splits.Split s = Splits.trainTest(d, 0.3, 3, true);
        assertPartition(d, s);
        assertArrayEquals(new int[] {2, 2, 1}, classCounts(s.test(), 3));
        // on an imbalanced set every class keeps its share within one sample
        Dataset big = withClasses(500, 97, 13, 2);
        Splits.Split t = Splits.trainTest(big, 0.25, 11, true);
        assertPartition(big, t);
        int[] test = classCounts(t.test(), 4);
        int[] sizes = {500, 97, 13, 2};
        for (int c = 0; c < 4; c++) {
            assertEquals(sizes[c] * 0.25, test[c], 1.0, "class " + c);
        }
        assertEquals(153, t.test().size());
    }

    @Test
    void stratifiedMixesTheClasses() {
        Splits.Split s = Splits.trainTest(withClasses(50, 50), 0.5, 2, true);
        int[] y = s.test().targets().toIntArray();
        int[] sorted = y.clone();
        Arrays.sort(sorted);
        assertFalse(Arrays.equals(sorted, y), "test part lists the classes in blocks");
    }

    @Test
    void stratifyErrors() {
        Dataset regression = Dataset.of(Tensor.zeros(10, 2), Tensor.zeros(10, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Splits.trainTest(regression, 0.2, 0, true));
        assertTrue(e.getMessage().contains("int32 class labels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Splits.trainTest(withClasses(5, 1, 4), 0.2, 0, true));
        assertTrue(e.getMessage().contains("class 1 'class1' has 1"), e.getMessage());
        // a plain split of the same data is fine
        assertEquals(2, Splits.trainTest(withClasses(5, 1, 4), 0.2, 0, false).test().size());
    }

    @Test
    void holdOutLastTakesTheTailInOrder() {
        Dataset d = withClasses(10);
        Splits.Split s = Splits.holdOutLast(d, 0.2);
        assertArrayEquals(IntStream.range(0, 8).toArray(), ids(s.train()));
        assertArrayEquals(new int[] {8, 9}, ids(s.test()));
        // Keras: floor(n * (1 - f)) to train
        assertArrayEquals(new int[] {6, 7, 8, 9}, ids(Splits.holdOutLast(d, 0.35).test()));
        // 10 * (1 - 0.9) is 0.9999999999999998 in binary: still 1 to train
        assertEquals(1, Splits.holdOutLast(d, 0.9).train().size());
        assertPartition(d, s);
    }

    @Test
    void fractionsAreValidated() {
        Dataset d = withClasses(10);
        for (double f : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Splits.holdOutLast(d, f));
            assertEquals("holdOutLast: fraction must be in (0, 1), got " + f, e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Splits.trainTest(d, f, 0, false));
            assertEquals("trainTest: testFraction must be in (0, 1), got " + f, e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Splits.holdOutLast(withClasses(1), 0.5));
        assertEquals("holdOutLast: fraction 0.5 of 1 samples leaves 0 to train on and 1 to test (both must be non-empty)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Splits.holdOutLast(withClasses(10), 1e-12));
        assertTrue(e.getMessage().contains("leaves 10 to train on and 0 to test"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Splits.trainTest(withClasses(3), 0.9, 0, false));
        assertTrue(e.getMessage().contains("leaves 0 to train on and 3 to test"), e.getMessage());
    }
}
