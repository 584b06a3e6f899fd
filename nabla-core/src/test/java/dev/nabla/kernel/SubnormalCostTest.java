package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link SubnormalCost}: the setting's parsing, the probe's answer, and above all that the underflow
 * paths change no bit: training with them on, off, and as the probe chose gives the same weights and
 * moments.
 */
class SubnormalCostTest {

    @Test
    void onAndOffDecideAndAutoFollowsTheRatio() {
        assertTrue(SubnormalCost.decide("on", Double.NaN));
        assertFalse(SubnormalCost.decide("off", 100));
        assertTrue(SubnormalCost.decide("auto", SubnormalCost.THRESHOLD * 1.01));
        assertFalse(SubnormalCost.decide("auto", SubnormalCost.THRESHOLD));
        assertFalse(SubnormalCost.decide("auto", 1.1));
    }

    @Test
    void anUnknownSettingNamesThePropertyAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SubnormalCost.decide("yes", Double.NaN));
        assertEquals("-Dnabla.underflowPaths: expected on, off or auto, got 'yes'", e.getMessage());
        assertTrue(SubnormalCost.decide(" ON ", Double.NaN), "case and spaces aside");
    }

    @Test
    void aBadSettingIsAnErrorAtTheWarmUpNotACrash() throws Exception {
        ChildJvm run = ChildJvm.run(List.of("--add-modules", "jdk.incubator.vector", "-D" + SubnormalCost.PROPERTY + "=yes"),
                UnderflowPathsChild.class);
        assertEquals(0, run.exit(), run.describe());
        assertEquals("-Dnabla.underflowPaths: expected on, off or auto, got 'yes'", run.value("error"), run.describe());
    }

    @Test
    void thePathsChangeNoBit() throws Exception {
        List<ChildJvm> runs = new ArrayList<>();
        for (String setting : new String[] {"on", "off", null}) {
            List<String> flags = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector"));
            if (setting != null) {
                flags.add("-D" + SubnormalCost.PROPERTY + "=" + setting);
            }
            ChildJvm run = ChildJvm.run(flags, UnderflowPathsChild.class);
            assertEquals(0, run.exit(), run.describe());
            runs.add(run);
        }
        for (ChildJvm run : runs) {
            assertEquals("true", run.value("vector"), run::describe); // the scalar loops have no paths to compare
        }
        assertTrue(Long.parseLong(runs.get(0).value("subnormals")) > 10_000, runs.get(0)::describe);
        assertEquals("on (-Dnabla.underflowPaths)", runs.get(0).value("paths"));
        assertEquals("off (-Dnabla.underflowPaths)", runs.get(1).value("paths"));
        Matcher auto = Pattern.compile("(on|off) \\(subnormal arithmetic ([0-9.]+)x slower here; on above 3x\\)")
                .matcher(runs.get(2).value("paths"));
        assertTrue(auto.matches(), runs.get(2)::describe);
        assertEquals(Double.parseDouble(runs.get(2).value("ratio")) > SubnormalCost.THRESHOLD, auto.group(1).equals("on"),
                runs.get(2)::describe);
        assertEquals(Double.parseDouble(auto.group(2)), Double.parseDouble(runs.get(2).value("ratio")), 0.05,
                runs.get(2)::describe);
        for (ChildJvm run : runs.subList(1, 3)) {
            assertEquals(runs.get(0).value("sha256"), run.value("sha256"), run::describe);
        }
    }
}
