package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nabla used as a plain library: a JVM started with {@code java -cp ... Main} and no Nabla-specific
 * flags (the surefire JVM has {@code --add-modules jdk.incubator.vector} and
 * {@code --enable-native-access}, so these run {@link PlainJvmChild} in a child JVM of the same JDK).
 */
class PlainJvmTest {
    /** A phrase of the one line logged when the Vector API module is missing. */
    private static final String HINT = "add --add-modules jdk.incubator.vector";

    private static ChildJvm child(List<String> flags, String mode) throws Exception {
        return ChildJvm.run(flags, PlainJvmChild.class, mode);
    }

    private static int count(String text, String phrase) {
        int n = 0;
        for (int i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void withoutTheVectorModuleTrainingRunsTheScalarKernelsToTheSameBits() throws Exception {
        ChildJvm plain = child(List.of(), "fit");
        assertEquals(0, plain.exit(), plain.describe());
        assertEquals("scalar", plain.value("kernels"), plain.describe());
        assertEquals(1, count(plain.err(), HINT), "the hint is logged once:\n" + plain.describe());

        ChildJvm scalar = child(List.of("--add-modules", "jdk.incubator.vector", "-Dnabla.kernel=scalar"), "fit");
        assertEquals(0, scalar.exit(), scalar.describe());
        assertEquals("scalar", scalar.value("kernels"), scalar.describe());
        assertEquals(0, count(scalar.err(), HINT), "no hint when the module is there:\n" + scalar.describe());
        assertEquals(scalar.value("weights"), plain.value("weights"),
                "the same weights as scalar mode with the module present");
    }

    @Test
    void noRestrictedMethodWarningUnlessOpenBlasIsAskedFor() throws Exception {
        ChildJvm plain = child(List.of("--add-modules", "jdk.incubator.vector"), "matmul");
        assertEquals(0, plain.exit(), plain.describe());
        assertFalse(plain.err().contains("WARNING: A restricted method"), plain.describe());

        ChildJvm noModule = child(List.of(), "matmul");
        assertEquals(0, noModule.exit(), noModule.describe());
        assertFalse(noModule.err().contains("WARNING: A restricted method"), noModule.describe());

        // the check can see the warning: asking for OpenBLAS looks the library up, which warns
        ChildJvm asked = child(List.of("--add-modules", "jdk.incubator.vector", "-Dnabla.backend=openblas"), "matmul");
        assertEquals(0, asked.exit(), asked.describe());
        assertTrue(asked.err().contains("WARNING: A restricted method"), asked.describe());
    }
}
