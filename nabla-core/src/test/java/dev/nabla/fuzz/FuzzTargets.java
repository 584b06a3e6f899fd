package dev.nabla.fuzz;

import dev.nabla.data.CsvReader;
import dev.nabla.data.CsvReader.LabelKind;
import dev.nabla.data.CsvReader.Options;
import dev.nabla.data.DataFormatException;
import dev.nabla.data.IdxReader;
import dev.nabla.data.Npy;
import dev.nabla.data.Npz;
import dev.nabla.io.Json;
import dev.nabla.io.ModelFile;
import dev.nabla.io.ModelFileException;
import dev.nabla.io.SafeTensors;
import dev.nabla.spec.Experiment;
import dev.nabla.spec.SpecException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The fuzz harnesses: one method per reader, taking the raw bytes of a file. Each writes the bytes to a
 * file and hands it to the reader, and checks the readers' contract for hostile input:
 *
 * <ul>
 *   <li>the reader returns normally, or refuses with its documented exception: {@link ModelFileException}
 *       (safetensors, model files), {@link DataFormatException} (IDX, CSV, NPY, NPZ), {@link SpecException}
 *       (specs), {@link Json.JsonException} (JSON);</li>
 *   <li>a refusal names the file it was about (for the file readers) and says something after it;</li>
 *   <li>anything else escaping (a NullPointerException, ArrayIndexOutOfBoundsException,
 *       NegativeArraySizeException, ClassCastException, ArithmeticException, an OutOfMemoryError or
 *       StackOverflowError, an undocumented IOException) is a finding and propagates unchanged, or
 *       wrapped in an {@link AssertionError} when it is a checked exception of the wrong kind.</li>
 * </ul>
 *
 * <p>Both runners call these methods: Jazzer's {@code @FuzzTest}s in {@code src/fuzz/java} (the {@code fuzz}
 * profile), and {@link FuzzCorpusTest}, which replays the committed seeds and crash inputs as plain JUnit
 * tests in every build. Run the fuzzers with a small heap ({@code -Xmx512m}): a reader that allocates from
 * a size it has not checked then shows up as an OutOfMemoryError finding.
 */
public final class FuzzTargets {
    /** The readers with a harness; the name is also the corpus directory's. */
    public static final List<String> NAMES = List.of("safetensors", "idx", "csv", "npy", "npz", "spec", "json");

    private static final Path DIR = tempDir();

    private FuzzTargets() {}

    /** Runs the harness named {@code name} (one of {@link #NAMES}) on {@code input}. */
    public static void run(String name, byte[] input) throws IOException {
        switch (name) {
            case "safetensors" -> safetensors(input);
            case "idx" -> idx(input);
            case "csv" -> csv(input);
            case "npy" -> npy(input);
            case "npz" -> npz(input);
            case "spec" -> spec(input);
            case "json" -> json(input);
            default -> throw new IllegalArgumentException("no fuzz harness named '" + name + "'; harnesses: " + NAMES);
        }
    }

    /** A safetensors file, read as plain tensors and as a Nabla model file. */
    public static void safetensors(byte[] input) throws IOException {
        Path f = write("input.safetensors", input);
        refusesWith(f, ModelFileException.class, () -> SafeTensors.readHeader(f));
        refusesWith(f, ModelFileException.class, () -> SafeTensors.read(f));
        refusesWith(f, ModelFileException.class, () -> ModelFile.readMetadata(f));
        refusesWith(f, ModelFileException.class, () -> ModelFile.load(f));
    }

    /** An IDX file, read as any array, as labels, and as the images of a two-sample data set. */
    public static void idx(byte[] input) throws IOException {
        Path f = write("input.idx", input);
        Path labels = write("labels.idx", TWO_LABELS);
        refusesWith(f, DataFormatException.class, () -> IdxReader.read(f));
        refusesWith(f, DataFormatException.class, () -> IdxReader.readLabels(f));
        refusesWith(f, DataFormatException.class, () -> IdxReader.readDataset(f, labels));
    }

