package dev.nabla.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that is not what it claims to be: a malformed safetensors file, or a model file whose
 * architecture or weights do not fit together. The message names the file, what was expected and what
 * was found, so a user can tell a truncated download from a file of the wrong kind. It is an
 * {@link IOException} because to the caller it is one: the file could not be read as asked.
 */
public class ModelFileException extends IOException {
    private final Path file;

    public ModelFileException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public ModelFileException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** The file the problem was found in. */
    public Path file() {
        return file;
    }
}
