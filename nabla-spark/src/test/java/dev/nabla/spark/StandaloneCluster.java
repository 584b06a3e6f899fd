package dev.nabla.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Spark standalone cluster on loopback: a master and {@code workers} workers of one core each, every
 * one its own JVM (JAVA_HOME's java, the test class path, Spark's JDK opens). Executors get the test
 * class path too ({@code spark.executor.extraClassPath}), so nothing is downloaded or packaged. The
 * workers' SPARK_HOME is an empty folder with an empty jars/ (the executor launcher requires one).
 */
final class StandaloneCluster implements AutoCloseable {
    final String master;
    final Path home;
    private final List<Process> processes = new ArrayList<>();

    StandaloneCluster(Path dir, int workers) throws IOException, InterruptedException {
        this.home = dir;
        Files.createDirectories(dir.resolve("jars"));
        int port = freePort();
        master = "spark://127.0.0.1:" + port;
        start(dir.resolve("master.log"), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--webui-port", String.valueOf(freePort()));
        try {
            waitForPort(port, processes.getFirst());
        } catch (IOException e) {
            close();
            throw new IOException(e.getMessage() + "; its log ends:\n" + tail(dir.resolve("master.log")), e);
        }
        for (int i = 0; i < workers; i++) {
            Path work = Files.createDirectories(dir.resolve("work-" + i));
            start(dir.resolve("worker-" + i + ".log"), "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "1g", "--webui-port", String.valueOf(freePort()),
                    "--work-dir", work.toString(), master);
        }
    }

    /** The settings a driver in this JVM needs to run on the cluster. */
    Map<String, String> driverConf() {
        return Map.of("spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1",
                "spark.executor.extraClassPath", classPath(), "spark.executor.memory", "512m",
                "spark.executor.extraJavaOptions", "-Xss4m",
                // both executors before the first stage: a barrier stage needs all its slots at once
                "spark.scheduler.minRegisteredResourcesRatio", "1.0",
                "spark.scheduler.maxRegisteredResourcesWaitingTime", "60s",
                "spark.cores.max", "2");
    }

    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private void start(Path log, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(System.getProperty("nabla.spark.jvm.args", "").trim().split("\\s+")));
        // C1 only: the master and workers only pass messages, and start faster without C2 on a busy machine
        cmd.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classPath(), main));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        processes.add(pb.start());
    }

    /** The pids of the executor JVMs the workers started (children of the worker processes). */
    List<ProcessHandle> executors() {
        List<ProcessHandle> out = new ArrayList<>();
        processes.stream().skip(1).forEach(w -> w.children().forEach(out::add));
        return out;
    }

    static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port, Process master) throws InterruptedException, IOException {
        for (int i = 0; i < 600 && master.isAlive(); i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException("the standalone master did not open port " + port + " in 60 s");
    }

    @Override
    public void close() {
        for (Process p : processes.reversed()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
