package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.config.ConfigException;
import dev.nabla.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Softplus against PyTorch 1.13's {@code torch.nn.functional.softplus} (float64, values printed by it for
 * these inputs), its gradient sigmoid(βx) at 0 (where a relu/abs form would give 0), the linear branch above
 * the threshold, and its settings.
 */
class SoftplusTest {
    private static final double[] X = {-30, -1, 0, 0.5, 10, 19.9, 20.1, 25};

    @Test
    void valuesAreTorchsWithTheDefaults() {
        double[] torch = {9.357622968839737e-14, 0.31326168751822286, 0.6931471805599453, 0.9740769841801067,
            10.000045398899218, 19.900000002277924, 20.1, 25.0};
        assertClose(torch, Activation.softplus().apply(Tensor.of(X, X.length)).toDoubleArray());
    }

    @Test
    void valuesAreTorchsWithBetaAndThreshold() {
        double[] torch = {4.37825538134826e-27, 0.06346400552148625, 0.34657359027997264, 0.6566308437591114, 10.0, 19.9,
            20.1, 25.0};
        assertClose(torch, new Activation.Softplus(2, 3).apply(Tensor.of(X, X.length)).toDoubleArray());
    }

    @Test
    void gradientIsSigmoidOfBetaXAndOneOnTheLinearBranch() {
        Tensor x = Tensor.of(new double[] {0, -2, 25}, 3).requiresGrad(true);
        new Activation.Softplus(1.5, 20).apply(x).sum().backward();
        double[] g = x.grad().toDoubleArray();
        assertEquals(0.5, g[0], 1e-15, "sigmoid(0)");
        assertEquals(1 / (1 + Math.exp(3)), g[1], 1e-15, "sigmoid(1.5 * -2)");
        assertEquals(1, g[2], 0, "above the threshold softplus is x");
    }

    @Test
    void settingsAreCheckedAndReadByName() {
        ConfigException e = assertThrows(ConfigException.class, () -> new Activation.Softplus(0, 20));
        assertEquals("Softplus: beta must be > 0 and finite, got 0.0", e.getMessage());
        assertThrows(ConfigException.class, () -> new Activation.Softplus(1, Double.NaN));
        assertEquals(Activation.softplus(), Activation.REGISTRY.read("softplus", "a"));
        assertEquals(new Activation.Softplus(2, 20), Activation.REGISTRY.read(Map.of("name", "softplus", "beta", 2), "a"));
        assertEquals("softplus", Activation.softplus().name());
    }

    private static void assertClose(double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-15 + 1e-14 * Math.abs(expected[i]);
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol, "x = " + X[i] + ": torch " + expected[i] + ", got " + actual[i]);
        }
    }
}
