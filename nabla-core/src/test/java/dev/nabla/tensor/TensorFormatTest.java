package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** toString: a header with shape, dtype and gradient state, then NumPy-style nested values. */
class TensorFormatTest {

    @Test
    void matrixOfFloat32() {
        Tensor t = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals("Tensor[2, 3] float32\n[[1.0, 2.0, 3.0],\n [4.0, 5.0, 6.0]]", t.toString());
    }

    @Test
    void dtypesPrintTheirOwnValues() {
        assertEquals("Tensor[2] float64\n[0.5, -1.25]", Tensor.of(new double[] {0.5, -1.25}).toString());
        assertEquals("Tensor[3] int32\n[1, -2, 3]", Tensor.of(new int[] {1, -2, 3}).toString());
        // a float32 0.1 prints as 0.1, not as its float64 widening 0.10000000149011612
        assertEquals("Tensor[1] float32\n[0.1]", Tensor.of(new float[] {0.1f}).toString());
        assertEquals("Tensor[1] float64\n[0.1]", Tensor.of(new double[] {0.1}).toString());
    }

    @Test
    void scalarAndEmpty() {
        assertEquals("Tensor[] float32\n2.5", Tensor.scalar(2.5).toString());
        assertEquals("Tensor[0] float32\n[]", Tensor.zeros(0).toString());
    }

    @Test
    void rankThreeNestsWithIndentation() {
        Tensor t = Tensor.arange(8).reshape(2, 2, 2);
        assertEquals("Tensor[2, 2, 2] float32\n"
                + "[[[0.0, 1.0],\n"
                + "  [2.0, 3.0]],\n"
                + " [[4.0, 5.0],\n"
                + "  [6.0, 7.0]]]", t.toString());
    }

    @Test
    void headerShowsGradientState() {
        Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        assertEquals("Tensor[2] float32 requires_grad\n[1.0, 2.0]", x.toString());
        assertEquals("Tensor[2] float32 grad_fn=mul\n[2.0, 4.0]", x.mul(2).toString());
        assertTrue(x.add(x).sum().toString().startsWith("Tensor[] float32 grad_fn=sum\n"));
    }

    @Test
    void bigTensorsAreSummarised() {
        assertEquals("Tensor[2000] float32\n[0.0, 1.0, 2.0, ..., 1997.0, 1998.0, 1999.0]",
                Tensor.arange(2000).toString());

        String m = Tensor.arange(2000).reshape(40, 50).toString();
        String[] lines = m.split("\n");
        assertEquals("Tensor[40, 50] float32", lines[0]);
        assertEquals(8, lines.length, m);   // header, 3 rows, "...", 3 rows
        assertEquals("[[0.0, 1.0, 2.0, ..., 47.0, 48.0, 49.0],", lines[1]);
        assertEquals(" ...,", lines[4]);
        assertEquals(" [1950.0, 1951.0, 1952.0, ..., 1997.0, 1998.0, 1999.0]]", lines[7]);
        assertFalse(m.contains("1000.0"), "middle rows are left out");
    }

    @Test
    void summaryStartsAboveOneThousandElements() {
        String full = Tensor.arange(1000).toString();
        assertFalse(full.contains("..."));
        assertTrue(full.contains(", 500.0, "));
        assertTrue(full.endsWith(", 999.0]"));
        String cut = Tensor.arange(1001).toString();
        assertTrue(cut.contains("..."));
        assertFalse(cut.contains("500.0"));
        // a big tensor whose axes are short keeps every entry of the short axes
        String shortAxes = Tensor.zeros(2, 3, 200).toString();
        assertEquals(6 * 6, countOf(shortAxes, "0.0"), "3 + 3 values in each of the 6 rows");
    }

    private static int countOf(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
