package dev.nabla.kernel;

import java.util.Locale;

/**
 * Whether the optimizers' float32 underflow paths ({@code Underflow}) run on this CPU: they pay where
 * arithmetic on subnormals is slow, and only there.
 *
 * <p>Why: the paths exist because x86 cores have taken a microcode assist of about a hundred cycles for
 * each operation with a subnormal operand or result (Java cannot set flush-to-zero), which made Adam's
 * update 3.5 times slower on a host where a few percent of the moments had underflowed. The paths cost
 * something on every vector, though (a test of the moments, and a loop that C2 compiles around a call),
 * and on a core without that assist they are pure cost: on the AMD Zen 5 this project is built on, a
 * chain of multiplications by 1 takes the same time on subnormals as on normal numbers (1.1×), and Adam's
 * update over the MLP's first layer took 76–111 µs with its path against 47–66 µs without, on clean
 * moments, and 182–347 against 83–123 µs with the blank pixels' columns underflowed (design.md,
 * Subnormals).
 *
 * <p>How: {@code -Dnabla.underflowPaths=on} or {@code off} decides; {@code auto}, the default, times a
 * dependent chain of float multiplications by 1 on a normal and on a subnormal value (the chain cannot
 * be vectorised or folded, so each multiplication waits for the last and an assist shows in full) and
 * turns the paths on when the subnormal chain is more than {@link #THRESHOLD} times slower. Either way
 * the updates give the same bits (the paths are exact), so the choice changes speed, never results. The
 * probe takes well under a millisecond on a core without the assist and a few on one with it.
 */
final class SubnormalCost {
    /** The property that decides. */
    static final String PROPERTY = "nabla.underflowPaths";
    /** Subnormal over normal time above which the paths are on (about 1 where there is no assist, 25+ where there is). */
    static final double THRESHOLD = 3;
    private static final int WARM_CALLS = 2_000;
    private static final int WARM_LENGTH = 64;
    private static final int ROUNDS = 7;
    private static final int LENGTH = 20_000;
    /** Read through volatile fields, so that the JIT cannot fold the chain. */
    private static volatile float one = 1f;
    private static volatile float normal = 1.5f;
    private static volatile float subnormal = 0x1.8p-130f;
    private static volatile float sink;

    /** NaN when the property said on or off, so nothing was measured. */
    static final double RATIO;
    /** Whether the underflow paths run: final, so that C2 drops the path from the loops when it is off. */
    static final boolean PATHS;

    static {
        String setting = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        RATIO = setting.equals("auto") ? ratio() : Double.NaN;
        PATHS = decide(setting, RATIO);
    }

    private SubnormalCost() {}

    /**
     * The paths' setting from the property's value and, for {@code auto}, the measured ratio; a value
     * other than on, off or auto is an error that names the property.
     */
    static boolean decide(String setting, double ratio) {
        return switch (setting) {
            case "on" -> true;
            case "off" -> false;
            case "auto" -> ratio > THRESHOLD;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + ": expected on, off or auto, got '"
                    + setting + "'");
        };
    }

    /** What {@code nabla --version} and the benchmarks print. */
    static String describe() {
        String state = PATHS ? "on" : "off";
        return Double.isNaN(RATIO) ? state + " (-D" + PROPERTY + ")"
                : String.format(Locale.ROOT, "%s (subnormal arithmetic %.1fx slower here; on above %.0fx)", state,
                        RATIO, THRESHOLD);
    }

    /**
     * The fastest subnormal chain's time over the fastest normal one's. The first calls run in the
     * interpreter; the warm-up gets the loop compiled, and the minimum over rounds keeps a round that
     * was preempted from counting. Interpreted, the ratio would still be well above 1 on a core with
     * the assist (the assist costs more than the interpreter's per-iteration work).
     */
    static double ratio() {
        float f = one;
        float acc = 0;
        for (int i = 0; i < WARM_CALLS; i++) {
            acc += chain(normal, f, WARM_LENGTH) + chain(subnormal, f, WARM_LENGTH);
        }
        long bestNormal = Long.MAX_VALUE;
        long bestSubnormal = Long.MAX_VALUE;
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = System.nanoTime();
            acc += chain(normal, f, LENGTH);
            long t1 = System.nanoTime();
            acc += chain(subnormal, f, LENGTH);
            long t2 = System.nanoTime();
            bestNormal = Math.min(bestNormal, t1 - t0);
            bestSubnormal = Math.min(bestSubnormal, t2 - t1);
        }
        sink = acc;
        return (double) bestSubnormal / Math.max(1, bestNormal);
    }

    /** n multiplications, each waiting for the one before: x·1 is x, subnormal in and out when x is. */
    private static float chain(float x, float factor, int n) {
        float y = x;
        for (int i = 0; i < n; i++) {
            y *= factor;
        }
        return y;
    }
}
