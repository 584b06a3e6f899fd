package dev.nabla.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.FashionMnist;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The project's pinned real-data result: examples/fashion-mnist.json (784-256-128-10 ReLU, Adam 1e-3 with
 * a cosine decay over the run, batch 128, 10 epochs, seed 0) reaches >= 0.88 test accuracy. Measured:
 * 0.8912 (seeds 1 and 2: 0.8914, 0.8925), about 30 s on two cores. Skipped where the data is not installed.
 */
class FashionMnistEndToEndTest {

    @Test
    void reachesEightyEightPercentOnTheTestSet() throws Exception {
        Assumptions.assumeTrue(FashionMnist.available(null), "Fashion-MNIST is not installed: install the Debian "
                + "package dataset-fashion-mnist (files in " + FashionMnist.defaultDirectory() + ")");
        ExperimentResult r = Experiment.load(Path.of("..", "examples", "fashion-mnist.json")).run(RunListener.NONE);
        assertEquals(60_000, r.splits().train().size());
        assertEquals(10_000, r.splits().test().size());
        assertEquals(FashionMnist.CLASS_NAMES, r.classNames());
        assertTrue(r.testMetrics().get("accuracy") >= 0.88, "test " + r.testMetrics());
    }
}
