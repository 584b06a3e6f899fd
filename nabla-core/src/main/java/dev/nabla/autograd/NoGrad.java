package dev.nabla.autograd;

/**
 * A scope in which ops record nothing, for inference and for optimizer updates:
 *
 * <pre>{@code
 * try (NoGrad ignored = NoGrad.enter()) {
 *     w.addInPlace(w.grad(), -lr);
 * }
 * }</pre>
 *
 * Scopes nest and are per thread.
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private boolean closed;

    private NoGrad() {
        DEPTH.get()[0]++;
    }

    /** Turns recording off until {@link #close()}. */
    public static NoGrad enter() {
        return new NoGrad();
    }

    /** True inside a NoGrad scope on this thread. */
    public static boolean active() {
        return DEPTH.get()[0] > 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            DEPTH.get()[0]--;
        }
    }
}
