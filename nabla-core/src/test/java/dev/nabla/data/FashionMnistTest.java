package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real data where installed (skipped, visibly, where not), and small stand-in files otherwise. */
class FashionMnistTest {
    @TempDir
    Path dir;

    @Test
    void loadsTheInstalledDataSet() throws IOException {
        Assumptions.assumeTrue(FashionMnist.available(null), "Fashion-MNIST is not installed in "
                + FashionMnist.defaultDirectory() + " (apt-get install dataset-fashion-mnist); skipping the real load");
        FashionMnist.Split data = FashionMnist.load(null);
        check(data.train(), 60000, 6000);
        check(data.test(), 10000, 1000);
    }

    private static void check(Dataset d, int n, int perClass) {
        assertEquals(n, d.size());
        assertArrayEquals(new int[] {n, 28, 28}, d.features().shape().dims());
        assertEquals(DType.FLOAT32, d.features().dtype());
        assertEquals(DType.INT32, d.targets().dtype());
        assertEquals(FashionMnist.CLASS_NAMES, d.classNames());
        assertEquals(10, d.numClasses());
        int[] histogram = new int[10];
        for (int y : d.targets().i32()) {
            histogram[y]++;
        }
        int[] expected = new int[10];
        java.util.Arrays.fill(expected, perClass);
        assertArrayEquals(expected, histogram);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : d.features().f32()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(255f, max); // raw pixels: scaling is left to transforms
    }

    @Test
    void classNamesAreTheAuthors() {
        assertEquals(java.util.List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                "Bag", "Ankle boot"), FashionMnist.CLASS_NAMES);
        assertEquals(Path.of("/usr/share/datasets/fashion-mnist"), FashionMnist.defaultDirectory());
    }

    /** Writes the four files, the training ones gzipped and the test ones plain, with n images each. */
    private void writeStandIn(int trainN, int testN, int badLabel) throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxReaderTest.gzip(images(trainN)));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxReaderTest.gzip(labels(trainN, badLabel)));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(testN));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(testN, -1));
    }

    private static byte[] images(int n) {
        byte[] px = new byte[n * 28 * 28];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 7);
        }
        return IdxReaderTest.idx(0x08, new int[] {n, 28, 28}, px);
    }

    private static byte[] labels(int n, int bad) {
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) {
            y[i] = (byte) (i % 10);
        }
        if (bad >= 0) {
            y[n - 1] = (byte) bad;
        }
        return IdxReaderTest.idx(0x08, new int[] {n}, y);
    }

    @Test
    void loadsGzippedAndPlainFilesFromAGivenDirectory() throws IOException {
        writeStandIn(20, 10, -1);
        assertTrue(FashionMnist.available(dir));
        FashionMnist.Split s = FashionMnist.load(dir);
        assertEquals(20, s.train().size());
        assertEquals(10, s.test().size());
        assertEquals(FashionMnist.CLASS_NAMES, s.test().classNames());
        assertEquals(9, s.train().targets().i32()[19]);
        assertEquals((float) ((byte) (7 * 5) & 0xFF), s.train().features().f32()[5]);
    }

    @Test
    void missingFilesSayWhatToDo() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxReaderTest.gzip(images(1)));
        assertFalse(FashionMnist.available(dir));
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> FashionMnist.load(dir));
        String m = e.getMessage();
        assertTrue(m.startsWith("Fashion-MNIST not found in " + dir + ": install it with 'apt-get install "
                + "dataset-fashion-mnist' (Debian), or put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                + "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz"), m);
        assertTrue(m.contains("missing here: train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz"), m);
        assertFalse(FashionMnist.available(dir.resolve("nowhere")));
    }

    @Test
    void labelOutsideTheTenClassesIsRefused() throws IOException {
        writeStandIn(5, 5, 10);
        IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir));
        IdxReaderTest.assertMessage(e, dir.resolve("train-labels-idx1-ubyte.gz"), "label 10 at index 4", "expected 0 to 9");
    }

    @Test
    void imagesOfAnotherSizeAreRefused() throws IOException {
        writeStandIn(5, 5, -1);
        Path img = dir.resolve("t10k-images-idx3-ubyte");
        Files.write(img, IdxReaderTest.idx(0x08, new int[] {5, 32, 32}, new byte[5 * 32 * 32]));
        IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir));
        IdxReaderTest.assertMessage(e, img, "expected Fashion-MNIST images [N, 28, 28]", "[5, 32, 32]");
    }
}
