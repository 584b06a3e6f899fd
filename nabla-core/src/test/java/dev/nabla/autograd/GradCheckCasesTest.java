package dev.nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every differentiable op's analytic gradient agrees with central differences in float64. */
class GradCheckCasesTest {

    static Stream<GradCheckCases.Case> cases() {
        return GradCheckCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void passesGradCheck(GradCheckCases.Case c) {
        for (long seed = 1; seed <= 3; seed++) {
            GradCheck.Report r = c.run(seed);
            assertTrue(r.passed(), () -> r.toString());
            assertTrue(r.elementsChecked() > 0, "nothing was checked for " + c.name());
        }
    }
}
