package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.config.ConfigException;
import dev.nabla.io.ModelFile;
import dev.nabla.nn.GaussianMixture.Covariance;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution heads: their output layout and constraints (normalised weights, scales and variances at or
 * above their floor, a free off-diagonal Cholesky part), the distribution they stand for, their use in
 * Sequential and Graph and in model files, and the settings they refuse.
 */
class DistributionHeadTest {
    @TempDir
    Path dir;

    private static Tensor x(long seed, int n, int features) {
        return Tensor.normal(new Generator(seed), DType.FLOAT64, 0, 3, n, features);
    }

    @Test
    void gaussianHeadGivesMeansThenVariancesAboveTheFloor() {
        for (GaussianHead.Variance link : GaussianHead.Variance.values()) {
            GaussianHead head = new GaussianHead(new GaussianHead.Config(2, link, 0.01));
            Sequential model = Sequential.of(new Dense(5, Activation.tanh()), head).build(1, DType.FLOAT64, 3);
            head.bias().value().f64()[3] = -60; // the second variance pushed far below the floor
            head.bias().value().markModified();
            Tensor out = model.forward(x(2, 7, 3));
            assertArrayEquals(new int[] {7, 4}, out.shape().dims());
            GaussianMixture p = head.distribution(out);
            assertArrayEquals(out.slice(1, 0, 2).toDoubleArray(), p.mean().toDoubleArray(), 1e-15);
            assertArrayEquals(out.slice(1, 2, 4).toDoubleArray(), p.variance().toDoubleArray(), 1e-15);
            for (double v : out.slice(1, 2, 4).toDoubleArray()) {
                assertTrue(v >= 0.01, link + ": variance " + v + " below the floor");
            }
            assertEquals(0.01, out.get(0, 3), 1e-12, link + ": a variance driven far down sits on the floor");
        }
    }

    @Test
    void mixtureHeadNormalisesWeightsAndKeepsScalesPositive() {
        MixtureDensityHead head = new MixtureDensityHead(new MixtureDensityHead.Config(3, 2, Covariance.DIAGONAL, 0.05));
        Sequential model = Sequential.of(new Dense(6, Activation.tanh()), head).build(4, DType.FLOAT64, 2);
        Tensor out = model.forward(x(5, 9, 2));
        assertArrayEquals(new int[] {9, 3 * (1 + 2 + 2)}, out.shape().dims());
        assertArrayEquals(new double[9], out.slice(1, 0, 3).logSumExp(1).toDoubleArray(), 1e-14, "log-weights sum to 1");
        for (double s : out.slice(1, 9, 15).toDoubleArray()) {
            assertTrue(s >= 0.05, "scale " + s);
        }
        GaussianMixture p = head.distribution(out);
        assertEquals(3, p.components());
        assertArrayEquals(out.slice(1, 3, 9).toDoubleArray(), p.means().toDoubleArray(), 0);
    }

