package dev.nabla.cli;

import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Shows what the library logs (logger {@code dev.nabla}, e.g. a damaged checkpoint skipped on resume)
 * on standard error as {@code nabla: <message>}, the way the command's own messages look: no timestamp,
 * no logger name, and not a second time through the root logger's console handler.
 */
final class StderrLog extends Handler {
    /**
     * java.util.logging holds loggers weakly: without this reference the configured logger could be
     * collected, and the library would then log through a fresh one without this handler.
     */
    private static final Logger NABLA = Logger.getLogger("dev.nabla");

    private StderrLog() {
        setFormatter(new SimpleFormatter()); // only its formatMessage is used: parameters filled in, nothing added
    }

    /** Routes logger {@code dev.nabla} here instead of to its parents; a second call changes nothing. */
    static synchronized void install() {
        for (Handler h : NABLA.getHandlers()) {
            if (h instanceof StderrLog) {
                return;
            }
        }
        NABLA.addHandler(new StderrLog());
        NABLA.setUseParentHandlers(false);
    }

    @Override
    public void publish(LogRecord r) {
        if (!isLoggable(r)) {
            return;
        }
        String text = getFormatter().formatMessage(r);
        if (r.getThrown() != null) {
            text += " (" + r.getThrown() + ")";
        }
        // System.err read now, not kept: a redirected stream (tests, an embedding program) gets the line
        System.err.println("nabla: " + text);
    }

    @Override
    public void flush() {
        System.err.flush();
    }

    @Override
    public void close() {
        flush();
    }
}
