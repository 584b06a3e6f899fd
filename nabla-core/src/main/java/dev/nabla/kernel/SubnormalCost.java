package dev.nabla.kernel;

import java.util.Arrays;
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
 * chain of multiplications by 1 takes about the same time on subnormals as on normal numbers
 * (1.1–1.4×), and Adam's update over the MLP's first layer took 76–111 µs with its path against 47–66 µs
 * without, on clean moments, and 182–347 against 83–123 µs with the blank pixels' columns underflowed
 * (design.md, Subnormals).
 *
 * <p>How: {@code -Dnabla.underflowPaths=on} or {@code off} decides; {@code auto}, the default, times a
 * dependent chain of float multiplications by 1 on a normal and on a subnormal value (the chain cannot
 * be vectorised or folded, so each multiplication waits for the last and an assist shows in full) and
 * turns the paths on when the subnormal chain is more than {@link #THRESHOLD} times slower. Either way
 * the updates give the same bits (the paths are exact), so the choice changes speed, never results. It
 * runs once, when the first float32 SIMD update (or {@link Kernels#warmUp}, first) initialises this
 * class: about 1.5 ms on a core without the assist, some 10 ms on one with it.
 */
final class SubnormalCost {
    /** The property that decides. */
    static final String PROPERTY = "nabla.underflowPaths";
    /** Subnormal over normal time above which the paths are on (about 1 where there is no assist, 25+ where there is). */
    static final double THRESHOLD = 3;
    private static final int WARM_CALLS = 2_000;
    private static final int WARM_LENGTH = 8;
    private static final int ROUNDS = 7;
    /** Iterations of eight multiplications each. */
    private static final int LENGTH = 2_500;
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
        String setting = System.getProperty(PROPERTY, "auto");
        RATIO = normalized(setting).equals("auto") ? ratio() : Double.NaN;
        PATHS = decide(setting, RATIO);
    }

    private SubnormalCost() {}

    /**
     * The paths' setting from the property's value and, for {@code auto}, the measured ratio; a value
     * other than on, off or auto is an error that names the property.
     */
    static boolean decide(String setting, double ratio) {
        return switch (normalized(setting)) {
            case "on" -> true;
            case "off" -> false;
            case "auto" -> ratio > THRESHOLD;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + ": expected on, off or auto, got '"
                    + setting + "'");
        };
    }

    /** Initialises this class, and so runs the probe where the setting is auto; safe to call again. */
    static void probe() {
        // nothing more: the class's initialiser has run by the time this body does
    }

    private static String normalized(String setting) {
        return setting.trim().toLowerCase(Locale.ROOT);
    }

    /** What {@code nabla --version} and the benchmarks print. */
    static String describe() {
        String state = PATHS ? "on" : "off";
        return Double.isNaN(RATIO) ? state + " (-D" + PROPERTY + ")"
                : String.format(Locale.ROOT, "%s (subnormal arithmetic %.1fx slower here; on above %.0fx)", state,
                        RATIO, THRESHOLD);
    }

    /**
     * The median over rounds of the subnormal chain's time over the normal one's, the two timed back to
     * back in alternating order, so that a round preempted, or one in which compiled code replaced the
     * interpreter's between the two, counts once and biases neither way. The warm-up usually gets the
     * loop compiled (compilation runs in the background, so not always): eight multiplications per
     * iteration keep the interpreter's loop overhead small beside an assist, so that even interpreted a
     * core with the assist measures well above the threshold.
     */
    static double ratio() {
        float f = one;
        float acc = 0;
        for (int i = 0; i < WARM_CALLS; i++) {
            acc += chain(normal, f, WARM_LENGTH) + chain(subnormal, f, WARM_LENGTH);
        }
        double[] ratios = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            boolean normalFirst = r % 2 == 0;
            long t0 = System.nanoTime();
            acc += chain(normalFirst ? normal : subnormal, f, LENGTH);
            long t1 = System.nanoTime();
            acc += chain(normalFirst ? subnormal : normal, f, LENGTH);
            long t2 = System.nanoTime();
            long tNormal = normalFirst ? t1 - t0 : t2 - t1;
            long tSubnormal = normalFirst ? t2 - t1 : t1 - t0;
            ratios[r] = (double) tSubnormal / Math.max(1, tNormal);
        }
        sink = acc;
        Arrays.sort(ratios);
        return ratios[ROUNDS / 2];
    }

    /** 8·n multiplications, each waiting for the one before: x·1 is x, subnormal in and out when x is. */
    private static float chain(float x, float factor, int n) {
        float y = x;
        for (int i = 0; i < n; i++) {
            y *= factor;
            y *= factor;
            y *= factor;
            y *= factor;
            y *= factor;
            y *= factor;
            y *= factor;
            y *= factor;
        }
        return y;
    }
}
