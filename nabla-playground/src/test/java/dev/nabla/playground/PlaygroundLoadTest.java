package dev.nabla.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The load harness, short: 20 tabs for 10 s (the first seconds are the JIT's: the Vector API is slow until C2
 * has compiled the kernels). Asserts what must hold whatever the machine's speed (no error,
 * every tab streaming, the probe answered); the figures are printed, and the 60-s run's are in the README.
 */
class PlaygroundLoadTest {
    @Test
    void twentyTabsTrainAtOnceWithoutAnError() throws Exception {
        PlaygroundLoad.Result r = PlaygroundLoad.run(20, 10);
        System.out.println("load: " + r);
        assertEquals(0, r.errors(), r.toString());
        assertTrue(r.frames() >= 20, "the tabs get frames: " + r);
        assertTrue(r.updates() > 0, r.toString());
    }
}
