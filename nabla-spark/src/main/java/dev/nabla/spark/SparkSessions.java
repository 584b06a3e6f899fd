package dev.nabla.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.apache.spark.sql.SparkSession;

/**
 * Opens the session a {@link SparkTrainer} runs in. A {@code spark://host:port} master is tried first:
 * Spark itself retries an unreachable master for a minute and then logs, rather than throws, that all
 * masters are unresponsive; here the mistake is named at once.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    /** A session on {@code master} ({@code local[2]}, {@code spark://host:7077}, {@code yarn}, ...). */
    public static SparkSession open(String master, String appName) {
        return open(master, appName, java.util.Map.of());
    }

    /** As {@link #open(String, String)}, with Spark settings ({@code spark.executor.memory}, ...) added. */
    public static SparkSession open(String master, String appName, java.util.Map<String, String> conf) {
        if (master == null || master.isBlank()) {
            throw new SparkTrainingException("spark: no master given; use local[N] or spark://host:port");
        }
        if (master.startsWith("spark://")) {
            checkReachable(master);
        }
        SparkSession.Builder b = SparkSession.builder().master(master).appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false");
        conf.forEach(b::config);
        SparkSession session = b.getOrCreate();
        session.sparkContext().setLogLevel("WARN"); // Spark's INFO lines would bury the run's own output
        return session;
    }

    static void checkReachable(String master) {
        IOException last = null;
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            URI uri = URI.create("spark://" + hostPort);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new SparkTrainingException("spark: the master " + master + " is not spark://host:port");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new SparkTrainingException("spark: cannot reach the Spark master " + master + " (" + last.getMessage()
                + "); is the master running there (sbin/start-master.sh) and is the port its RPC port "
                + "(7077 by default, not the web UI's 8080)?", last);
    }
}
