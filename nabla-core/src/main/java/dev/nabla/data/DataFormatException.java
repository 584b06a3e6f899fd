package dev.nabla.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file that is not what its reader expects: a truncated download, a header that lies about its
 * size, a CSV row with a missing value. The message starts with the file and says what was expected and
 * what was found, so the user can fix the data instead of guessing. It is an {@link IOException}
 * because to the caller it is one: the file could not be read as asked.
 *
 * <p>Not to be confused with {@code java.util.zip.DataFormatException}, which the JDK throws for a
 * corrupt deflate stream; readers here catch that one and rethrow this one with the file named.
 */
public class DataFormatException extends IOException {
    private final Path file;

    public DataFormatException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public DataFormatException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** The file the problem was found in. */
    public Path file() {
        return file;
    }
}
