package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The library's warnings reach the user of the command as plain {@code nabla: ...} lines. */
class StderrLogTest {

    @Test
    void aLibraryWarningIsOneNablaLineOnStderr() {
        Main.commandLine(); // installs the handler, as every run of the command does
        Main.commandLine(); // twice: still one line per warning
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            System.getLogger("dev.nabla.train").log(System.Logger.Level.WARNING, "checkpoint x is unusable {0}");
        } finally {
            System.setErr(saved);
        }
        assertEquals("nabla: checkpoint x is unusable {0}" + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
        assertFalse(Logger.getLogger("dev.nabla").getUseParentHandlers(), "not printed again, with a timestamp, by the root");
    }
}
