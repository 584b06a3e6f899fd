package dev.nabla.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What makes a spec's run the same run: its weight-shaping sections, seed and data; not its layout or name. */
class RunSettingsTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    private static Map<String, String> settings(ExperimentSpec spec) throws Exception {
        return RunSettings.of(spec, PreparedData.prepare(spec.data(), spec.loss(), spec.seed()));
    }

    @Test
    void aReformattedOrRenamedSpecIsTheSameRunAndEachChangeShows() throws Exception {
        String text = Files.readString(EXAMPLES.resolve("digits.json"));
        ExperimentSpec spec = ExperimentSpec.parse(text, EXAMPLES, "digits");
        Map<String, String> base = settings(spec);
        assertEquals(java.util.List.of("$.seed", "$.data", "$.model", "$.loss", "$.optimizer", "$.callbacks", "$.metrics",
                "$.training.batch_size", "$.training.shuffle", "training data"), java.util.List.copyOf(base.keySet()));
        assertTrue(base.get("training data").matches("sha256:[0-9a-f]{16}"), base.get("training data"));
        assertEquals("{\"name\":\"adam\",\"lr\":0.001}", base.get("$.optimizer"));

        String reformatted = text.replace("\n", "\n  ").replaceFirst("\"name\": \"digits\"", "\"name\": \"other-name\"")
                .replace("Handwritten digits", "Another description");
        assertEquals(base, settings(ExperimentSpec.parse(reformatted, EXAMPLES, "x")), "layout, name and description");
        assertEquals(base, settings(spec.withTraining(new TrainingSpec(99, 32, true))), "the fit adds the epochs");

        Map<String, String> reseeded = settings(spec.withSeed(1));
        assertEquals("1", reseeded.get("$.seed"));
        assertNotEquals(base.get("training data"), reseeded.get("training data"), "another seed, another split");
        Map<String, String> faster = settings(ExperimentSpec.parse(text.replace("\"lr\": 0.001", "\"lr\": 0.01"), EXAMPLES, "digits"));
        assertEquals("{\"name\":\"adam\",\"lr\":0.01}", faster.get("$.optimizer"));
        assertEquals(base.get("training data"), faster.get("training data"));
    }
}
