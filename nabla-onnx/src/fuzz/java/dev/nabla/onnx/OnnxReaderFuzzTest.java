package dev.nabla.onnx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of the ONNX reader with Jazzer ({@code -Pfuzz}, as nabla-core's ReaderFuzzTest): the
 * bytes go to {@link OnnxFuzzTargets#onnx}, whose contract is read-and-run or {@link OnnxFormatException}.
 * With {@code JAZZER_FUZZ=1} it fuzzes from the corpus in
 * {@code src/test/resources/dev/nabla/onnx/OnnxReaderFuzzTestInputs/onnx/}; otherwise it replays it.
 * Run: {@code JAZZER_FUZZ=1 ./mvnw -B -pl nabla-onnx -am -Pfuzz test -Dtest=OnnxReaderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class OnnxReaderFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void onnx(byte[] input) throws IOException {
        OnnxFuzzTargets.onnx(input);
    }
}
