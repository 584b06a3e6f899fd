package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@code nabla playground}: its options' mistakes in their own terms (the server itself: nabla-playground's tests). */
class PlaygroundCommandTest {
    @Test
    void aPortOutOfRangeOrTakenIsSaidWithTheOption() throws Exception {
        Cli.Run bad = Cli.nabla("playground", "--port", "70000");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--port must be from 0 to 65535, got 70000"), bad.err());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli.Run busy = Cli.nabla("playground", "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(2, busy.code(), busy.err());
            assertTrue(busy.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), busy.err());
            assertTrue(busy.err().contains("try another --port or --host"), busy.err());
        }
    }
}
