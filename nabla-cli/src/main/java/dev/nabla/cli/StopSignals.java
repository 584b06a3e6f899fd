package dev.nabla.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM during {@code nabla train}: training stops after the current batch and saves,
 * then the JVM exits with the signal's status (130, 143), as it would have without us. The JVM's own
 * handling starts its shutdown; our shutdown hook asks training to stop and holds the shutdown until the
 * training thread says the run is saved. Which signal came is noted on the way (the JVM's shutdown does not
 * say), so that the report names it: a SIGTERM from a supervisor is not a Ctrl-C.
 */
final class StopSignals implements AutoCloseable {
    private static final Map<String, String> NAMES = Map.of("INT", "Ctrl-C", "TERM", "SIGTERM");

    private final AtomicReference<String> received = new AtomicReference<>();
    private final CountDownLatch saved = new CountDownLatch(1);
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final Thread hook;

    private StopSignals(Runnable requestStop) {
        hook = new Thread(() -> {
            requestStop.run();
            try {
                saved.await(120, TimeUnit.SECONDS); // let the training thread finish the batch and save
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nabla-stop");
    }

    /** From now until {@link #close}, a stop signal runs {@code requestStop} and waits for {@link #saved}. */
    static StopSignals install(Runnable requestStop) {
        StopSignals s = new StopSignals(requestStop);
        Runtime.getRuntime().addShutdownHook(s.hook);
        for (String name : NAMES.keySet()) {
            s.note(name);
        }
        return s;
    }

    /** Notes the signal's name, then hands it to the handler that was there (the JVM's: it starts the shutdown). */
    private void note(String name) {
        Signal signal = new Signal(name);
        try {
            SignalHandler[] before = new SignalHandler[1];
            before[0] = Signal.handle(signal, sig -> {
                received.compareAndSet(null, name);
                pass(before[0], sig);
            });
            previous.put(signal, before[0]);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // the signal is ignored (a background job of a shell without job control) or the JVM's own
            // (-Xrs): what happens on it is not ours to change, and the report says "Ctrl-C"
        }
    }

    private static void pass(SignalHandler before, Signal sig) {
        if (before == SignalHandler.SIG_DFL || before == SignalHandler.SIG_IGN) {
            System.exit(128 + sig.getNumber()); // what the JVM's handler does; a native one cannot be called
        } else {
            before.handle(sig);
        }
    }

    /** The signal that stopped the run, as the report names it: "SIGTERM", or "Ctrl-C" (also when unknown). */
    String name() {
        return received.get() == null ? "Ctrl-C" : NAMES.get(received.get());
    }

    /** The exit status of a run these signals stopped: 143 after SIGTERM, 130 after Ctrl-C. */
    int exitCode() {
        return "TERM".equals(received.get()) ? Main.EXIT_TERMINATED : Main.EXIT_INTERRUPTED;
    }

    /** The run is saved (or failed): a shutdown waiting for it may go on. */
    void saved() {
        saved.countDown();
    }

    @Override
    public void close() {
        saved();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // a signal: the hook is running and returns now that the model is saved
        }
        previous.forEach((signal, handler) -> {
            try {
                Signal.handle(signal, handler);
            } catch (IllegalArgumentException e) {
                // only during a shutdown, which ends the JVM anyway
            }
        });
    }
}
