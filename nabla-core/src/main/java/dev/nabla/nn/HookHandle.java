package dev.nabla.nn;

/**
 * What {@link Layer#registerForwardHook} returns: {@link #close()} (or {@link #remove()}) takes the hook
 * off again; a second call does nothing. AutoCloseable, so a hook can live for a try block.
 */
public final class HookHandle implements AutoCloseable {
    private Runnable remover;

    HookHandle(Runnable remover) {
        this.remover = remover;
    }

    /** Removes the hook (once). */
    public void remove() {
        Runnable r = remover;
        remover = null;
        if (r != null) {
            r.run();
        }
    }

    @Override
    public void close() {
        remove();
    }
}
