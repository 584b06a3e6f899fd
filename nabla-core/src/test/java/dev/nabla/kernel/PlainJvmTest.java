package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Nabla used as a plain library: a JVM started with {@code java -cp ... Main} and no Nabla-specific
 * flags (the surefire JVM has {@code --add-modules jdk.incubator.vector} and
 * {@code --enable-native-access}, so these run {@link PlainJvmChild} in a child JVM of the same JDK).
 */
class PlainJvmTest {
    /** A phrase of the one line logged when the Vector API module is missing. */
    private static final String HINT = "add --add-modules jdk.incubator.vector";

    private record Run(int exit, String out, String err) {
        String value(String key) {
            return out.lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
                    .findFirst().orElse("<no " + key + " line>");
        }

        String describe() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private static Run child(List<String> flags, String mode) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Dnabla.threads=2"));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PlainJvmChild.class.getName(), mode));
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        return new Run(p.exitValue(), out, new String(err.get(), StandardCharsets.UTF_8));
    }

    private static int count(String text, String phrase) {
        int n = 0;
        for (int i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void withoutTheVectorModuleTrainingRunsTheScalarKernelsToTheSameBits() throws Exception {
        Run plain = child(List.of(), "fit");
        assertEquals(0, plain.exit(), plain.describe());
        assertEquals("scalar", plain.value("kernels"), plain.describe());
        assertEquals(1, count(plain.err(), HINT), "the hint is logged once:\n" + plain.describe());

        Run scalar = child(List.of("--add-modules", "jdk.incubator.vector", "-Dnabla.kernel=scalar"), "fit");
        assertEquals(0, scalar.exit(), scalar.describe());
        assertEquals("scalar", scalar.value("kernels"), scalar.describe());
        assertEquals(0, count(scalar.err(), HINT), "no hint when the module is there:\n" + scalar.describe());
        assertEquals(scalar.value("weights"), plain.value("weights"),
                "the same weights as scalar mode with the module present");
    }

    @Test
    void noRestrictedMethodWarningUnlessOpenBlasIsAskedFor() throws Exception {
        Run plain = child(List.of("--add-modules", "jdk.incubator.vector"), "matmul");
        assertEquals(0, plain.exit(), plain.describe());
        assertFalse(plain.err().contains("WARNING: A restricted method"), plain.describe());

        Run noModule = child(List.of(), "matmul");
        assertEquals(0, noModule.exit(), noModule.describe());
        assertFalse(noModule.err().contains("WARNING: A restricted method"), noModule.describe());

        // the check can see the warning: asking for OpenBLAS looks the library up, which warns
        Run asked = child(List.of("--add-modules", "jdk.incubator.vector", "-Dnabla.backend=openblas"), "matmul");
        assertEquals(0, asked.exit(), asked.describe());
        assertTrue(asked.err().contains("WARNING: A restricted method"), asked.describe());
    }
}
