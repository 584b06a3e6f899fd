package dev.nabla.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every committed fuzz input through its harness in the normal build, without Jazzer on the class
 * path: the seeds ({@code seed-*}), every input a fuzzer once crashed on ({@code crash-*}, {@code
 * timeout-*}, ...) and inputs for problems found by reading the code ({@code review-*}), all kept as
 * regression tests. They live where Jazzer's own regression mode and
 * its findings go, {@code src/test/resources/dev/nabla/fuzz/ReaderFuzzTestInputs/<harness>/}, so a new
 * crash file found by {@code nabla-core/fuzz.sh} becomes a test here by being committed.
 */
class FuzzCorpusTest {
    private static Path inputs() throws URISyntaxException {
        URL url = FuzzCorpusTest.class.getResource("ReaderFuzzTestInputs");
        assertTrue(url != null, "the fuzz corpus is missing from the test resources");
        return Path.of(url.toURI());
    }

    @TestFactory
    Stream<DynamicTest> everyCommittedInputKeepsTheContract() throws IOException, URISyntaxException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String harness : FuzzTargets.NAMES) {
            Path dir = inputs().resolve(harness);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    tests.add(DynamicTest.dynamicTest(harness + "/" + f.getFileName(),
                            () -> FuzzTargets.run(harness, Files.readAllBytes(f))));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void everyHarnessHasSeeds() throws IOException, URISyntaxException {
        for (String harness : FuzzTargets.NAMES) {
            try (Stream<Path> files = Files.list(inputs().resolve(harness))) {
                assertFalse(files.filter(f -> f.getFileName().toString().startsWith("seed-")).toList().isEmpty(),
                        "no seeds for the " + harness + " harness");
            }
        }
    }
}