    /** A CSV file, under a few option sets: defaults, no header with ';' and numeric labels, chosen columns. */
    public static void csv(byte[] input) throws IOException {
        Path f = write("input.csv", input);
        refusesWith(f, DataFormatException.class, () -> CsvReader.read(f, Options.defaults()));
        refusesWith(f, DataFormatException.class, () -> CsvReader.read(f, Options.defaults().withHeader(false)
                .withDelimiter(';').withLabelKind(LabelKind.NUMERIC)));
        refusesWith(f, DataFormatException.class, () -> CsvReader.read(f, Options.defaults().withLabelColumn("0")
                .withFeatureColumns(List.of("1", "2")).withLabelKind(LabelKind.CATEGORICAL)));
        refusesWith(f, DataFormatException.class, () -> CsvReader.read(f, Options.defaults().withDelimiter('\t')
                .withLabelColumn("label")));
        refusesWith(f, DataFormatException.class, () -> CsvReader.readFeatures(f, Options.defaults().withHeader(false)));
    }

    /** A .npy file. */
    public static void npy(byte[] input) throws IOException {
        Path f = write("input.npy", input);
        refusesWith(f, DataFormatException.class, () -> Npy.read(f));
    }

    /** An .npz archive (its entries go through the .npy reader's streaming path). */
    public static void npz(byte[] input) throws IOException {
        Path f = write("input.npz", input);
        refusesWith(f, DataFormatException.class, () -> Npz.read(f));
    }

    /** Spec text, parsed directly and loaded from a file (which adds decoding and the size cap). */
    public static void spec(byte[] input) throws IOException {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            Experiment.parse(text, DIR);
        } catch (SpecException e) {
            explained(e, e.path());
        }
        Path f = write("input.json", input);
        try {
            Experiment.load(f);
        } catch (SpecException e) {
            explained(e, e.path());
        } catch (IOException e) {
            // not a spec mistake but the file itself (not UTF-8, too big): the message must name the file
            if (e.getMessage() == null || !e.getMessage().startsWith(f.toString())) {
                throw new AssertionError("Experiment.load refused " + f + " without naming it: " + e, e);
            }
        }
    }

    /** JSON text through {@link Json#parse}, the reader under model-file headers and specs. */
    public static void json(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            Json.parse(text);
        } catch (Json.JsonException e) {
            explained(e, e.path());
        }
    }

    // ---------------------------------------------------------------- the contract

    @FunctionalInterface
    private interface Read {
        void run() throws IOException;
    }

    /** Runs {@code read}; a refusal must be {@code expected}, name {@code file}, and say why. */
    private static void refusesWith(Path file, Class<? extends IOException> expected, Read read) {
        try {
            read.run();
        } catch (IOException e) {
            if (!expected.isInstance(e)) {
                throw new AssertionError("expected a " + expected.getSimpleName() + " or success, got " + e, e);
            }
            Path named = e instanceof ModelFileException m ? m.file() : ((DataFormatException) e).file();
            String m = e.getMessage();
            if (!file.equals(named) || m == null || !m.startsWith(file + ": ") || m.length() <= file.toString().length() + 2) {
                throw new AssertionError("a refusal must name the file and say why, got: " + m, e);
            }
        }
    }

    private static void explained(Exception e, String path) {
        if (path == null || !path.startsWith("$") || e.getMessage() == null || e.getMessage().isBlank()) {
            throw new AssertionError("a refusal must say where and why, got path " + path + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- files

    /** Two labels (0 and 1), so an images file with two samples reads as a data set. */
    private static final byte[] TWO_LABELS = ByteBuffer.allocate(4 + 4 + 2)
            .put(new byte[] {0, 0, 0x08, 1}).putInt(2).put(new byte[] {0, 1}).array();

    /** Writes {@code content} to a per-thread file of this name in the harness's directory. */
    private static Path write(String name, byte[] content) throws IOException {
        Path f = DIR.resolve(Thread.currentThread().threadId() + "-" + name);
        Files.write(f, content);
        return f;
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("nabla-fuzz");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    // a leftover temporary directory is harmless
                }
            }));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
