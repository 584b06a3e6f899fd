package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The prediction side of {@link GaussianMixture}: moments against the law of total variance, quantiles and
 * intervals against the normal's closed form and against the mixture's own CDF, seeded sampling (same seed,
 * same bits; the draws' moments), modes, coverage and calibration on data drawn from the mixture itself, the
 * gradient of the log-density in float64, and the refusals.
 */
class GaussianMixtureTest {
    /** Φ⁻¹(0.95) and Φ⁻¹(0.975), from scipy.stats.norm.ppf. */
    private static final double Z95 = 1.6448536269514722, Z975 = 1.959963984540054;

    /** 0.3·N(-1, 0.5²) + 0.7·N(2, 1) on one output, for one sample. */
    private static GaussianMixture twoBumps() {
        return GaussianMixture.diagonal(Tensor.of(new double[] {Math.log(0.3), Math.log(0.7)}, 1, 2),
                Tensor.of(new double[] {-1, 2}, 1, 2, 1), Tensor.of(new double[] {0.5, 1}, 1, 2, 1));
    }

    /** Two components over two outputs with full covariances, for one sample. */
    private static GaussianMixture fullPair() {
        double[] tril = {0.8, 0, 0.6, 0.5, /* second */ 0.3, 0, -0.4, 0.9};
        return GaussianMixture.full(Tensor.of(new double[] {0.2, -0.4}, 1, 2),
                Tensor.of(new double[] {-3, 1, 4, 0.5}, 1, 2, 2), Tensor.of(tril, 1, 2, 2, 2));
    }

    @Test
    void oneGaussianHasTheClosedForms() {
        GaussianMixture p = GaussianMixture.normal(Tensor.of(new double[] {1, -2}, 1, 2), Tensor.of(new double[] {4, 0.25}, 1, 2));
        assertArrayEquals(new double[] {1, -2}, p.mean().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {2, 0.5}, p.stddev().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {1 + 2 * Z975, -2 + 0.5 * Z975}, p.quantile(0.975).toDoubleArray(), 1e-13);
        GaussianMixture.Interval i = p.interval(0.9);
        assertArrayEquals(new double[] {1 - 2 * Z95, -2 - 0.5 * Z95}, i.lower().toDoubleArray(), 1e-13);
        assertArrayEquals(new double[] {1 + 2 * Z95, -2 + 0.5 * Z95}, i.upper().toDoubleArray(), 1e-13);
        assertArrayEquals(new double[] {0.5, 0.5}, p.cdf(Tensor.of(new double[] {1, -2}, 1, 2)).toDoubleArray(), 1e-15);
    }

    @Test
    void momentsFollowTheLawOfTotalVariance() {
        GaussianMixture p = twoBumps();
        assertEquals(0.3 * -1 + 0.7 * 2, p.mean().item(), 1e-14);
        double variance = 0.3 * (0.25 + 2.1 * 2.1) + 0.7 * (1 + 0.9 * 0.9);
        assertEquals(variance, p.variance().item(), 1e-13);
        assertArrayEquals(new double[] {0.3, 0.7}, p.weights().toDoubleArray(), 1e-15);
        // full covariance: output 1's marginal scale of component 0 is √(0.6² + 0.5²)
        assertEquals(Math.sqrt(0.61), fullPair().scales().get(0, 0, 1), 1e-15);
        assertArrayEquals(new double[] {0.8, 0, 0.6, 0.5}, fullPair().scaleTril().slice(1, 0, 1).toDoubleArray(), 0);
    }

    @Test
    void quantilesInvertTheMixturesCdf() {
        for (GaussianMixture p : List.of(twoBumps(), fullPair())) {
            for (double q : new double[] {0.001, 0.05, 0.3, 0.5, 0.8, 0.999}) {
                double[] cdf = p.cdf(p.quantile(q)).toDoubleArray();
                for (double c : cdf) {
                    assertEquals(q, c, 1e-12, p + " q=" + q);
                }
            }
        }
    }

    @Test
    void samplingIsSeededAndHasTheMixturesMoments() {
        GaussianMixture p = twoBumps();
        assertArrayEquals(p.sample(new Generator(5), 50).toDoubleArray(), p.sample(new Generator(5), 50).toDoubleArray(), 0);
        assertFalse(java.util.Arrays.equals(p.sample(new Generator(5)).toDoubleArray(), p.sample(new Generator(6)).toDoubleArray()));
        double[] draws = p.sample(new Generator(11), 200_000).toDoubleArray();
        double mean = java.util.Arrays.stream(draws).average().orElseThrow();
        double var = java.util.Arrays.stream(draws).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
        assertEquals(p.mean().item(), mean, 0.01);
        assertEquals(p.variance().item(), var, 0.02 * p.variance().item());
        // full covariance: the draws' covariance of component 1 alone is L Lᵀ
        GaussianMixture one = GaussianMixture.full(Tensor.of(new double[] {0}, 1, 1), Tensor.of(new double[] {4, 0.5}, 1, 1, 2),
                Tensor.of(new double[] {0.3, 0, -0.4, 0.9}, 1, 1, 2, 2));
        double[] xy = one.sample(new Generator(3), 200_000).toDoubleArray();
        double sxy = 0, syy = 0;
        for (int i = 0; i < xy.length; i += 2) {
            sxy += (xy[i] - 4) * (xy[i + 1] - 0.5);
            syy += (xy[i + 1] - 0.5) * (xy[i + 1] - 0.5);
        }
        assertEquals(0.3 * -0.4, sxy / (xy.length / 2), 0.005, "cov(x, y) = L00 L10");
        assertEquals(0.16 + 0.81, syy / (xy.length / 2), 0.02, "var(y) = L10² + L11²");
    }

    @Test
    void separatedComponentsAreModesWithTheirWeights() {
        List<GaussianMixture.Mode> modes = GaussianMixture.diagonal(Tensor.of(new double[] {Math.log(0.3), Math.log(0.7)}, 1, 2),
                Tensor.of(new double[] {-1, 2}, 1, 2, 1), Tensor.of(new double[] {0.2, 0.3}, 1, 2, 1)).modes(0);
        assertEquals(2, modes.size());
        assertEquals(2, modes.get(0).location()[0], 1e-9, "the most likely mode first");
        assertEquals(0.7, modes.get(0).weight(), 1e-15);
        assertEquals(-1, modes.get(1).location()[0], 1e-9);
        assertEquals(0.3, modes.get(1).weight(), 1e-15);
        assertEquals(0.7 / (0.3 * Math.sqrt(2 * Math.PI)), modes.get(0).density(), 1e-9);
    }

    @Test
    void overlappingComponentsMakeOneMode() {
        List<GaussianMixture.Mode> modes = GaussianMixture.diagonal(Tensor.of(new double[] {0, 0}, 1, 2),
                Tensor.of(new double[] {-0.3, 0.3}, 1, 2, 1), Tensor.of(new double[] {1, 1}, 1, 2, 1)).modes(0);
        assertEquals(1, modes.size(), modes.toString());
        assertEquals(0, modes.get(0).location()[0], 1e-7);
        assertEquals(1, modes.get(0).weight(), 1e-15);
    }

    @Test
    void fullCovarianceModesSitNearSeparatedMeans() {
        List<GaussianMixture.Mode> modes = fullPair().modes(0);
        assertEquals(2, modes.size());
        for (GaussianMixture.Mode m : modes) {
            boolean first = m.location()[0] < 0;
            assertArrayEquals(first ? new double[] {-3, 1} : new double[] {4, 0.5}, m.location(), 1e-6);
            assertEquals(first ? Math.exp(0.2) / (Math.exp(0.2) + Math.exp(-0.4)) : Math.exp(-0.4) / (Math.exp(0.2) + Math.exp(-0.4)),
                    m.weight(), 1e-12);
        }
    }

    @Test
    void dataDrawnFromTheMixtureIsCoveredAndCalibrated() {
        int n = 20_000;
        Tensor logits = Tensor.of(new double[] {Math.log(0.3), Math.log(0.7)}, 1, 2).broadcastTo(n, 2);
        Tensor means = Tensor.of(new double[] {-1, 2}, 1, 2, 1).broadcastTo(n, 2, 1);
        Tensor scales = Tensor.of(new double[] {0.5, 1}, 1, 2, 1).broadcastTo(n, 2, 1);
        GaussianMixture p = GaussianMixture.diagonal(logits, means, scales);
        Tensor y = p.sample(new Generator(2));
        assertEquals(0.9, p.coverage(y, 0.9), 0.01);
        assertTrue(p.calibrationError(y) < 0.01, "calibration error " + p.calibrationError(y));
        GaussianMixture overConfident = GaussianMixture.diagonal(logits, means, scales.div(3));
        assertTrue(overConfident.coverage(y, 0.9) < 0.7, "coverage " + overConfident.coverage(y, 0.9));
        assertTrue(overConfident.calibrationError(y) > 0.05, "calibration error " + overConfident.calibrationError(y));
    }

    @Test
    void logProbPassesGradCheckForEveryParameterAndTheTarget() {
        Generator g = new Generator(8);
        Tensor logits = Tensor.normal(g, dev.nabla.tensor.DType.FLOAT64, 0, 1, 4, 3);
        Tensor means = Tensor.normal(g, dev.nabla.tensor.DType.FLOAT64, 0, 1, 4, 3, 2);
        Tensor scales = Tensor.uniform(g, dev.nabla.tensor.DType.FLOAT64, 0.5, 1.5, 4, 3, 2);
        Tensor y = Tensor.normal(g, dev.nabla.tensor.DType.FLOAT64, 0, 1, 4, 2);
        GradCheck.Report diagonal = GradCheck.check("mixture logProb (diagonal)",
                x -> GaussianMixture.diagonal(x[0], x[1], x[2]).logProb(x[3]), logits, means, scales, y);
        assertTrue(diagonal.passed(), diagonal.toString());
        Tensor tril = Tensor.normal(g, dev.nabla.tensor.DType.FLOAT64, 0, 0.4, 4, 3, 2, 2)
                .add(Tensor.eye(dev.nabla.tensor.DType.FLOAT64, 2));
        GradCheck.Report full = GradCheck.check("mixture logProb (full)",
                x -> GaussianMixture.full(x[0], x[1], x[2]).logProb(x[3]), logits, means, tril, y);
        assertTrue(full.passed(), full.toString());
    }

    @Test
    void mistakesAreNamed() {
        GaussianMixture p = twoBumps();
        assertEquals("GaussianMixture.quantile: q must be in (0, 1), got 1.5",
                assertThrows(IllegalArgumentException.class, () -> p.quantile(1.5)).getMessage());
        assertEquals("GaussianMixture.interval: level must be in (0, 1), e.g. 0.9, got 90.0",
                assertThrows(IllegalArgumentException.class, () -> p.interval(90)).getMessage());
        assertEquals("GaussianMixture.logProb: y must be [N, D] = [1, 1], got [1]",
                assertThrows(IllegalArgumentException.class, () -> p.logProb(Tensor.of(new double[] {0}, 1))).getMessage());
        assertEquals("GaussianMixture: scales must be > 0, got -0.5 at [0, 1, 0]", assertThrows(IllegalArgumentException.class,
                () -> GaussianMixture.diagonal(Tensor.of(new double[] {0, 0}, 1, 2), Tensor.of(new double[] {0, 1}, 1, 2, 1),
                        Tensor.of(new double[] {1, -0.5}, 1, 2, 1))).getMessage());
        assertEquals("GaussianMixture.modes: sample 3 is out of range for 1 samples",
                assertThrows(IllegalArgumentException.class, () -> p.modes(3)).getMessage());
        assertEquals("GaussianMixture.unpack: 2 components over 1 outputs with diagonal covariance take [N, 6], got [4, 5]",
                assertThrows(IllegalArgumentException.class, () -> GaussianMixture.unpack(Tensor.zeros(4, 5), 2, 1,
                        GaussianMixture.Covariance.DIAGONAL)).getMessage());
    }
}
