package dev.nabla.cli;

import dev.nabla.io.ModelFile;
import dev.nabla.io.ModelFileException;
import dev.nabla.io.SafeTensors;
import dev.nabla.spec.TrainedModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The files a command is given to read, checked before it reads them, so that a mistake is said with the
 * file's name and what was expected of it: the JDK says only "Is a directory", or a bare path for a missing
 * file, and a model loader that is handed a spec or a checkpoint says what a safetensors parser sees.
 */
final class InputFiles {
    private InputFiles() {}

    /** Refuses a missing file and a directory; {@code expected} says what the file should be ("a model file"). */
    static Path requireFile(Path file, String expected) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString()); // said as "FILE: no such file" (Main)
        }
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory; expected " + expected);
        }
        return file;
    }

    /** The MODEL argument of eval and predict, loaded once it is known to be a model file. */
    static TrainedModel model(Path file) throws IOException {
        requireModelFile(file);
        return TrainedModel.load(file);
    }

    /**
     * Refuses what is not a model file written by {@code nabla train} or {@code ModelFile.save}, saying what
     * it is instead: text (a spec or a CSV), a training checkpoint, or weights without an architecture.
     */
    static void requireModelFile(Path file) throws IOException {
        requireFile(file, "a model file (.safetensors)");
        Map<String, String> meta = safetensorsMetadata(file, "not a model file: it is text (a spec or a CSV?); "
                + "nabla train writes its model to OUT/model.safetensors");
        if (!ModelFile.FORMAT.equals(meta.get("format"))) {
            throw new ModelFileException(file, meta.containsKey("nabla.checkpoint")
                    ? "not a model file but a training checkpoint (train --resume reads it); the model is OUT/model.safetensors"
                    : "not a model file: safetensors weights without a model architecture (train --init can start from them)");
        }
    }

    /** A safetensors file of weights (what {@code train --init} reads), refused with what it is instead. */
    static void requireWeightsFile(Path file) throws IOException {
        requireFile(file, "a safetensors file of weights");
        safetensorsMetadata(file, "not a safetensors file of weights: it is text (a spec or a CSV?)");
    }

    /** The metadata of a safetensors file; {@code ifText} is the problem said when the file is text. */
    private static Map<String, String> safetensorsMetadata(Path file, String ifText) throws IOException {
        try {
            return SafeTensors.readHeader(file).metadata();
        } catch (ModelFileException e) {
            if (isText(file)) {
                throw new ModelFileException(file, ifText);
            }
            throw e;
        }
    }

    /**
     * A safetensors file starts with its header's length, 8 bytes little-endian: a length under 4 GiB has
     * zero bytes at its end, which text never has.
     */
    private static boolean isText(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(8);
            for (byte b : head) {
                if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
                    return false;
                }
            }
            return head.length > 0;
        }
    }
}
