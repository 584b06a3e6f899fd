package dev.nabla.insight;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.train.FlowRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The numbers behind the vanishing-gradients picture, on the bundled digits with the demo's defaults (12
 * hidden layers of 16 units, seed 0), at the initial weights.
 */
class VanishingGradientsTest {
    private static final List<VanishingGradients.Run> RUNS = VanishingGradients.run(VanishingGradients.Options.DEFAULT.withSteps(1));

    @Test
    void sigmoidWithUnitNormalWeightsLosesTheGradientOnTheWayBack() {
        VanishingGradients.Run sigmoid = RUNS.get(0);
        assertEquals("sigmoid, N(0, 1)", sigmoid.setup().name());
        assertEquals(13, sigmoid.weightGradientNorms().length, "12 hidden layers and the output layer");
        assertTrue(sigmoid.firstToLastRatio() <= 1e-2,
                "the first layer's weight gradient at least 100x below the output layer's, got " + sigmoid.firstToLastRatio());
        // and it shrinks layer by layer: the output gradients (the histograms' quantity) fall toward the input
        var layers = sigmoid.initial().layers();
        assertTrue(layers.get(0).outputGradient().norm() < 0.1 * layers.get(11).outputGradient().norm());
    }

    @Test
    void reluWithHeWeightsKeepsItWithinTenfold() {
        VanishingGradients.Run relu = RUNS.get(1);
        assertEquals("relu, He", relu.setup().name());
        double r = relu.firstToLastRatio();
        assertTrue(r >= 0.1 && r <= 10, "within 10x, got " + r);
    }

    @Test
    void glorotWeightsDoNotSaveTheSigmoid() {
        assertTrue(RUNS.get(2).firstToLastRatio() < 1e-4, "got " + RUNS.get(2).firstToLastRatio());
    }

    @Test
    void wideLayersWithUnitNormalWeightsDoNotVanish() {
        var wide = VanishingGradients.run(VanishingGradients.SETUPS.get(0),
                VanishingGradients.Options.DEFAULT.withShape(12, 128).withSteps(1));
        assertTrue(wide.firstToLastRatio() > 0.1, "sqrt(width) makes up for the sigmoid's 1/4: got " + wide.firstToLastRatio());
    }

    @Test
    void recordsEveryTenthUpdateAndTheSameSeedGivesTheSameNumbers() {
        VanishingGradients.Options o = VanishingGradients.Options.DEFAULT.withSteps(25);
        VanishingGradients.Run a = VanishingGradients.run(VanishingGradients.SETUPS.get(1), o);
        VanishingGradients.Run b = VanishingGradients.run(VanishingGradients.SETUPS.get(1), o);
        assertEquals(List.of(0L, 10L, 20L), a.records().stream().map(FlowRecord::step).toList());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(VanishingGradients.weightGradientNorms(a.records().get(i)),
                    VanishingGradients.weightGradientNorms(b.records().get(i)), 0);
        }
        assertArrayEquals(RUNS.get(1).weightGradientNorms(), a.weightGradientNorms(), 0, "the first record is the initial weights'");
    }
}
