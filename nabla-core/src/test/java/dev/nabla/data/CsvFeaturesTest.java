package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Features-only CSV files, as {@code nabla predict} reads them. */
class CsvFeaturesTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryColumnOrTheChosenOnes() throws Exception {
        Path f = dir.resolve("x.csv");
        Files.writeString(f, "a,b,c\n1,2,3\n4,5,6\n");
        Tensor all = CsvReader.readFeatures(f, CsvReader.Options.defaults());
        assertEquals(dev.nabla.tensor.Shape.of(2, 3), all.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, all.toFloatArray());
        Tensor some = CsvReader.readFeatures(f, CsvReader.Options.defaults().withFeatureColumns(List.of("c", "a")));
        assertArrayEquals(new float[] {3, 1, 6, 4}, some.toFloatArray());
        Path one = dir.resolve("one.csv");
        Files.writeString(one, "0.5\n1.5\n");
        assertArrayEquals(new float[] {0.5f, 1.5f}, CsvReader.readFeatures(one, CsvReader.Options.defaults().withHeader(false)).toFloatArray());
    }

    @Test
    void aMissingValueNamesRowAndColumn() throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "a,b\n1,2\n3,\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvReader.readFeatures(f, CsvReader.Options.defaults()));
        assertTrue(e.getMessage().contains("row 3") && e.getMessage().contains("'b'"), e.getMessage());
    }
}