    @Test
    void fullCovarianceHeadMakesOnlyTheDiagonalPositive() {
        MixtureDensityHead head = new MixtureDensityHead(new MixtureDensityHead.Config(2, 3, Covariance.FULL, 1e-3));
        Sequential model = Sequential.of(head).build(6, DType.FLOAT64, 4);
        Tensor out = model.forward(x(7, 20, 4));
        assertEquals(2 * (1 + 3 + 6), out.dim(1));
        Tensor tril = head.distribution(out).scaleTril();            // [20, 2, 3, 3]
        boolean negativeOffDiagonal = false;
        for (int n = 0; n < 20; n++) {
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < 3; i++) {
                    assertTrue(tril.get(n, c, i, i) >= 1e-3);
                    for (int j = i + 1; j < 3; j++) {
                        assertEquals(0, tril.get(n, c, i, j), 0, "above the diagonal");
                    }
                    negativeOffDiagonal |= i > 0 && tril.get(n, c, i, 0) < 0;
                }
            }
        }
        assertTrue(negativeOffDiagonal, "off-diagonal entries are free, so some are negative");
    }

    @Test
    void headsWorkInGraphsAndAreFoundAtTheOutput() {
        MixtureDensityHead head = new MixtureDensityHead(2);
        Graph g = Graph.builder().input("x", 3)
                .node("h", new Dense(4, Activation.tanh()), "x")
                .node("skip", new Dense(4), "x")
                .node("sum", Merge.add(), "h", "skip")
                .node("mdn", head, "sum")
                .output("mdn").build(3, DType.FLOAT64);
        assertSame(head, DistributionHead.at(g));
        assertEquals(6, g.forward(x(1, 5, 3)).dim(1));
        Sequential s = Sequential.of(new Dense(3), Sequential.of(new GaussianHead(1)));
        assertTrue(DistributionHead.at(s) instanceof GaussianHead);
        assertNull(DistributionHead.at(Sequential.of(new Dense(2))));
    }

    @Test
    void headsRoundTripThroughModelFiles() throws Exception {
        Sequential model = Sequential.of(new Dense(8, Activation.relu()),
                new MixtureDensityHead(new MixtureDensityHead.Config(3, 2, Covariance.FULL, 0.01))).build(9, 2);
        Path file = dir.resolve("mdn.safetensors");
        ModelFile.save(file, model);
        Layer back = ModelFile.load(file);
        Tensor in = Tensor.normal(new Generator(1), DType.FLOAT32, 0, 1, 4, 2);
        assertArrayEquals(model.forward(in).toFloatArray(), back.forward(in).toFloatArray(), 0);
        assertEquals(((MixtureDensityHead) model.layers().getLast()).config(), ((MixtureDensityHead) DistributionHead.at(back)).config());
        GaussianHead g = (GaussianHead) Layers.read(Layers.write(new GaussianHead(new GaussianHead.Config(3, GaussianHead.Variance.EXP, 1e-4))), "l");
        assertEquals(new GaussianHead.Config(3, GaussianHead.Variance.EXP, 1e-4), g.config());
    }

    @Test
    void badSettingsAreRefusedNamingTheHeadAndTheValue() {
        assertEquals("MixtureDensityHead: components must be an integer >= 1, got 0",
                assertThrows(ConfigException.class, () -> new MixtureDensityHead(0)).getMessage());
        assertEquals("GaussianHead: min_variance must be > 0 and finite (the floor that keeps the variance positive), got 0.0",
                assertThrows(ConfigException.class, () -> new GaussianHead.Config(1, GaussianHead.Variance.SOFTPLUS, 0)).getMessage());
        assertEquals("MixtureDensityHead: min_scale must be > 0 and finite (the floor that keeps each scale positive), got -0.1",
                assertThrows(ConfigException.class, () -> new MixtureDensityHead.Config(2, 1, Covariance.DIAGONAL, -0.1)).getMessage());
        assertEquals("MixtureDensityHead: outputs must be <= 4 with a full covariance (use diagonal for more), got 5",
                assertThrows(ConfigException.class, () -> new MixtureDensityHead.Config(2, 5, Covariance.FULL, 0.1)).getMessage());
        ConfigException e = assertThrows(ConfigException.class,
                () -> Layers.read(Map.of("type", "MixtureDensityHead", "components", 0), "$.model.layers[1]"));
        assertEquals("$.model.layers[1].components: must be an integer >= 1, got 0", e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> Layers.read(Map.of("type", "GaussianHead", "min_variance", -1), "$.model.layers[1]"));
        assertTrue(e.getMessage().startsWith("$.model.layers[1].min_variance: must be > 0"), e.getMessage());
        GaussianHead head = new GaussianHead(2);
        Sequential.of(head).build(0, 3);
        assertEquals("GaussianHead: distribution() takes this head's output [N, 4], got [5, 2]",
                assertThrows(IllegalArgumentException.class, () -> head.distribution(Tensor.zeros(5, 2))).getMessage());
    }
}
