package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The FMA ceiling is a positive, finite rate with the Vector API, NaN without it, and bad arguments are refused. */
class FmaPeakTest {
    @Test
    void measuresAPositiveRateOrSaysNaNWithoutTheVectorApi() {
        double one = FmaPeak.gflops(1, 20);
        if (KernelMode.vector()) {
            // the loop ran and was timed; how fast depends on the machine and its load, which a test does not assert
            assertTrue(one > 0 && Double.isFinite(one), "1 thread: " + one);
        } else {
            assertTrue(Double.isNaN(one), "without the Vector API: " + one);
        }
        boolean previous = KernelMode.setVector(false);
        try {
            assertTrue(Double.isNaN(FmaPeak.gflops(1, 5)), "scalar mode has no vector peak to report");
        } finally {
            KernelMode.setVector(previous);
        }
    }

    @Test
    void badArgumentsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FmaPeak.gflops(0, 10));
        assertTrue(e.getMessage().contains("FmaPeak: threads and millis must be >= 1, got 0 and 10"), e.getMessage());
    }
}
