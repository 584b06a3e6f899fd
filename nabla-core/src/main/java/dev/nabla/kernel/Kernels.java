package dev.nabla.kernel;

/**
 * Kernel-layer housekeeping for programs that start up once and then run hot loops (the {@code nabla}
 * command, benchmarks, servers).
 */
public final class Kernels {

    private Kernels() {}

    /**
     * Runs every path of the GEMM kernels, in both precisions and in the current {@link KernelMode}, once
     * on small shapes (see {@link GemmF32#warmUp}), and the float32 optimizers' loops over plain and
     * underflowed moments ({@link Underflow#warmUp}, SIMD mode only: the scalar loop has no such path; with
     * the underflow paths off, see {@link #underflowPaths}, that warms the plain loops alone). The probe
     * that decides about those paths runs first, before the products fill the compiler's queue. Call it once at
     * start-up: the Vector API's own start-up (about half a second, which the first product would otherwise
     * pay) happens here, and each kernel's branches have all been taken before C2 compiles it, so none is
     * met for the first time (and deoptimised) in the middle of training. Safe to call more than once and
     * from any thread. Throws {@link IllegalArgumentException} for a {@code -Dnabla.underflowPaths} other than
     * on, off or auto.
     */
    public static void warmUp() {
        probe(); // before the products fill the compile queue: the probe's loop gets compiled sooner
        GemmF32.warmUp();
        GemmF64.warmUp();
        if (KernelMode.vector()) {
            Underflow.warmUp();
        }
    }

    /**
     * Whether the optimizers' float32 underflow paths run on this machine and why: on where arithmetic on
     * subnormal numbers is slow, off where it is not ({@code -Dnabla.underflowPaths=on|off|auto}, default
     * auto, which times it once). They change the speed of the update, never its bits. Throws
     * {@link IllegalArgumentException} for a setting other than those three.
     */
    public static String underflowPaths() {
        probe();
        return SubnormalCost.describe();
    }

    /** Runs the probe once; a bad {@code -Dnabla.underflowPaths} comes out as the user's mistake, not an Error. */
    private static void probe() {
        try {
            SubnormalCost.probe();
        } catch (ExceptionInInitializerError e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw bad;
            }
            throw e;
        }
    }
}
