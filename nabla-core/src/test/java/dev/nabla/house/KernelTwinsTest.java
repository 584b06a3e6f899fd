package dev.nabla.house;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The float64 kernels are generated from the float32 ones by tools/gen-f64-kernels.sh. This runs the
 * script into a temporary folder and compares: a hand edit of a generated twin, or an F32 change
 * committed without regenerating, fails here.
 */
class KernelTwinsTest {

    @Test
    void theCommittedFloat64KernelsAreWhatTheGeneratorWrites(@TempDir Path out) throws Exception {
        Path root = Repository.root();
        Process p = new ProcessBuilder("bash", root.resolve("tools/gen-f64-kernels.sh").toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1, "the generator failed:\n" + log);
        Path kernels = root.resolve("nabla-core/src/main/java/dev/nabla/kernel");
        List<Path> generated;
        try (var s = Files.list(out)) {
            generated = s.sorted().toList();
        }
        assertFalse(generated.isEmpty(), "the generator wrote nothing");
        for (Path twin : generated) {
            Path committed = kernels.resolve(twin.getFileName());
            assertTrue(Files.exists(committed), committed + " is missing: run tools/gen-f64-kernels.sh");
            List<String> want = Files.readAllLines(twin), have = Files.readAllLines(committed);
            int line = 0;
            while (line < Math.min(want.size(), have.size()) && want.get(line).equals(have.get(line))) {
                line++;
            }
            if (line < Math.max(want.size(), have.size())) {
                fail(committed.getFileName() + " differs from what tools/gen-f64-kernels.sh writes, first at line "
                        + (line + 1) + ":\n  generated: " + (line < want.size() ? want.get(line) : "<end of file>")
                        + "\n  committed: " + (line < have.size() ? have.get(line) : "<end of file>")
                        + "\nedit the F32 file and run the script");
            }
        }
        try (var s = Files.list(kernels)) {
            for (Path f64 : s.filter(f -> f.getFileName().toString().endsWith("F64.java")).toList()) {
                assertTrue(Files.exists(out.resolve(f64.getFileName())),
                        f64 + " has no F32 source: a generated twin whose source is gone");
            }
        }
    }
}
