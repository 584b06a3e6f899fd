package dev.nabla.bench;

import dev.nabla.kernel.KernelMode;
import dev.nabla.kernel.Parallel;

/** Applies the {@code kernel} and {@code threads} parameters every benchmark takes. */
final class KernelSettings {
    private KernelSettings() {}

    /** {@code kernel}: "vector" or "scalar"; {@code threads}: 0 for the whole pool, else a limit. */
    static void apply(String kernel, int threads) {
        switch (kernel) {
            case "vector" -> KernelMode.setVector(true);
            case "scalar" -> KernelMode.setVector(false);
            default -> throw new IllegalArgumentException("kernel must be vector or scalar, got " + kernel);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = all), got " + threads);
        }
        Parallel.setThreads(threads == 0 ? Integer.MAX_VALUE : threads);
    }
}
