package dev.nabla.playground;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One tab's training, without a server: seeded, capped, and what the page's controls mean. */
class SessionTest {
    @TempDir
    Path dir;

    private Session session(Map<String, Object> patch) {
        Session s = new Session("t", dir);
        Map<String, Object> m = Settings.defaults().toMap();
        m.putAll(patch);
        s.configure(Settings.read(m));
        return s;
    }

    private static double testLoss(Session s) {
        return ((Number) s.frame(false).get("testLoss")).doubleValue();
    }

    @Test
    void xorFallsUnderATenthOfTestLossAtAPinnedEpoch() {
        Session s = session(Map.of("dataset", "xor"));
        while (testLoss(s) >= 0.1 && s.epoch() < 300) {
            s.stepEpoch();
        }
        // the page's defaults (2 tanh layers of 4 and 2, Adam 0.03, batch 10, seed 1): pinned, seeded
        assertEquals(8, s.epoch(), "epochs to a test loss under 0.1");
    }

    @Test
    void theSameSettingsGiveTheSameWeightsAndAnotherSeedOthers() {
        Session a = session(Map.of("dataset", "spiral", "seed", 7)), b = session(Map.of("dataset", "spiral", "seed", 7));
        Session c = session(Map.of("dataset", "spiral", "seed", 8));
        for (Session s : List.of(a, b, c)) {
            s.stepEpoch();
            s.stepEpoch();
        }
        assertArrayEquals(a.dense().get(0).weight().value().toFloatArray(), b.dense().get(0).weight().value().toFloatArray());
        assertNotEquals(a.dense().get(0).weight().value().get(0, 0), c.dense().get(0).weight().value().get(0, 0));
    }

    @Test
    void regressionSetsTrainWithMseAndThreeBlobsWithThreeOutputs() {
        Session plane = session(Map.of("dataset", "plane", "problem", "regression"));
        double before = testLoss(plane);
        for (int i = 0; i < 20; i++) {
            plane.stepEpoch();
        }
        assertTrue(testLoss(plane) < before / 10, "plane: " + before + " -> " + testLoss(plane));
        assertEquals("mse", dev.nabla.loss.Loss.REGISTRY.nameOf(plane.spec().loss()));
        Session blobs = session(Map.of("dataset", "blobs"));
        assertEquals(3, blobs.dense().getLast().units());
        assertEquals(3, blobs.frame(true).get("classes"));
    }

    @Test
    void featuresDropoutAndPenaltiesReachTheNetwork() {
        Session s = session(Map.of("features", List.of("x1", "x1sq", "sinx2"), "layers",
                List.of(Map.of("units", 3, "activation", "relu", "dropout", 0.5)), "regularization", "l1", "regRate", 0.01));
        assertEquals(3, s.dense().getFirst().weight().value().dim(1));
        assertEquals(List.of("Dense", "Dropout", "Dense"), s.model().layers().stream().map(l -> l.getClass().getSimpleName()).toList());
        assertEquals(1, s.spec().penalties().size());
    }

    @Test
    void refusalsNameTheControlAndKeepTheSessionAsItWas() {
        Session s = session(Map.of());
        PlaygroundException e = assertThrows(PlaygroundException.class, () -> s.configure(Settings.read(Map.of("dataset", "plane"))));
        assertEquals("Data set 'plane' is for regression; pick a classification data set", e.getMessage());
        assertEquals("Data set 'csv': upload a CSV file first",
                assertThrows(PlaygroundException.class, () -> s.configure(Settings.read(Map.of("dataset", "csv")))).getMessage());
        assertEquals("Features: pick at least one input feature",
                assertThrows(PlaygroundException.class, () -> Settings.read(Map.of("features", List.of()))).getMessage());
        assertEquals("Weight: must be a number from -100 to 100, got NaN",
                assertThrows(PlaygroundException.class, () -> s.setWeight(0, 0, 0, Double.NaN)).getMessage());
        assertEquals("circle", s.settings().dataset());
    }
}
