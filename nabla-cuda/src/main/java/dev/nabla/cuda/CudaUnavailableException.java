package dev.nabla.cuda;

/**
 * The CUDA device cannot be used here: a library, the driver or a GPU is missing. The message is one
 * line saying what was looked for and where, for the user (the CLI prints it after {@code --device cuda}).
 */
public final class CudaUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public CudaUnavailableException(String message) {
        super(message);
    }

    public CudaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
