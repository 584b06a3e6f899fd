package dev.nabla.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.GradCheck;
import dev.nabla.config.ConfigException;
import dev.nabla.io.Json;
import dev.nabla.nn.GaussianHead;
import dev.nabla.nn.GaussianMixture.Covariance;
import dev.nabla.nn.MixtureDensityHead;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mixture NLL on a head's packed output: torch.distributions' log-probabilities (the golden cases of
 * {@code golden/mixtures.py}, packed as a MixtureDensityHead packs them), GradCheck in float64 with respect to
 * the whole prediction and the target, the Gaussian head fitting GaussianNLL, and the refusals: a head whose
 * size does not fit, non-finite targets, scales that are not positive.
 */
class MixtureNLLTest {
    @Test
    @SuppressWarnings("unchecked")
    void packedPredictionsGiveTorchsNegativeLogLikelihood() throws Exception {
        Map<String, Object> root;
        try (InputStream in = MixtureNLLTest.class.getResourceAsStream("/golden/mixtures.json")) {
            root = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        for (Object o : (List<Object>) root.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            int n = num(c, "n"), k = num(c, "k"), d = num(c, "d");
            Covariance cov = c.get("covariance").equals("full") ? Covariance.FULL : Covariance.DIAGONAL;
            int e = cov.scaleEntries(d);
            double[] logits = values(c, "logits"), means = values(c, "means"), scales = values(c, "scales");
            double[] packed = new double[n * k * (1 + d + e)];
            for (int s = 0, at = 0; s < n; s++) {
                for (int j = 0; j < k; j++) {
                    packed[at++] = logits[s * k + j];
                }
                for (int j = 0; j < k * d; j++) {
                    packed[at++] = means[s * k * d + j];
                }
                for (int j = 0; j < k; j++) {
                    for (int row = 0; row < d; row++) {
                        for (int col = 0; col <= (cov == Covariance.FULL ? row : -1); col++) {
                            packed[at++] = scales[((s * k + j) * d + row) * d + col];
                        }
                        if (cov == Covariance.DIAGONAL) {
                            packed[at++] = scales[(s * k + j) * d + row];
                        }
                    }
                }
            }
            Tensor prediction = Tensor.of(packed, n, k * (1 + d + e));
            Tensor y = Tensor.of(values(c, "y"), n, d);
            double[] logProb = values(c, "log_prob");
            double[] perSample = new MixtureNLL(k, cov, Reduction.NONE).compute(prediction, y).toDoubleArray();
            double mean = 0;
            for (int s = 0; s < n; s++) {
                assertEquals(-logProb[s], perSample[s], 1e-11 * Math.max(1, Math.abs(logProb[s])), c.get("name") + " sample " + s);
                mean -= logProb[s] / n;
            }
            assertEquals(mean, new MixtureNLL(k, cov, Reduction.MEAN).compute(prediction, y).item(), 1e-11 * Math.max(1, Math.abs(mean)));
        }
    }

    @Test
    void passesGradCheckForThePredictionAndTheTarget() {
        for (Covariance cov : Covariance.values()) {
            for (Reduction r : Reduction.values()) {
                MixtureDensityHead head = new MixtureDensityHead(new MixtureDensityHead.Config(3, 2, cov, 0.1));
                Sequential.of(head).build(2, DType.FLOAT64, 3);
                Tensor prediction = head.forward(Tensor.normal(new Generator(4), DType.FLOAT64, 0, 1, 5, 3)).detach();
                Tensor y = Tensor.normal(new Generator(5), DType.FLOAT64, 0, 1, 5, 2);
                MixtureNLL loss = new MixtureNLL(3, cov, r);
                GradCheck.Report report = GradCheck.check(loss.toString(), x -> loss.compute(x[0], x[1]), prediction, y);
                assertTrue(report.passed(), report.toString());
            }
        }
    }

    @Test
    void theGaussianHeadsOutputIsWhatGaussianNllTakes() {
        GaussianHead head = new GaussianHead(1);
        Sequential.of(head).build(3, DType.FLOAT64, 2);
        Tensor out = head.forward(Tensor.normal(new Generator(1), DType.FLOAT64, 0, 1, 8, 2));
        Tensor y = Tensor.normal(new Generator(2), DType.FLOAT64, 0, 1, 8, 1);
        assertEquals(head.distribution(out).logProb(y).neg().mean().item(), GaussianNLL.of().withFull(true).compute(out, y).item(), 1e-14);
        assertEquals(new MixtureNLL(1, Covariance.DIAGONAL, Reduction.MEAN).compute(
                Tensor.concat(1, Tensor.zeros(DType.FLOAT64, 8, 1), out.slice(1, 0, 1), out.slice(1, 1, 2).sqrt()), y).item(),
                GaussianNLL.of().withFull(true).compute(out, y).item(), 1e-14, "one component is one Gaussian");
    }

    @Test
    void aHeadOfAnotherSizeIsRefusedWithTheLayoutItNeeds() {
        Tensor y = Tensor.zeros(4, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MixtureNLL.of(3).compute(Tensor.ones(4, 9), y));
        assertEquals("MixtureNLL: prediction [4, 9] does not fit 3 components over the target's 2 columns with diagonal"
                + " covariance: that takes 15 values per sample (3 weights, 6 means, 6 scales), as a MixtureDensityHead with"
                + " components 3 and outputs 2 gives", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MixtureNLL.of(2).compute(Tensor.ones(4, 6), Tensor.zeros(4)));
        assertEquals("MixtureNLL: expected prediction [N, P] and target [N, D], got [4, 6] and [4] (one output: reshape the"
                + " target to [N, 1])", e.getMessage());
    }

    @Test
    void nonFiniteTargetsAndNonPositiveScalesAreRefused() {
        Tensor prediction = Tensor.ones(3, 6);
        Tensor y = Tensor.of(new float[] {0.5f, Float.NaN, 1}, 3, 1);
        assertEquals("MixtureNLL: target must be finite, got NaN at index [1, 0] (drop or fill the sample in the data)",
                assertThrows(IllegalArgumentException.class, () -> MixtureNLL.of(2).compute(prediction, y)).getMessage());
        Tensor badScale = Tensor.ones(3, 6).set(-0.5, 2, 5);
        assertEquals("MixtureNLL: component 1's scale of output 0 must be > 0, got -0.5 for sample 2 (prediction column 5;"
                + " a MixtureDensityHead makes its scales positive)", assertThrows(IllegalArgumentException.class,
                () -> MixtureNLL.of(2).compute(badScale, Tensor.zeros(3, 1))).getMessage());
        Tensor inf = Tensor.of(new double[] {0, Double.POSITIVE_INFINITY}, 2, 1);
        assertEquals("GaussianNLL: target must be finite, got Infinity at index [1, 0] (drop or fill the sample in the data)",
                assertThrows(IllegalArgumentException.class, () -> GaussianNLL.of().compute(Tensor.ones(DType.FLOAT64, 2, 2), inf))
                        .getMessage());
    }

    @Test
    void specsNameItWithItsComponents() {
        assertEquals(new MixtureNLL(4, Covariance.FULL, Reduction.SUM), Loss.REGISTRY.read(
                Map.of("name", "mixture_nll", "components", 4, "covariance", "full", "reduction", "sum"), "$.loss"));
        assertEquals(MixtureNLL.of(2), Loss.REGISTRY.read(Map.of("name", "mixture_nll", "components", 2), "$.loss"));
        assertEquals("$.loss.components: must be an integer >= 1, got 0", assertThrows(ConfigException.class,
                () -> Loss.REGISTRY.read(Map.of("name", "mixture_nll", "components", 0), "$.loss")).getMessage());
        assertEquals(Map.of("name", "mixture_nll", "components", 2, "covariance", "diagonal", "reduction", "mean"),
                Loss.REGISTRY.write(MixtureNLL.of(2)));
    }

    private static int num(Map<String, Object> c, String key) {
        return ((Number) c.get(key)).intValue();
    }

    private static double[] values(Map<String, Object> c, String key) {
        return ((List<?>) c.get(key)).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }
}
