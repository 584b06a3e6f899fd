package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataLoaderTest {

    /** n samples whose features [n, 2] are (i, -i) and whose labels are i % 3: each row names itself. */
    static Dataset numbered(int n) {
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i % 3;
        }
        return Dataset.of(Tensor.of(x, n, 2), Tensor.of(y, n));
    }

    /** Every batch's indices, in order, for one epoch; checks that rows match their indices. */
    static List<int[]> epoch(DataLoader loader) {
        List<int[]> out = new ArrayList<>();
        for (Batch b : loader) {
            float[] x = b.features().toFloatArray();
            int[] y = b.targets().toIntArray();
            for (int k = 0; k < b.size(); k++) {
                assertEquals(b.indices()[k], x[2 * k]);
                assertEquals(-b.indices()[k], x[2 * k + 1]);
                assertEquals(b.indices()[k] % 3, y[k]);
            }
            out.add(b.indices());
        }
        return out;
    }

    static int[] flat(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void everySampleExactlyOncePerEpochWithBatchSizes() {
        DataLoader loader = new DataLoader(numbered(103), 10, true, 7, false);
        assertEquals(11, loader.batchesPerEpoch());
        assertEquals(103, loader.samplesPerEpoch());
        for (int e = 0; e < 3; e++) {
            List<int[]> batches = epoch(loader);
            assertEquals(11, batches.size());
            for (int b = 0; b < 10; b++) {
                assertEquals(10, batches.get(b).length);
            }
            assertEquals(3, batches.get(10).length);
            int[] all = flat(batches);
            Arrays.sort(all);
            assertArrayEquals(IntStream.range(0, 103).toArray(), all);
        }
    }

    @Test
    void dropLastLeavesOutTheShortBatchOnly() {
        DataLoader loader = new DataLoader(numbered(103), 10, true, 7, true);
        assertEquals(10, loader.batchesPerEpoch());
        assertEquals(100, loader.samplesPerEpoch());
        List<int[]> batches = epoch(loader);
        assertEquals(10, batches.size());
        assertTrue(batches.stream().allMatch(b -> b.length == 10));
        assertEquals(100, Arrays.stream(flat(batches)).distinct().count());
        // an exact multiple drops nothing
        assertEquals(5, new DataLoader(numbered(100), 20, false, 0, true).batchesPerEpoch());
    }

    @Test
    void sameSeedSameOrderEveryEpochAndEpochsDiffer() {
        DataLoader a = new DataLoader(numbered(50), 8, true, 42, false);
        DataLoader b = new DataLoader(numbered(50), 8, true, 42, false);
        DataLoader c = new DataLoader(numbered(50), 8, true, 43, false);
        int[] previous = null;
        for (int e = 0; e < 4; e++) {
            int[] ea = flat(epoch(a));
            int[] eb = flat(epoch(b));
            assertArrayEquals(ea, eb, "epoch " + e);
            assertFalse(Arrays.equals(ea, flat(epoch(c))), "seed 43 gave seed 42's order in epoch " + e);
            if (previous != null) {
                assertFalse(Arrays.equals(previous, ea), "epochs " + (e - 1) + " and " + e + " have the same order");
            }
            previous = ea;
        }
    }

    @Test
    void shuffleUsesTheTrainersScheme() {
        // Trainer.fit draws new Generator(seed).permutation(n) once per epoch: a loader with the same seed agrees
        Generator g = new Generator(5);
        DataLoader loader = new DataLoader(numbered(30), 30, true, 5, false);
        for (int e = 0; e < 3; e++) {
            assertArrayEquals(g.permutation(30), loader.iterator().next().indices());
        }
    }

    @Test
    void noShuffleKeepsDataSetOrder() {
        DataLoader loader = new DataLoader(numbered(25), 4, false, 99, false);
        for (int e = 0; e < 2; e++) {
            List<int[]> batches = epoch(loader);
            assertArrayEquals(IntStream.range(0, 25).toArray(), flat(batches));
            assertArrayEquals(new int[] {24}, batches.get(6));
        }
    }

    @Test
    void batchSizeOfOneAndOfAll() {
        assertEquals(7, epoch(new DataLoader(numbered(7), 1, true, 1, false)).size());
        List<int[]> full = epoch(new DataLoader(numbered(7), 100, true, 1, false));
        assertEquals(1, full.size());
        assertEquals(7, full.get(0).length);
    }

    @Test
    void iteratorEndsWithNoSuchElement() {
        Iterator<Batch> it = new DataLoader(numbered(3), 2, false, 0, false).iterator();
        it.next();
        it.next();
        assertFalse(it.hasNext());
        NoSuchElementException e = assertThrows(NoSuchElementException.class, it::next);
        assertTrue(e.getMessage().contains("2 batches"), e.getMessage());
    }

    @Test
    void argumentsAreValidatedWithNameAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataLoader(numbered(10), 0, true, 0, false));
        assertEquals("DataLoader: batchSize must be >= 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DataLoader(numbered(10), 11, true, 0, true));
        assertTrue(e.getMessage().contains("batchSize 11") && e.getMessage().contains("10 samples"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DataLoader(numbered(0), 1, true, 0, false));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        assertThrows(NullPointerException.class, () -> new DataLoader(null, 1, true, 0, false));
    }

    @Test
    void toStringShowsTheSettings() {
        String s = new DataLoader(numbered(10), 4, true, 3, false).toString();
        assertEquals("DataLoader(10 samples, batchSize=4, shuffle=true, seed=3, dropLast=false, 3 batches/epoch)", s);
        assertNotEquals(s, new DataLoader(numbered(10), 4, false, 3, false).toString());
    }
}
