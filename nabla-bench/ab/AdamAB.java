import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Two builds' float32 Adam updates ({@code OptimF32.adam}), or SGD with momentum's ({@code sgdMomentum},
 * with {@code momentum} as a third argument), or RMSprop's with momentum or centered ({@code rmsprop-momentum},
 * {@code centered}), timed in one JVM, alternating blocks of calls,
 * over a 784 × 256 weight (the MLP's first layer) in three states: no underflow; underflowed lanes in every
 * vector (the columns of always-blank pixels, plus a lane in eight); and dead units' whole rows (a quarter
 * of them), whose first moments are stuck subnormals. The moments are put back before each call, so every
 * call sees the same state.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector nabla-bench/ab/AdamAB.java OLD_ROOT NEW_ROOT [momentum|rmsprop-momentum|centered]
 * </pre>
 *
 * Each root is a checkout whose nabla-core/target/classes is built; one thread (the update's own split is
 * not what is measured). Prints each side's median per call and the ratio new/old.
 */
public class AdamAB {
    private static final int ROWS = 256, COLS = 784, N = ROWS * COLS;
    private static final int BLOCK = 100;
    private static final int ROUNDS = 20;

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: AdamAB OLD_ROOT NEW_ROOT [momentum|rmsprop-momentum|centered]");
            System.exit(2);
        }
        mode = args.length > 2 ? args[2] : "adam";
        MethodHandle[] adam = new MethodHandle[2];
        Object[] step = new Object[2];
        for (int side = 0; side < 2; side++) {
            String root = args[side];
            switch (mode) {
                case "adam" -> { adam[side] = load(root); step[side] = step(root); }
                case "momentum" -> { adam[side] = loadMomentum(root); step[side] = momentumStep(root); }
                case "rmsprop-momentum", "centered" -> { adam[side] = loadRmsprop(root); step[side] = rmspropStep(root); }
                default -> throw new IllegalArgumentException("mode: adam, momentum, rmsprop-momentum or centered");
            }
        }
        for (String state : new String[] {"no underflow", "pixel columns", "dead rows"}) {
            time(adam, step, state);
        }
    }

    private static String mode;

    private static URLClassLoader loader(String root) throws Exception {
        URL classes = Path.of(root, "nabla-core/target/classes").toUri().toURL();
        return new URLClassLoader(new URL[] {classes}, null);
    }

    private static final java.util.Map<String, ClassLoader> LOADERS = new java.util.HashMap<>();

    private static Class<?> cls(String root, String name) throws Exception {
        ClassLoader l = LOADERS.get(root);
        if (l == null) {
            l = loader(root);
            LOADERS.put(root, l);
        }
        return Class.forName(name, true, l);
    }

    private static MethodHandle load(String root) throws Exception {
        Class<?> optim = cls(root, "dev.nabla.kernel.OptimF32");
        Class<?> adam = cls(root, "dev.nabla.kernel.OptimStep$Adam");
        return MethodHandles.publicLookup().findStatic(optim, "adam", MethodType.methodType(void.class, adam,
                float[].class, float[].class, float[].class, float[].class, float[].class, int.class, int.class))
                .asType(MethodType.methodType(void.class, Object.class, float[].class, float[].class, float[].class,
                        float[].class, float[].class, int.class, int.class));
    }

    /** OptimF32.sgdMomentum(step, θ, g, b, from, to), adapted to Adam's shape (v and vMax ignored). */
    private static MethodHandle loadMomentum(String root) throws Exception {
        Class<?> optim = cls(root, "dev.nabla.kernel.OptimF32");
        Class<?> momentum = cls(root, "dev.nabla.kernel.OptimStep$Momentum");
        MethodHandle h = MethodHandles.publicLookup().findStatic(optim, "sgdMomentum", MethodType.methodType(void.class,
                momentum, float[].class, float[].class, float[].class, int.class, int.class));
        h = MethodHandles.dropArguments(h, 4, float[].class, float[].class); // (step, θ, g, b, v, vMax, from, to)
        return h.asType(MethodType.methodType(void.class, Object.class, float[].class, float[].class, float[].class,
                float[].class, float[].class, int.class, int.class));
    }

    /**
     * OptimF32.rmsprop(step, θ, g, s, ḡ, b, from, to) in Adam's shape (step, θ, g, m, v, vMax, from, to): v
     * is s, m is b (rmsprop-momentum) or ḡ (centered).
     */
    private static MethodHandle loadRmsprop(String root) throws Exception {
        Class<?> optim = cls(root, "dev.nabla.kernel.OptimF32");
        Class<?> rmsprop = cls(root, "dev.nabla.kernel.OptimStep$Rmsprop");
        MethodHandle h = MethodHandles.publicLookup().findStatic(optim, "rmsprop", MethodType.methodType(void.class,
                rmsprop, float[].class, float[].class, float[].class, float[].class, float[].class, int.class,
                int.class)); // (step, θ, g, s, ḡ, b, from, to)
        MethodHandle adamShaped = mode.equals("centered")
                ? MethodHandles.permuteArguments(h, MethodType.methodType(void.class, rmsprop, float[].class,
                        float[].class, float[].class, float[].class, float[].class, int.class, int.class),
                        0, 1, 2, 4, 3, 5, 6, 7) // m → ḡ, v → s, vMax (null) → b
                : MethodHandles.permuteArguments(h, MethodType.methodType(void.class, rmsprop, float[].class,
                        float[].class, float[].class, float[].class, float[].class, int.class, int.class),
                        0, 1, 2, 4, 5, 3, 6, 7); // m → b, v → s, vMax (null) → ḡ
        return adamShaped.asType(MethodType.methodType(void.class, Object.class, float[].class, float[].class,
                float[].class, float[].class, float[].class, int.class, int.class));
    }

    /** RMSprop's step: lr 1e-2, α 0.99, ε 1e-8, momentum 0.9 (rmsprop-momentum) or 0 (centered). */
    private static Object rmspropStep(String root) throws Exception {
        Class<?> s = cls(root, "dev.nabla.kernel.OptimStep$Rmsprop");
        return s.getConstructor(double.class, double.class, double.class, double.class)
                .newInstance(1e-2, 0.99, 1e-8, mode.equals("centered") ? 0.0 : 0.9);
    }

    /** SGD's step: lr 1e-2, momentum 0.9, no dampening, not Nesterov. */
    private static Object momentumStep(String root) throws Exception {
        Class<?> m = cls(root, "dev.nabla.kernel.OptimStep$Momentum");
        return m.getConstructor(double.class, double.class, double.class, boolean.class).newInstance(1e-2, 0.9, 0.0, false);
    }

    /** Adam's step for lr 1e-3 at step 100: (β1, β2, ε, step size, √(bias correction 2)). */
    private static Object step(String root) throws Exception {
        Class<?> adam = cls(root, "dev.nabla.kernel.OptimStep$Adam");
        double bc1 = 1 - Math.pow(0.9, 100), bc2 = 1 - Math.pow(0.999, 100);
        return adam.getConstructor(double.class, double.class, double.class, double.class, double.class)
                .newInstance(0.9, 0.999, 1e-8, 1e-3 / bc1, Math.sqrt(bc2));
    }

    private static void time(MethodHandle[] adam, Object[] step, String state) throws Throwable {
        SplittableRandom r = new SplittableRandom(1);
        float[] theta = new float[N], g = new float[N], m0 = new float[N], v0 = new float[N];
        for (int i = 0; i < N; i++) {
            boolean dead = switch (state) {
                case "pixel columns" -> i % COLS < 100 || r.nextInt(8) == 0;
                case "dead rows" -> i / COLS % 4 == 0;
                default -> false;
            };
            theta[i] = (float) (r.nextGaussian() * 0.05);
            g[i] = dead ? 0f : (float) (r.nextGaussian() * 1e-3);
            m0[i] = dead ? Float.intBitsToFloat((r.nextBoolean() ? 0x80000000 : 0) | 1 + r.nextInt(4)) : g[i];
            // RMSprop's s of a dead unit has decayed as far as its other averages (stuck for α = 0.99: M ≤ 49)
            v0[i] = !dead ? g[i] * g[i] : mode.startsWith("rmsprop") || mode.equals("centered")
                    ? Float.intBitsToFloat(1 + r.nextInt(49)) : 1e-12f;
        }
        float[] m = new float[N], v = new float[N];
        long[][] t = new long[2][ROUNDS / 2 * BLOCK];
        int[] count = new int[2];
        for (int round = 0; round < ROUNDS; round++) {
            int side = round % 2;
            for (int i = 0; i < BLOCK; i++) {
                System.arraycopy(m0, 0, m, 0, N);
                System.arraycopy(v0, 0, v, 0, N);
                long start = System.nanoTime();
                adam[side].invokeExact(step[side], theta, g, m, v, (float[]) null, 0, N);
                long took = System.nanoTime() - start;
                if (round >= 2) { // the JIT's first rounds left out
                    t[side][count[side]++] = took;
                }
            }
        }
        long[] old = Arrays.copyOf(t[0], count[0]), now = Arrays.copyOf(t[1], count[1]);
        Arrays.sort(old);
        Arrays.sort(now);
        System.out.printf("%-14s old p50 %.1f µs (p25 %.1f), new p50 %.1f µs (p25 %.1f), new/old %.3f%n", state,
                old[old.length / 2] / 1e3, old[old.length / 4] / 1e3, now[now.length / 2] / 1e3, now[now.length / 4] / 1e3,
                (double) now[now.length / 2] / old[old.length / 2]);
    }
}
