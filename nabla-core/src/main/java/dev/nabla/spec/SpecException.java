package dev.nabla.spec;

import dev.nabla.config.ConfigException;

/**
 * A mistake in an experiment spec, located by its JSON path: {@code $.optimizer.name: unknown optimizer
 * 'adamm'; allowed: sgd, adagrad, rmsprop, adam, adamw}. The path is kept apart from the message so a
 * command-line tool can highlight it, and the message always says what would have been accepted, so a
 * user fixes the spec without opening the documentation. Every {@link ConfigException} a spec's sections
 * raise while they are read reaches the caller as one of these.
 */
public final class SpecException extends ConfigException {
    public SpecException(String path, String problem) {
        super(path, problem);
    }

    public SpecException(String path, String problem, Throwable cause) {
        super(path, problem, cause);
    }
}
