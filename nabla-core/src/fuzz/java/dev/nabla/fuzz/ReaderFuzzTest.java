package dev.nabla.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of the readers with Jazzer, one {@code @FuzzTest} per reader. The harnesses and
 * their contract are in {@link FuzzTargets}; this class only hands Jazzer's bytes to them. Only compiled
 * in the {@code fuzz} profile, so a normal build needs no Jazzer.
 *
 * <p>Dictionary tokens reach the fuzzer as their UTF-8 bytes, so binary magics are given by their ASCII part.
 * Jazzer 0.30 writes line breaks, 0x1F and 0x7F into its dictionary file unescaped, which libFuzzer then
 * refuses to parse: no token holds them (IDX's float type 0x0D, gzip's magic and CSV's CRLF are left for
 * the fuzzer to find).
 *
 * <p>Two modes, as Jazzer's JUnit integration defines them:
 * <ul>
 *   <li>{@code JAZZER_FUZZ=1}: fuzzes one test for {@code maxDuration} (or {@code -Djazzer.max_duration}),
 *       starting from the inputs in {@code src/test/resources/dev/nabla/fuzz/ReaderFuzzTestInputs/<method>/};
 *       a crashing input is written there as {@code crash-<sha1>}. {@code nabla-core/fuzz.sh} runs each
 *       test in turn with a small heap, so allocating from an unchecked size is an OutOfMemoryError finding.</li>
 *   <li>otherwise: replays those inputs as regression tests (as {@link FuzzCorpusTest} does in every build).</li>
 * </ul>
 */
class ReaderFuzzTest {
    @FuzzTest(maxDuration = "2m")
    @DictionaryEntries({"\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\"", "\"F32\"", "\"F64\"", "\"I32\"",
            "\"format\"", "\"nabla\"", "\"format_version\"", "\"architecture\"", "\"input_shape\"", "\"float64\"",
            "\\\"units\\\"", "\\\"Dense\\\"", "\\\"layers\\\"", "\\\"type\\\"", "\\\"activation\\\""})
    void safetensors(byte[] input) throws IOException {
        FuzzTargets.safetensors(input);
    }

    @FuzzTest(maxDuration = "2m")
    @DictionaryEntries({"\0\0\10\3", "\0\0\14\1", "\0\0\16\2", "\0\0\11\2"})
    void idx(byte[] input) throws IOException {
        FuzzTargets.idx(input);
    }

    @FuzzTest(maxDuration = "2m")
    @DictionaryEntries({"\"", "\"\"", ",", ";", "\t", "label", "NaN", "inf", "1e39", "-0", "\uFEFF"})
    void csv(byte[] input) throws IOException {
        FuzzTargets.csv(input);
    }

    @FuzzTest(maxDuration = "2m")
    @DictionaryEntries({"NUMPY\1\0", "NUMPY\2\0", "'descr'", "'fortran_order'", "'shape'", "True", "False", "'<f4'", "'>f8'",
            "'|u1'", "'<i8'", "'<u8'", "'|b1'", "'<f2'", "(2, 3)", "(0,)", "()", "2147483647", "9223372036854775807"})
    void npy(byte[] input) throws IOException {
        FuzzTargets.npy(input);
    }

    @FuzzTest(maxDuration = "2m")
    @DictionaryEntries({"PK\u0003\u0004", "PK\u0001\u0002", "PK\u0005\u0006", ".npy", "NUMPY", "'shape'"})
    void npz(byte[] input) throws IOException {
        FuzzTargets.npz(input);
    }

    @FuzzTest(maxDuration = "2m")
    @DictionaryEntries({"\"data\"", "\"model\"", "\"layers\"", "\"type\"", "\"Dense\"", "\"Graph\"", "\"units\"",
            "\"nodes\"", "\"inputs\"", "\"outputs\"", "\"loss\"", "\"optimizer\"", "\"training\"", "\"epochs\"",
            "\"batch_size\"", "\"source\"", "\"synthetic\"", "\"callbacks\"", "\"schedule\"", "\"metrics\"",
            "\"transforms\"", "\"penalties\"", "\"monitor\"", "1e309", "-1", "2147483648", "null"})
    void spec(byte[] input) throws IOException {
        FuzzTargets.spec(input);
    }

    @FuzzTest(maxDuration = "2m")
    @DictionaryEntries({"\\u0000", "\\ud800", "\u00e9", "1e999", "-0.0", "9223372036854775808", "[[[[[[[[", "{\"a\":"})
    void json(byte[] input) {
        FuzzTargets.json(input);
    }
}
