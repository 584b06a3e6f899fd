package dev.nabla.spec;

/**
 * A mistake in an experiment spec, located by its JSON path: {@code $.optimizer.name: unknown optimizer
 * 'adamm'; allowed: sgd, adagrad, rmsprop, adam, adamw}. The path is kept apart from the message so a
 * command-line tool can highlight it, and the message always says what would have been accepted, so a
 * user fixes the spec without opening the documentation.
 */
public final class SpecException extends IllegalArgumentException {
    private final String path;
    private final String problem;

    public SpecException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
        this.problem = problem;
    }

    public SpecException(String path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
        this.problem = problem;
    }

    /** Where in the spec the mistake is, e.g. {@code $.model.layers[2].units} ({@code $} is the whole spec). */
    public String path() {
        return path;
    }

    /** What is wrong there, without the path. */
    public String problem() {
        return problem;
    }
}
