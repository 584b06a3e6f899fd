package dev.nabla.io;

import java.io.IOException;

/**
 * A {@link java.util.function.Consumer} that may throw {@link IOException}: the writer handed to
 * {@link AtomicFiles}, so writing code needs no wrapping of checked exceptions.
 */
@FunctionalInterface
public interface IOConsumer<T> {
    void accept(T value) throws IOException;
}
