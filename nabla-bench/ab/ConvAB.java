import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Two builds' 3×3 "same" convolutions (float32, NCHW) timed in one JVM, alternating blocks of calls, as
 * {@code GemmAB} does for products: forward, input gradient and weight gradient of each shape.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -Dnabla.threads=1 nabla-bench/ab/ConvAB.java OLD_ROOT NEW_ROOT [batch,channels,size,out ...]
 * </pre>
 *
 * Each root is a checkout built with {@code ./mvnw package -DskipTests}. Default shapes: the CNN examples'
 * second, third and fourth convolutions at batch 128. Prints each side's median per call and the ratio new/old.
 */
public class ConvAB {
    private static final int BLOCK = 8;
    private static final int ROUNDS = 16;
    private static final String[] OPS = {"forward", "input grad", "weight grad"};

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: ConvAB OLD_ROOT NEW_ROOT [batch,channels,size,out ...]");
            System.exit(2);
        }
        Build[] builds = {new Build(args[0]), new Build(args[1])};
        String[] shapes = args.length > 2 ? Arrays.copyOfRange(args, 2, args.length)
                : new String[] {"128,32,28,32", "128,32,14,64", "128,64,14,64"};
        for (String shape : shapes) {
            int[] s = Arrays.stream(shape.split(",")).mapToInt(Integer::parseInt).toArray();
            for (int op = 0; op < OPS.length; op++) {
                time(builds, s[0], s[1], s[2], s[3], op);
            }
        }
    }

    /** One build's kernels, in a class loader of its own. */
    private static final class Build {
        final MethodHandle forward;
        final MethodHandle inputGrad;
        final MethodHandle weightGrad;
        final MethodHandle geometry;

        Build(String root) throws Exception {
            URL classes = Path.of(root, "nabla-core/target/classes").toUri().toURL();
            ClassLoader loader = new URLClassLoader(new URL[] {classes}, null);
            Class<?> conv = Class.forName("dev.nabla.kernel.ConvF32", true, loader);
            Class<?> geo = Class.forName("dev.nabla.kernel.ConvGeometry", true, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?>[] ints = new Class<?>[16];
            Arrays.fill(ints, int.class);
            geometry = lookup.findConstructor(geo, MethodType.methodType(void.class, ints)).asSpreader(int[].class, 16)
                    .asType(MethodType.methodType(Object.class, int[].class));
            forward = lookup.findStatic(conv, "forward", MethodType.methodType(void.class, float[].class, float[].class,
                    float[].class, geo, float[].class)).asType(MethodType.methodType(void.class, float[].class,
                    float[].class, float[].class, Object.class, float[].class));
            inputGrad = lookup.findStatic(conv, "inputGrad", MethodType.methodType(void.class, float[].class,
                    float[].class, geo, float[].class)).asType(MethodType.methodType(void.class, float[].class,
                    float[].class, Object.class, float[].class));
            weightGrad = lookup.findStatic(conv, "weightGrad", MethodType.methodType(void.class, float[].class,
                    float[].class, geo, float[].class)).asType(MethodType.methodType(void.class, float[].class,
                    float[].class, Object.class, float[].class));
        }

        void run(int op, Object s, float[] x, float[] w, float[] bias, float[] y, float[] dx, float[] dw)
                throws Throwable {
            switch (op) {
                case 0 -> forward.invokeExact(x, w, bias, s, y);
                case 1 -> inputGrad.invokeExact(y, w, s, dx);
                default -> weightGrad.invokeExact(y, x, s, dw);
            }
        }
    }

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() - 0.5f;
        }
        return v;
    }

    private static void time(Build[] builds, int batch, int channels, int size, int out, int op) throws Throwable {
        int[] g = {batch, channels, size, size, out, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1};
        Object[] s = {builds[0].geometry.invokeExact(g), builds[1].geometry.invokeExact(g)};
        Random r = new Random(1);
        float[] x = random(r, batch * channels * size * size), w = random(r, out * channels * 9);
        float[] bias = random(r, out), y = random(r, batch * out * size * size);
        float[] dx = new float[x.length], dw = new float[w.length];
        long[][] t = new long[2][ROUNDS / 2 * BLOCK];
        int[] count = new int[2];
        for (int round = 0; round < ROUNDS; round++) {
            int side = round % 2;
            for (int i = 0; i < BLOCK; i++) {
                long start = System.nanoTime();
                builds[side].run(op, s[side], x, w, bias, y, dx, dw);
                long took = System.nanoTime() - start;
                if (round >= 2 && i >= 1) { // the JIT's first rounds and each block's hand-over left out
                    t[side][count[side]++] = took;
                }
            }
        }
        long[] old = Arrays.copyOf(t[0], count[0]), now = Arrays.copyOf(t[1], count[1]);
        Arrays.sort(old);
        Arrays.sort(now);
        System.out.printf("%d x %d x %d² -> %d %s: old p50 %.2f ms, new p50 %.2f ms, new/old %.3f%n", batch, channels,
                size, out, OPS[op], old[old.length / 2] / 1e6, now[now.length / 2] / 1e6,
                (double) now[now.length / 2] / old[old.length / 2]);
    }
}
