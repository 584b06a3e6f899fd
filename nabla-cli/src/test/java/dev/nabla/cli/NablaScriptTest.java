package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code nabla} launcher script, sourced by bash (sourcing defines its functions without running
 * it): signals sent to its PID reach the JVM, and a first build shows where it is.
 */
class NablaScriptTest {
    private static final Path SCRIPT = Path.of("..", "nabla").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void sigtermToTheLauncherStopsTheJvmWhichSavesAndExits143() throws Exception {
        Stopped r = trainThenSignal("TERM");
        assertEquals(143, r.exit(), r.err());
        assertTrue(r.out().contains("stopped early (SIGTERM) after "), r.out());
        assertTrue(Files.exists(dir.resolve("run/model.safetensors")), "the model was saved");
    }

    @Test
    void sigintToTheLauncherStopsTheJvmWhichSavesAndExits130() throws Exception {
        // A shell without job control starts us with SIGINT ignored; then nothing can catch it, ours included.
        Assumptions.assumeFalse(ignored(ProcessHandle.current().pid(), 2), "SIGINT is ignored in this test's JVM");
        Stopped r = trainThenSignal("INT");
        assertEquals(130, r.exit(), r.err());
        assertTrue(r.out().contains("stopped early (Ctrl-C) after "), r.out());
        assertTrue(Files.exists(dir.resolve("run/model.safetensors")), "the model was saved");
    }

    @Test
    void aFirstBuildShowsOneLinePerModuleOnStderrAndNothingOnStdout() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        // A stand-in for Maven: prints what Maven 3.9 prints (nothing with -q), and makes the jar.
        Path mvnw = root.resolve("mvnw");
        Files.writeString(mvnw, """
                #!/usr/bin/env bash
                if [[ " $* " == *" -q "* ]]; then mkdir -p nabla-cli/target; touch nabla-cli/target/nabla-cli.jar; exit 0; fi
                cat <<'EOF'
                [INFO] Scanning for projects...
                [INFO] Downloading from central: https://repo.maven.apache.org/maven2/org/x/y.pom
                [INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/x/y.pom (2 kB at 9 kB/s)
                [INFO] -----------------------< dev.nabla:nabla-parent >-----------------------
                [INFO] Building Nabla 0.1.0-SNAPSHOT                                      [1/4]
                [INFO] --- compiler:3.14.0:compile (default-compile) @ nabla-core ---
                [INFO] Building Nabla core 0.1.0-SNAPSHOT                                 [2/4]
                [WARNING] some plugin warning
                WARNING: A restricted method in java.lang.System has been called
                [WARNING] A restricted method in java.lang.System has been called
                  (Restricted methods are unsafe and, if used incorrectly, might crash the Java runtime or corrupt memory)
                [INFO] Building Nabla command line 0.1.0-SNAPSHOT                         [3/4]
                [INFO] Building Nabla benchmarks 0.1.0-SNAPSHOT                           [4/4]
                [INFO] BUILD SUCCESS
                EOF
                mkdir -p nabla-cli/target; touch nabla-cli/target/nabla-cli.jar
                """);
        assertTrue(mvnw.toFile().setExecutable(true));
        Process p = bash("root=\"$1\"; jar=\"$root/nabla-cli/target/nabla-cli.jar\"; nabla_build missing", root.toString());
        Output out = Output.of(p);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the build function returned");
        out.join();
        assertEquals(0, p.exitValue(), out.err());
        assertEquals("", out.out(), "stdout stays clean");
        assertEquals(List.of("nabla: building (first run)...", "nabla: downloading plugins and libraries (first build only)...",
                "nabla: building Nabla (1/4)", "nabla: building Nabla core (2/4)",
                "WARNING: A restricted method in java.lang.System has been called", "nabla: building Nabla command line (3/4)",
                "nabla: building Nabla benchmarks (4/4)"), out.err().lines().toList());
    }

    /** What a stopped run left: its exit status and both outputs. */
    private record Stopped(int exit, String out, String err) {}

    /**
     * Starts {@code nabla train} on the digits through the launcher's {@code main} (its build step off, the
     * jar a manifest that points at this test's class path), waits for the first epoch, sends the signal to
     * the launcher's PID, and collects what came back. Every process it started is killed at the end.
     */
    private Stopped trainThenSignal(String signal) throws Exception {
        Path root = launcherRoot();
        Process p = bash("root=\"$1\"; shift; nabla_needs_build() { return 1; }; nabla_build() { exit 99; }; main \"$@\"", root.toString(), "train",
                Path.of("..", "examples", "digits.json").toAbsolutePath().toString(), "--out", dir.resolve("run").toString(),
                "--epochs", "1000", "--checkpoint-every", "0", "--no-plots");
        List<ProcessHandle> started = new ArrayList<>();
        try {
            Output out = Output.of(p);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!out.err().contains("epoch 1/") && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(out.err().contains("epoch 1/"), "training started: " + out.err());
            p.descendants().forEach(started::add);
            new ProcessBuilder("kill", "-s", signal, Long.toString(p.pid())).inheritIO().start().waitFor();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher ended after SIG" + signal);
            for (ProcessHandle h : started) {
                h.onExit().get(10, TimeUnit.SECONDS); // the JVM ended too: no orphan trains on
            }
            out.join();
            return new Stopped(p.exitValue(), out.out(), out.err());
        } finally {
            started.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** A root for the launcher: its jar is a manifest whose Class-Path is this test's class path. */
    private Path launcherRoot() throws IOException {
        Path root = dir.resolve("root");
        Path jar = Files.createDirectories(root.resolve("nabla-cli/target/lib")).getParent().resolve("nabla-cli.jar");
        StringBuilder cp = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            cp.append(Path.of(entry).toAbsolutePath().toUri()).append(' ');
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, cp.toString().strip());
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
            j.flush();
        }
        return root;
    }

    /** bash sourcing the script, then running {@code code} with {@code args} as $1...; JAVA_HOME is this JVM's. */
    private static Process bash(String code, String... args) throws IOException {
        // $0 is not the script's path, so sourcing it does not run its main (which would build)
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "source \"$1\"; shift; " + code, "nabla-test", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("NABLA_JAVA_OPTS");
        return pb.start();
    }

    /** Whether a process ignores a signal (its SigIgn mask in /proc). */
    private static boolean ignored(long pid, int signal) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).strip(), 16) >> (signal - 1) & 1) == 1;
            }
        }
        return false;
    }

    /** Both outputs of a process, read on their own threads so that neither pipe fills up. */
    private record Output(ByteArrayOutputStream stdout, ByteArrayOutputStream stderr, Thread a, Thread b) {
        static Output of(Process p) {
            ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
            return new Output(o, e, copy(p.getInputStream(), o), copy(p.getErrorStream(), e));
        }

        private static Thread copy(InputStream in, ByteArrayOutputStream to) {
            return Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[8192];
                try {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        synchronized (to) {
                            to.write(buf, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            });
        }

        String out() {
            synchronized (stdout) {
                return stdout.toString(StandardCharsets.UTF_8);
            }
        }

        String err() {
            synchronized (stderr) {
                return stderr.toString(StandardCharsets.UTF_8);
            }
        }

        void join() throws InterruptedException {
            a.join(10_000);
            b.join(10_000);
        }
    }
}
