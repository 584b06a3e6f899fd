package dev.nabla.playground;

/**
 * A request the playground refuses, with the message the page shows as it stands: in the page's terms
 * (its controls, the file's rows and columns), never Java's.
 */
public final class PlaygroundException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public PlaygroundException(String message) {
        this(400, message);
    }

    public PlaygroundException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status: 400 for a bad request, 404 for an unknown session, 413 for an upload too large, 503 when full. */
    public int status() {
        return status;
    }
}
