package dev.nabla.spec;

import dev.nabla.config.ConfigException;
import java.nio.file.Path;

/**
 * A mistake in an experiment spec, located by its JSON path: {@code $.optimizer.name: unknown optimizer
 * 'adamm'; allowed: sgd, adagrad, rmsprop, adam, adamw}. The path is kept apart from the message so a
 * command-line tool can highlight it, and the message always says what would have been accepted, so a
 * user fixes the spec without opening the documentation. Every {@link ConfigException} a spec's sections
 * raise while they are read reaches the caller as one of these.
 */
public final class SpecException extends ConfigException {
    private final Path file;

    public SpecException(String path, String problem) {
        super(path, problem);
        this.file = null;
    }

    public SpecException(String path, String problem, Throwable cause) {
        super(path, problem, cause);
        this.file = null;
    }

    private SpecException(Path file, SpecException located) {
        super(located.path(), located.problem(), located);
        this.file = file;
    }

    /** This mistake, placed in {@code file}: the message then starts with the file, as a data file's does. */
    public SpecException in(Path file) {
        return new SpecException(file, this);
    }

    /** The spec file the mistake is in, or null when the spec came as text. */
    public Path file() {
        return file;
    }

    /** {@code file: $.path: problem}, or {@code $.path: problem} for a spec that came as text. */
    @Override
    public String getMessage() {
        return file == null ? super.getMessage() : file + ": " + super.getMessage();
    }
}
