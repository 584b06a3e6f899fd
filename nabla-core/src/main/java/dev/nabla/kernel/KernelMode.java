package dev.nabla.kernel;

import java.lang.System.Logger.Level;

/**
 * Chooses between the Vector API kernels and their scalar twins.
 *
 * <p>{@code -Dnabla.kernel=scalar} selects the scalar loops everywhere: they are the reference the SIMD
 * kernels are tested against, and a way out if a JVM mis-compiles vector code. The mode can also be
 * switched at run time, which the tests use to compare both paths in one JVM.
 *
 * <p>The Vector API is an incubator module, which a JVM resolves only when asked ({@code --add-modules
 * jdk.incubator.vector}, or a module on the module path that requires it, as nabla-core's does). Without
 * it the scalar twins run, the same results several times slower, and one line is logged saying how to
 * turn the SIMD kernels on. For that to work, no class that names a Vector API type is loaded in scalar
 * mode: each kernel's vector loops live in a class of their own ({@code *SimdF32}, the GEMM tiles,
 * {@code Underflow}), reached only after {@link #vector()} said yes. (Naming the type in an unused
 * method is not enough to be safe: the verifier loads classes to check a method's types, and a kernel
 * class that merely held vector code failed with {@code NoClassDefFoundError} on its first call.)
 */
public final class KernelMode {
    /** What to add to the {@code java} command for the SIMD kernels. */
    static final String HOW_TO_ENABLE = "add --add-modules jdk.incubator.vector to the java command";
    private static final boolean AVAILABLE = vectorModulePresent();
    private static volatile boolean vector = choose();

    private KernelMode() {}

    /** True when the SIMD kernels are in use. */
    public static boolean vector() {
        return vector;
    }

    /** True when this JVM has the Vector API module, so that {@link #setVector}{@code (true)} can work. */
    public static boolean available() {
        return AVAILABLE;
    }

    /**
     * Selects the SIMD kernels ({@code true}) or the scalar twins ({@code false}); returns the previous
     * choice. Asking for the SIMD kernels in a JVM without the Vector API fails (an
     * {@link IllegalStateException} saying how to add it) rather than leaving a benchmark or a
     * comparison quietly scalar.
     */
    public static boolean setVector(boolean useVector) {
        if (useVector && !AVAILABLE) {
            throw new IllegalStateException("the SIMD kernels need the Vector API, which this JVM does not have: "
                    + HOW_TO_ENABLE);
        }
        boolean previous = vector;
        vector = useVector;
        return previous;
    }

    private static boolean choose() {
        if ("scalar".equalsIgnoreCase(System.getProperty("nabla.kernel", "vector"))) {
            return false;
        }
        if (!AVAILABLE) {
            System.getLogger(KernelMode.class.getName()).log(Level.INFO, "Nabla: the Vector API (module "
                    + "jdk.incubator.vector) is not in this JVM, so the kernels run their scalar versions, the same "
                    + "results several times slower; for the SIMD kernels, " + HOW_TO_ENABLE);
        }
        return AVAILABLE;
    }

    /**
     * Whether the module is in this class's layer or one of its parents (the boot layer for the class
     * path), without loading any of its classes.
     */
    private static boolean vectorModulePresent() {
        ModuleLayer layer = KernelMode.class.getModule().getLayer();
        return (layer != null ? layer : ModuleLayer.boot()).findModule("jdk.incubator.vector").isPresent();
    }
}
