package dev.nabla.insight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The numbers behind the universal-approximation picture (defaults: 64 points of sin(2πx) + ½ sin(5πx),
 * 2000 full-batch Adam steps at 0.1, seed 0): wider hidden layers of sigmoids fit closer.
 */
class UniversalApproximationTest {
    @Test
    void oneSigmoidCannotFollowTheCurveAndThirtyTwoDo() {
        List<UniversalApproximation.Fit> fits = UniversalApproximation.run(UniversalApproximation.Options.DEFAULT);
        assertEquals(List.of(1, 2, 4, 8, 32), fits.stream().map(UniversalApproximation.Fit::width).toList());
        double[] mse = fits.stream().mapToDouble(UniversalApproximation.Fit::mse).toArray();
        assertTrue(mse[0] > 0.1, "one sigmoid is a single step: " + mse[0]);
        assertTrue(mse[1] < 0.5 * mse[0] && mse[2] < 0.1 * mse[1], "each doubling up to 4 helps: " + java.util.Arrays.toString(mse));
        assertTrue(mse[4] < 1e-3 && fits.get(4).maxError() < 0.15, "width 32: " + mse[4] + ", max " + fits.get(4).maxError());
        for (double m : mse) {
            assertTrue(mse[4] <= m, "32 is the closest: " + java.util.Arrays.toString(mse));
        }
        assertEquals(64, fits.get(0).predicted().length);
        assertEquals(UniversalApproximation.TARGET.applyAsDouble(1), fits.get(0).target()[63], 0, "the grid ends at 1");
    }
}
