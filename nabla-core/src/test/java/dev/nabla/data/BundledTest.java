package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import java.io.InputStream;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BundledTest {

    static int[] counts(Dataset d) {
        int[] c = new int[d.numClasses()];
        for (int y : d.targets().toIntArray()) {
            c[y]++;
        }
        return c;
    }

    static void assertShape(Dataset d, int n, int f) {
        assertArrayEquals(new int[] {n, f}, d.features().shape().dims());
        assertEquals(DType.FLOAT32, d.features().dtype());
        assertEquals(f, d.featureNames().size());
    }

    @Test
    void iris() {
        Dataset d = Bundled.iris();
        assertShape(d, 150, 4);
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, d.features().slice(0, 0, 1).toFloatArray());
        assertEquals(DType.INT32, d.targets().dtype());
        assertEquals("setosa", d.classNames().get(d.targets().toIntArray()[0]));
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertArrayEquals(new int[] {50, 50, 50}, counts(d));
        assertEquals("sepal length (cm)", d.featureNames().getFirst());
        assertArrayEquals(new float[] {5.9f, 3.0f, 5.1f, 1.8f}, d.features().slice(0, 149, 150).toFloatArray());
    }

    @Test
    void digits() {
        Dataset d = Bundled.digits();
        assertShape(d, 1797, 64);
        for (float v : d.features().toFloatArray()) {
            assertTrue(v >= 0 && v <= 16 && v == Math.rint(v), "pixel " + v);
        }
        assertEquals(16, d.features().max().item());
        assertEquals(IntStream.range(0, 10).mapToObj(Integer::toString).toList(), d.classNames());
        int[] c = counts(d);
        assertEquals(1797, IntStream.of(c).sum());
        assertTrue(IntStream.of(c).allMatch(k -> k >= 174 && k <= 183), java.util.Arrays.toString(c));
        assertEquals(0, d.targets().toIntArray()[0]);
        assertArrayEquals(new float[] {0, 0, 5, 13, 9, 1, 0, 0}, d.features().slice(0, 0, 1).slice(1, 0, 8).toFloatArray());
        assertEquals("pixel_7_7", d.featureNames().getLast());
    }

    @Test
    void wine() {
        Dataset d = Bundled.wine();
        assertShape(d, 178, 13);
        assertEquals(List.of("class_0", "class_1", "class_2"), d.classNames());
        assertArrayEquals(new int[] {59, 71, 48}, counts(d));
        assertEquals(14.23f, d.features().get(0, 0));
        assertEquals(1065f, d.features().get(0, 12));
        assertEquals("proline", d.featureNames().getLast());
    }

    @Test
    void breastCancer() {
        Dataset d = Bundled.breastCancer();
        assertShape(d, 569, 30);
        assertEquals(List.of("malignant", "benign"), d.classNames());
        assertArrayEquals(new int[] {212, 357}, counts(d));
        assertEquals(17.99f, d.features().get(0, 0));
        assertEquals(0, d.targets().toIntArray()[0]);
        assertEquals("mean radius", d.featureNames().get(0));
        assertEquals("radius error", d.featureNames().get(10));
        assertEquals("worst fractal dimension", d.featureNames().get(29));
    }

    @Test
    void diabetesIsRegression() {
        Dataset d = Bundled.diabetes();
        assertShape(d, 442, 10);
        assertFalse(d.isClassification());
        assertArrayEquals(new int[] {442, 1}, d.targets().shape().dims());
        assertEquals(DType.FLOAT32, d.targets().dtype());
        assertArrayEquals(new float[] {59, 2, 32.1f, 101, 157, 93.2f, 38, 4, 4.8598f, 87},
                d.features().slice(0, 0, 1).toFloatArray());
        assertEquals(151, d.targets().get(0, 0));
        assertEquals(25, d.targets().min().item());
        assertEquals(346, d.targets().max().item());
        assertEquals(List.of("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"), d.featureNames());
    }

    @Test
    void byNameAndNames() {
        assertEquals(List.of("breast_cancer", "diabetes", "digits", "iris", "wine"), Bundled.names());
        for (String name : Bundled.names()) {
            Dataset d = Bundled.byName(name);
            assertTrue(d.size() > 100, name);
            assertFalse(Bundled.description(name).isBlank(), name);
        }
        assertTrue(Bundled.description("iris").contains("Iris plants dataset"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bundled.byName("mnist"));
        assertEquals("Bundled: unknown data set 'mnist' (known: breast_cancer, diabetes, digits, iris, wine)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Bundled.description("mnist"));
        assertThrows(IllegalArgumentException.class, () -> Bundled.byName(null));
    }

    @Test
    void eachCallGivesFreshTensors() {
        Dataset a = Bundled.iris();
        a.features().fill(0);
        assertEquals(5.1f, Bundled.iris().features().get(0, 0));
    }

    @Test
    void originsAndLicencesShipBesideTheData() throws Exception {
        for (String file : List.of("README.md", "LICENSES.md")) {
            try (InputStream in = Bundled.class.getResourceAsStream("bundled/" + file)) {
                assertNotNull(in, file);
                String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(text.contains("scikit-learn"), file);
            }
        }
    }
}
