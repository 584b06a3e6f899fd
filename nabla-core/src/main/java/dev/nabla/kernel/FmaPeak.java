package dev.nabla.kernel;

/**
 * The machine's float32 multiply-add ceiling, measured: what no kernel can beat, and so the yardstick a
 * benchmark's GFLOP/s is read against (a row of {@code nabla bench --suite} whose 2× target needs more
 * than this is bounded by the hardware, not by the code). Each of {@code threads} threads runs twelve
 * independent chains of vector FMAs (enough to cover the FMA latency on every x86 core of the last decade)
 * on values that stay in registers, so nothing but the FMA units is timed.
 *
 * <p>This class names no Vector API type ({@link FmaPeakSimd} does), so that it loads in a JVM without
 * the {@code jdk.incubator.vector} module; there it reports NaN.
 */
public final class FmaPeak {
    private FmaPeak() {}

    /**
     * Float32 GFLOP/s (an FMA counts two) of {@code threads} threads at once, each running for about
     * {@code millis} ms after a short warm-up; the best of three rounds. NaN without the Vector API.
     */
    public static double gflops(int threads, int millis) {
        if (threads < 1 || millis < 1) {
            throw new IllegalArgumentException("FmaPeak: threads and millis must be >= 1, got " + threads + " and " + millis);
        }
        if (!KernelMode.vector()) {
            return Double.NaN;
        }
        // Many short calls, so that C2 compiles chains as a method: one long call had it compile only the
        // loop, on the stack, and a timed call could start in a tier that boxes every vector (the first
        // one-thread figure in a fresh JVM was 15 or 90 GFLOP/s where the later ones gave 221-228).
        for (int i = 0; i < 10_000; i++) {
            FmaPeakSimd.chains(64);
        }
        long perRound = FmaPeakSimd.calibrate(millis);
        double best = 0;
        for (int round = 0; round < 3; round++) {
            best = Math.max(best, round(threads, perRound));
        }
        return best;
    }

    private static double round(int threads, long iterations) {
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            workers[t] = Thread.ofPlatform().daemon().start(() -> FmaPeakSimd.chains(iterations));
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Double.NaN;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return (double) threads * iterations * FmaPeakSimd.FLOPS_PER_ITERATION / seconds / 1e9;
    }
}
