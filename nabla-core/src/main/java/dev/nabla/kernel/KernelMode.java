package dev.nabla.kernel;

/**
 * Chooses between the Vector API kernels and their scalar twins.
 *
 * <p>{@code -Dnabla.kernel=scalar} selects the scalar loops everywhere: they are the reference the SIMD
 * kernels are tested against, and a way out if a JVM mis-compiles vector code. The mode can also be
 * switched at run time, which the tests use to compare both paths in one JVM.
 */
public final class KernelMode {
    private static volatile boolean vector = !"scalar".equalsIgnoreCase(System.getProperty("nabla.kernel", "vector"));

    private KernelMode() {}

    /** True when the SIMD kernels are in use. */
    public static boolean vector() {
        return vector;
    }

    /** Selects the SIMD kernels ({@code true}) or the scalar twins ({@code false}); returns the previous choice. */
    public static boolean setVector(boolean useVector) {
        boolean previous = vector;
        vector = useVector;
        return previous;
    }
}
