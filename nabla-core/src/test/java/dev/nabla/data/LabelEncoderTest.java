package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelEncoderTest {

    @Test
    void fitSortsTheDistinctLabels() {
        LabelEncoder e = LabelEncoder.fit(List.of("virginica", "setosa", "versicolor", "setosa"));
        assertEquals(List.of("setosa", "versicolor", "virginica"), e.classes());
        assertEquals(3, e.numClasses());
        Tensor y = e.encode(List.of("virginica", "setosa", "versicolor", "setosa"));
        assertEquals(DType.INT32, y.dtype());
        assertArrayEquals(new int[] {2, 0, 1, 0}, y.toIntArray());
        assertEquals("versicolor", e.decode(1));
        assertEquals(List.of("virginica", "setosa"), e.decode(Tensor.of(new int[] {2, 0}, 2)));
    }

    @Test
    void orderIsNumpysCodePointOrder() {
        // np.unique(["b", "B", "a", "10", "9"]) -> ['10' '9' 'B' 'a' 'b']
        assertEquals(List.of("10", "9", "B", "a", "b"), LabelEncoder.fit(List.of("b", "B", "a", "10", "9")).classes());
        // U+FF61 sorts before U+1F600 by code point, after it by UTF-16 unit (0xD83D): NumPy uses code points
        String halfwidth = "\uFF61", emoji = "\uD83D\uDE00";
        assertEquals(List.of(halfwidth, emoji), LabelEncoder.fit(List.of(emoji, halfwidth)).classes());
    }

    @Test
    void unknownLabelListsTheKnownClasses() {
        LabelEncoder e = LabelEncoder.fit(List.of("cat", "dog"));
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.encode(List.of("dog", "cow")));
        assertEquals("LabelEncoder: unknown label 'cow' (known classes: cat, dog)", x.getMessage());
        x = assertThrows(IllegalArgumentException.class, () -> e.decode(2));
        assertEquals("LabelEncoder: class index 2 is out of range for 2 classes (valid: 0 to 1)", x.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.decode(Tensor.of(new float[] {0}, 1)));
    }

    @Test
    void ofKeepsAGivenNumbering() {
        LabelEncoder e = LabelEncoder.of(Bundled.iris().classNames());
        assertEquals(2, e.encode("virginica"));
        LabelEncoder b = LabelEncoder.of(List.of("malignant", "benign"));
        assertEquals(0, b.encode("malignant"));
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> LabelEncoder.of(List.of("a", "a")));
        assertEquals("LabelEncoder: class 'a' is listed twice in [a, a]", x.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LabelEncoder.fit(List.of()));
    }

    @Test
    void oneHotEncodesRows() {
        Tensor h = OneHot.encode(Tensor.of(new int[] {2, 0, 1}, 3), 4);
        assertEquals(DType.FLOAT32, h.dtype());
        assertArrayEquals(new int[] {3, 4}, h.shape().dims());
        assertArrayEquals(new float[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0}, h.toFloatArray());
        assertArrayEquals(new int[] {2, 0, 1}, h.argmax(1).toIntArray());
    }

    @Test
    void oneHotChecksItsInputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OneHot.encode(Tensor.of(new int[] {0, 3, 1}, 3), 3));
        assertEquals("OneHot: label 3 at index 1 is out of range for 3 classes (valid: 0 to 2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OneHot.encode(Tensor.of(new int[] {-1}, 1), 3));
        assertEquals("OneHot: label -1 at index 0 is out of range for 3 classes (valid: 0 to 2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OneHot.encode(Tensor.of(new float[] {1}, 1), 3));
        assertEquals("OneHot: labels must be int32 class indices, got float32 [1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OneHot.encode(Tensor.zeros(DType.INT32, 2, 2), 3));
        assertEquals("OneHot: labels must be [N], got [2, 2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OneHot.encode(Tensor.of(new int[] {0}, 1), 0));
        assertEquals("OneHot: numClasses must be >= 1, got 0", e.getMessage());
    }
}
