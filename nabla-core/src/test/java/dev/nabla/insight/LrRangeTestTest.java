package dev.nabla.insight;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Bundled;
import dev.nabla.data.Dataset;
import dev.nabla.loss.CrossEntropy;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The learning-rate range test on the bundled digits: the curve, the suggestion, and the weights put back. */
class LrRangeTestTest {
    @Test
    void findsARateOnTheDigitsAndPutsTheWeightsBackBitForBit() {
        Dataset d = Bundled.digits();
        Tensor x = d.features().div(16), y = d.targets();
        Sequential model = Sequential.of(new Dense(64, Activation.relu()), new Dense(10)).build(0, 64);
        SGD sgd = new SGD(model.parameters(), SGD.Config.DEFAULT.withLr(0.1).withMomentum(0.9));
        List<float[]> before = model.parameters().stream().map(p -> p.value().toFloatArray()).toList();
        LrRangeTest.Result r = LrRangeTest.run(model, CrossEntropy.of(), sgd, x, y, 32, 0, new LrRangeTest.Options(1e-5, 10, 100, 4));
        List<Parameter> after = model.parameters();
        for (int i = 0; i < after.size(); i++) {
            float[] a = after.get(i).value().toFloatArray();
            assertEquals(before.get(i).length, a.length);
            for (int k = 0; k < a.length; k++) {
                assertEquals(Float.floatToRawIntBits(before.get(i)[k]), Float.floatToRawIntBits(a[k]), "parameter " + i + " element " + k);
            }
        }
        assertEquals(0, sgd.stepCount(), "the optimizer's state is put back too");
        assertEquals(0.1, sgd.learningRate(), 1e-15, "and its rate");
        assertTrue(r.diverged(), "the loss blows up before 10");
        assertTrue(r.lrs().length < 100 && r.lrs().length > 50, "stopped early at " + r.lrs().length);
        assertEquals(1e-5, r.lrs()[0], 1e-20);
        assertTrue(r.lrs()[1] / r.lrs()[0] > 1.14 && r.lrs()[1] / r.lrs()[0] < 1.16, "exponential: 1e6^(1/99) per step");
        // at 1e-5 nothing moves; by the suggestion the loss has fallen well below its start
        assertTrue(r.suggested() > 1e-3 && r.suggested() < 1, "suggested " + r.suggested());
        int lowest = 0;
        for (int i = 0; i < r.smoothed().length; i++) {
            lowest = r.smoothed()[i] < r.smoothed()[lowest] ? i : lowest;
        }
        assertTrue(r.smoothed()[lowest] < 0.7 * r.smoothed()[0], "the loss falls before it rises");
        assertEquals(r.lowestAt() / 10, r.suggested(), 0);
    }

    @Test
    void aRangeThatDoesNotGrowIsRefused() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new LrRangeTest.Options(1, 0.1, 10, 4));
        assertTrue(e.getMessage().contains("needs max_lr above min_lr"), e.getMessage());
    }
}
