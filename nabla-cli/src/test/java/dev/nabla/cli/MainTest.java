package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.kernel.Parallel;
import org.junit.jupiter.api.Test;

/** The top-level command: version, help, dispatch. */
class MainTest {

    @Test
    void versionNamesNablaTheJvmTheKernelsAndTheThreads() {
        GradCheckCommandTest.Run r = GradCheckCommandTest.nabla("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().lines().findFirst().orElse("").matches("nabla \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"),
                "first line is the project version, filled in by Maven:\n" + r.out());
        assertTrue(r.out().contains("JVM: " + Runtime.version()), r.out());
        assertTrue(r.out().contains("kernels: Vector API SIMD") || r.out().contains("kernels: scalar"), r.out());
        assertTrue(r.out().contains("threads: " + Parallel.threads()), r.out());
    }

    @Test
    void helpListsTheSubcommands() {
        GradCheckCommandTest.Run r = GradCheckCommandTest.nabla("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("gradcheck"), r.out());
    }

    @Test
    void noCommandIsAUsageErrorThatListsThem() {
        GradCheckCommandTest.Run r = GradCheckCommandTest.nabla();
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Missing command: choose one of train, eval, predict, info, gradcheck"), r.err());
    }
}
