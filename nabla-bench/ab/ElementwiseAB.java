import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Two builds' float32 elementwise ops and contiguous reductions timed in one JVM, each build in a class loader
 * of its own, after every op has run through that build's loops (so that the JIT compiles them with all the
 * ops in their profiles, as a training step or a user's own layer does, rather than with the first op alone).
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector nabla-bench/ab/ElementwiseAB.java OLD_ROOT NEW_ROOT [N]
 * </pre>
 *
 * Each root is a checkout built with {@code ./mvnw package -DskipTests}; N floats per operand (default 8,192:
 * in L1/L2, so the loops rather than memory are timed). Prints each op's median ns per element for both
 * builds and the ratio new/old.
 */
public class ElementwiseAB {
    private static final String[] OPS = {"a*b", "a+b", "a/b", "a>b", "a*s", "s-a", "neg", "square", "sum", "max"};
    private static final int CALLS = 200;
    private static final int ROUNDS = 40;

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: ElementwiseAB OLD_ROOT NEW_ROOT [N]");
            System.exit(2);
        }
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 8192;
        Random r = new Random(1);
        float[] a = new float[n], b = new float[n], out = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
            b[i] = 2f + r.nextFloat();
        }
        Build[] builds = {new Build(args[0]), new Build(args[1])};
        double[][][] t = new double[2][OPS.length][ROUNDS];
        for (int round = -5; round < ROUNDS; round++) { // five rounds for the JIT, left out
            for (int side = 0; side < 2; side++) {
                for (int op = 0; op < OPS.length; op++) {
                    long start = System.nanoTime();
                    for (int c = 0; c < CALLS; c++) {
                        builds[side].run(op, a, b, out, n);
                    }
                    if (round >= 0) {
                        t[side][op][round] = (System.nanoTime() - start) / (double) CALLS / n;
                    }
                }
            }
        }
        System.out.printf("%d floats per operand; ns per element, medians of %d rounds of %d calls%n", n, ROUNDS,
                CALLS);
        for (int op = 0; op < OPS.length; op++) {
            double old = median(t[0][op]), now = median(t[1][op]);
            System.out.printf("%-7s old %.3f  new %.3f  new/old %.2f%n", OPS[op], old, now, now / old);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** One build's kernels, in a class loader of its own. */
    private static final class Build {
        final MethodHandle binary;
        final MethodHandle unary;
        final MethodHandle reduce;
        final Object[] binaryOps;
        final Object[] unaryOps;
        final Object[] reduceOps;
        float sink;

        Build(String root) throws Exception {
            URL classes = Path.of(root, "nabla-core/target/classes").toUri().toURL();
            ClassLoader loader = new URLClassLoader(new URL[] {classes}, null);
            Class<?> elementwise = Class.forName("dev.nabla.kernel.ElementwiseF32", true, loader);
            Class<?> reduceClass = Class.forName("dev.nabla.kernel.ReduceF32", true, loader);
            Class<?> bop = Class.forName("dev.nabla.kernel.BinaryOp", true, loader);
            Class<?> uop = Class.forName("dev.nabla.kernel.UnaryOp", true, loader);
            Class<?> rop = Class.forName("dev.nabla.kernel.ReduceOp", true, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            binary = lookup.findStatic(elementwise, "binary", MethodType.methodType(void.class, bop, float[].class,
                    int.class, int.class, float[].class, int.class, int.class, float[].class, int.class, int.class))
                    .asType(MethodType.methodType(void.class, Object.class, float[].class, int.class, int.class,
                            float[].class, int.class, int.class, float[].class, int.class, int.class));
            unary = lookup.findStatic(elementwise, "unary", MethodType.methodType(void.class, uop, float[].class,
                    int.class, float[].class, int.class, int.class)).asType(MethodType.methodType(void.class,
                    Object.class, float[].class, int.class, float[].class, int.class, int.class));
            reduce = lookup.findStatic(reduceClass, "reduceContiguous", MethodType.methodType(float.class, rop,
                    float[].class, int.class, int.class)).asType(MethodType.methodType(float.class, Object.class,
                    float[].class, int.class, int.class));
            binaryOps = new Object[] {constant(bop, "MUL"), constant(bop, "ADD"), constant(bop, "DIV"),
                    constant(bop, "GT"), constant(bop, "MUL"), constant(bop, "SUB")};
            unaryOps = new Object[] {constant(uop, "NEG"), constant(uop, "SQUARE")};
            reduceOps = new Object[] {constant(rop, "SUM"), constant(rop, "MAX")};
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Object constant(Class<?> type, String name) {
            return Enum.valueOf((Class) type, name);
        }

        void run(int op, float[] a, float[] b, float[] out, int n) throws Throwable {
            if (op < 4) {
                binary.invokeExact(binaryOps[op], a, 0, 1, b, 0, 1, out, 0, n);
            } else if (op == 4) {
                binary.invokeExact(binaryOps[op], a, 0, 1, b, 0, 0, out, 0, n); // b[0] broadcast
            } else if (op == 5) {
                binary.invokeExact(binaryOps[op], b, 0, 0, a, 0, 1, out, 0, n); // b[0] - a
            } else if (op < 8) {
                unary.invokeExact(unaryOps[op - 6], a, 0, out, 0, n);
            } else {
                sink += (float) reduce.invokeExact(reduceOps[op - 8], a, 0, n);
            }
        }
    }
}
