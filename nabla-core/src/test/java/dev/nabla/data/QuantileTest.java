package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Quantile normalisation. Expected values come from scikit-learn 1.2's QuantileTransformer algorithm
 * (np.nanpercentile, the two-sided np.interp, bounds, norm.ppf and clipping) run in NumPy 2.4 / SciPy 1.17,
 * at points away from the two places where {@link Quantile} departs from it on purpose.
 */
class QuantileTest {

    static Tensor column(double... v) {
        return Tensor.of(v, v.length, 1);
    }

    @Test
    void percentilesAreNumpysLinearOnes() {
        Quantile.Fitted f = new Quantile(5, "uniform").fit(Tensor.arange(DType.FLOAT64, 0, 11, 1).reshape(11, 1));
        assertArrayEquals(new double[] {0, 2.5, 5, 7.5, 10}, f.values()[0]);
        // at most N quantiles are kept
        assertEquals(2, new Quantile(1000, "uniform").fit(column(0, 10)).values()[0].length);
    }

    @Test
    void tiesGetTheMiddleOfTheirProbabilities() {
        Quantile.Fitted f = new Quantile(5, "uniform").fit(column(1, 2, 2, 3, 10));
        assertArrayEquals(new double[] {1, 2, 2, 3, 10}, f.values()[0]);
        double[] x = {1, 2, 3, 10, 6.5, 0, 11, 2.5};
        assertArrayEquals(new double[] {0, 0.375, 0.75, 1, 0.875, 0, 1, 0.625}, f.apply(column(x)).toDoubleArray(), 1e-15);
    }

    @Test
    void normalOutputMatchesScipy() {
        Quantile.Fitted f = new Quantile(5, "normal").fit(column(1, 2, 2, 3, 10));
        double[] x = {1, 2, 3, 10, 6.5, 0, 11, 2.5};
        double[] expected = {-5.199337582605575, -0.31863936396437514, 0.6744897501960817, 5.19933758270342,
            1.1503493803760079, -5.199337582605575, 5.19933758270342, 0.31863936396437514};
        assertArrayEquals(expected, f.apply(column(x)).toDoubleArray(), 1e-14);
    }

    @Test
    void inverseNormalMatchesScipyNdtri() {
        double[][] cases = {{0.5, 0}, {0.975, 1.959963984540054}, {0.1, -1.2815515655446004}, {0.75, 0.6744897501960817},
            {1e-10, -6.361340902404056}, {1 - 1e-10, 6.361340889697422}, {0.3, -0.5244005127080409},
            {0.02, -2.053748910631823}, {1e-300, -37.0470962993612}, {0.92, 1.4050715603096329}};
        for (double[] c : cases) {
            assertEquals(c[1], InverseNormal.of(c[0]), 1e-15 * Math.max(1, Math.abs(c[1])), "p = " + c[0]);
        }
        assertEquals(Double.NEGATIVE_INFINITY, InverseNormal.of(0));
        assertEquals(Double.POSITIVE_INFINITY, InverseNormal.of(1));
        assertTrue(Double.isNaN(InverseNormal.of(1.5)));
    }

