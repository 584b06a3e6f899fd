package dev.nabla.cli;

import dev.nabla.io.AtomicFiles;
import dev.nabla.io.IOConsumer;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The files eval and predict write (predictions, a confusion matrix), checked before any work is done: an
 * output never replaces the model or the input being read, nor any model file, and replaces another
 * existing file only with {@code --force}. It once did all three: {@code predict -o model.safetensors}
 * replaced the model with CSV text.
 */
final class OutputFiles {
    private OutputFiles() {}

    /**
     * Refuses {@code out} (given with {@code option}) if it is one of {@code reading} (each file with what it
     * is, e.g. "the model file"), a model file, a directory, or an existing file without {@code force}.
     */
    static void check(String option, Path out, boolean force, Map<Path, String> reading) throws IOException {
        if (out == null || !Files.exists(out)) {
            return;
        }
        for (Map.Entry<Path, String> r : reading.entrySet()) {
            if (Files.exists(r.getKey()) && Files.isSameFile(out, r.getKey())) {
                throw new IllegalArgumentException(option + " " + out + " is " + r.getValue() + ", which is being read; "
                        + "write to another file");
            }
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException(option + " " + out + " is a directory; give a file name");
        }
        if (out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
            throw new IllegalArgumentException(option + " " + out + " is a model file; outputs never replace one, "
                    + "even with --force: write to another file");
        }
        if (!force) {
            throw new IllegalArgumentException(option + " " + out + " exists; pass --force to replace it");
        }
    }

    /** Writes text atomically: a failure leaves the previous file as it was, not half replaced. */
    static void writeText(Path out, IOConsumer<PrintWriter> writer) throws IOException {
        AtomicFiles.write(out, stream -> {
            PrintWriter w = new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            writer.accept(w);
            w.flush();
        });
    }
}
