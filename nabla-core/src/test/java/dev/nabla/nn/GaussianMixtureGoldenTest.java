package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.Json;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GaussianMixture#logProb} against {@code torch.distributions} (PyTorch 1.13, float64) on random
 * mixtures: the log-probability of each sample and the gradient of the mean NLL with respect to the logits,
 * means, scales (or Cholesky factors) and targets. The inputs and torch's answers are in
 * {@code golden/mixtures.json}, written by {@code golden/mixtures.py} (see its docstring); the "far" cases sit
 * where a plain sum of exponentials underflows.
 */
class GaussianMixtureGoldenTest {
    private static final double TOL = 1e-11;

    record Case(Map<String, Object> json) {
        String name() { return (String) json.get("name"); }
        int n() { return ((Number) json.get("n")).intValue(); }
        int k() { return ((Number) json.get("k")).intValue(); }
        int d() { return ((Number) json.get("d")).intValue(); }
        boolean full() { return json.get("covariance").equals("full"); }
        double[] values(String key) {
            return ((List<?>) json.get(key)).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        }
        @Override public String toString() { return name(); }
    }

    @SuppressWarnings("unchecked")
    static Stream<Case> cases() throws IOException, Json.JsonException {
        try (InputStream in = GaussianMixtureGoldenTest.class.getResourceAsStream("/golden/mixtures.json")) {
            Map<String, Object> root = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return ((List<Object>) root.get("cases")).stream().map(c -> new Case((Map<String, Object>) c));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void logProbAndItsGradientAreTorchs(Case c) {
        int n = c.n(), k = c.k(), d = c.d();
        Tensor logits = Tensor.of(c.values("logits"), n, k).requiresGrad(true);
        Tensor means = Tensor.of(c.values("means"), n, k, d).requiresGrad(true);
        Tensor scales = (c.full() ? Tensor.of(c.values("scales"), n, k, d, d) : Tensor.of(c.values("scales"), n, k, d))
                .requiresGrad(true);
        Tensor y = Tensor.of(c.values("y"), n, d).requiresGrad(true);
        GaussianMixture p = c.full() ? GaussianMixture.full(logits, means, scales) : GaussianMixture.diagonal(logits, means, scales);
        Tensor logProb = p.logProb(y);
        assertClose(c.values("log_prob"), logProb.toDoubleArray(), c + " log_prob");
        logProb.neg().mean().backward();
        assertClose(c.values("grad_logits"), logits.grad().toDoubleArray(), c + " d/dlogits");
        assertClose(c.values("grad_means"), means.grad().toDoubleArray(), c + " d/dmeans");
        assertClose(c.values("grad_scales"), scales.grad().toDoubleArray(), c + " d/dscales");
        assertClose(c.values("grad_y"), y.grad().toDoubleArray(), c + " d/dy");
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double tol = TOL * Math.max(1, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol, what + "[" + i + "]: torch " + expected[i] + ", got " + actual[i]);
        }
    }
}