    @Test
    void trainingDataBecomesUniform() {
        // distinct values, as many quantiles as samples: the i-th smallest maps exactly to i / (n - 1)
        Generator g = new Generator(3);
        Tensor x = Tensor.normal(g, DType.FLOAT64, 0, 1, 101, 1).exp(); // skewed
        double[] u = new Quantile(1000, "uniform").fit(x).apply(x).toDoubleArray();
        double[] sorted = u.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i / 100.0, sorted[i], 1e-12);
        }
        // many samples, fewer quantiles: each tenth of [0, 1] gets about a tenth of the data
        Tensor big = Tensor.uniform(g, DType.FLOAT32, 0, 1, 10000, 3).pow(4);
        Tensor v = new Quantile(100, "uniform").fit(big).apply(big);
        int[] deciles = new int[10];
        for (double d : v.toDoubleArray()) {
            assertTrue(d >= 0 && d <= 1, "out of [0, 1]: " + d);
            deciles[Math.min(9, (int) (d * 10))]++;
        }
        for (int count : deciles) {
            assertEquals(3000, count, 60);
        }
    }

    @Test
    void normalOutputOfTrainingDataIsStandardNormal() {
        Generator g = new Generator(4);
        Tensor x = Tensor.uniform(g, DType.FLOAT64, 0, 1, 5000, 2).pow(3);
        Tensor z = new Quantile(1000, "normal").fit(x).apply(x);
        assertArrayEquals(new double[] {0, 0}, z.mean(0).toDoubleArray(), 0.01);
        // the clipped extremes (+-5.2) inflate the variance a little
        double[] var = z.pow(2).mean(0).toDoubleArray();
        assertEquals(1, var[0], 0.02);
        assertEquals(1, var[1], 0.02);
    }

    @Test
    void onlyRanksMatterWhateverTheScale() {
        // scikit-learn would send every value within 1e-7 of the minimum to -5.2 here; ranks are what count
        Generator g = new Generator(6);
        Tensor x = Tensor.uniform(g, DType.FLOAT64, 0, 1, 300, 1);
        Tensor small = x.mul(1e-8);
        for (String output : Quantile.OUTPUTS) {
            Quantile q = new Quantile(50, output);
            assertArrayEquals(q.fit(x).apply(x).toDoubleArray(), q.fit(small).apply(small).toDoubleArray(), 1e-9, output);
        }
    }

    @Test
    void constantFeatureMapsToTheMiddle() {
        Tensor x = Tensor.of(new double[][] {{4, 1}, {4, 2}, {4, 3}});
        Quantile.Fitted u = new Quantile(10, "uniform").fit(x);
        assertArrayEquals(new double[] {0.5, 0, 0.5, 0.5, 0.5, 1}, u.apply(x).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0, 0.5, 1, 0.5}, u.apply(Tensor.of(new double[][] {{3, 2}, {5, 2}})).toDoubleArray());
        Quantile.Fitted n = new Quantile(10, "normal").fit(x);
        assertEquals(0, n.apply(x).get(0, 0), 0);
    }

    @Test
    void manyTiesAtTheMinimumLikePixels() {
        // half the training values are 0 (a dark background): 0 maps to 0, the rest spreads over (0, 1]
        double[] v = new double[100];
        for (int i = 50; i < 100; i++) {
            v[i] = i;
        }
        Quantile.Fitted f = new Quantile(100, "uniform").fit(column(v));
        double[] u = f.apply(column(v)).toDoubleArray();
        assertEquals(0, u[0]);
        assertEquals(1, u[99]);
        for (int i = 51; i < 100; i++) {
            assertTrue(u[i] > u[i - 1], "not increasing at " + i);
        }
        assertTrue(Arrays.stream(f.values()[0]).allMatch(Double::isFinite));
    }

    @Test
    void appliedToTestDataUsesTrainingQuantiles() {
        Quantile.Fitted f = new Quantile(100, "uniform").fit(column(0, 1, 2, 3, 4));
        assertArrayEquals(new double[] {0, 0.125, 0.625, 1, 1}, f.apply(column(-7, 0.5, 2.5, 4, 100)).toDoubleArray(),
                1e-15);
        assertTrue(Double.isNaN(f.apply(column(Double.NaN)).get(0, 0)), "NaN stays NaN, as in scikit-learn");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.apply(Tensor.zeros(3, 2)));
        assertEquals("Quantile: fitted on features [*, 1], got [3, 2]", e.getMessage());
    }

    @Test
    void settingsAreValidated() {
        assertEquals(new Quantile(1000, "uniform"), new Quantile());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Quantile(1, "uniform"));
        assertEquals("Quantile: quantiles must be >= 2, got 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Quantile(10, "gaussian"));
        assertEquals("Quantile: output must be one of [uniform, normal], got gaussian", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Quantile(10, null));
    }
}
