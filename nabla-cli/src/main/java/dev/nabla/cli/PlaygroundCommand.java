package dev.nabla.cli;

import dev.nabla.playground.PlaygroundServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nabla playground}: serves the browser playground (nabla-playground's {@link PlaygroundServer})
 * until Ctrl-C. Loopback by default: the page trains on the server's CPU, so it is for the machine's own
 * user unless {@code --host} says otherwise.
 */
@Command(name = "playground", mixinStandardHelpOptions = true,
        description = "Serve the browser playground: build and train a network in the page, export it as a model file.")
public final class PlaygroundCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0: any free port).")
    private int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    private String host;

    @Spec
    private CommandSpec spec;

    /** Held: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final java.util.List<java.util.logging.Logger> QUIET = java.util.List.of(
            java.util.logging.Logger.getLogger("io.javalin"), java.util.logging.Logger.getLogger("org.eclipse.jetty"));

    @Override
    public Integer call() throws Exception {
        picocli.CommandLine cl = spec.commandLine();
        if (port < 0 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(cl, "--port must be from 0 to 65535, got " + port);
        }
        // the server's start-up lines (Jetty's version, Javalin's banner) are noise on a command line
        QUIET.forEach(l -> l.setLevel(java.util.logging.Level.WARNING));
        PlaygroundServer server;
        try {
            server = PlaygroundServer.start(host, port);
        } catch (RuntimeException e) {
            // Jetty's bind failure names neither the option nor what to do
            throw new picocli.CommandLine.ParameterException(cl, "cannot listen on " + host + ":" + port + " ("
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()) + "); try another --port or --host");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        cl.getOut().println("Nabla playground: http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port()
                + "/  (Ctrl-C to stop)");
        cl.getOut().flush();
        stopped.await();
        return 0;
    }
}
