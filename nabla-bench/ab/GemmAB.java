import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Two builds' float32 GEMMs timed in one JVM, alternating blocks of calls, so that both see the same host.
 * On this VM a benchmark's rows move by a third between runs (the vCPUs change places), far more than a
 * kernel change of 10-25%; interleaving inside one process is what resolved the GEMM column split's gain.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -Dnabla.threads=2 nabla-bench/ab/GemmAB.java OLD_ROOT NEW_ROOT [m,n,k[,tA,tB] ...]
 * </pre>
 *
 * Each root is a checkout built with {@code ./mvnw package -DskipTests} (its nabla-core/target/classes is
 * loaded in a class loader of its own, with its own thread pool). Default shapes: the MLP's products.
 * Prints each side's median and first quartile per call and the ratio new/old, and the core-to-core round
 * trip before and after (two threads handing a counter back and forth): about 60-70 ns when this VM's two
 * vCPUs share a cache, 440-550 ns when they do not, and a split kernel's cost can differ between the two.
 */
public class GemmAB {
    private static final int BLOCK = 200;
    private static final int ROUNDS = 16;

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: GemmAB OLD_ROOT NEW_ROOT [m,n,k[,transA,transB] ...]");
            System.exit(2);
        }
        MethodHandle[] gemm = {load(args[0]), load(args[1])};
        String[] shapes = args.length > 2 ? Arrays.copyOfRange(args, 2, args.length)
                : new String[] {"128,256,784,0,1", "128,128,256,0,1", "128,256,128,0,0", "256,784,128,1,0", "128,1024,1024,0,1"};
        System.out.printf("round trip before: %.0f ns%n", roundTrip());
        for (String shape : shapes) {
            int[] s = Arrays.stream(shape.split(",")).mapToInt(Integer::parseInt).toArray();
            boolean ta = s.length > 3 && s[3] != 0, tb = s.length > 4 && s[4] != 0;
            time(gemm, s[0], s[1], s[2], ta, tb);
        }
        System.out.printf("round trip after: %.0f ns%n", roundTrip());
    }

    /** Nanoseconds for one hand-over of a counter from this thread to another and back (median of 5 runs). */
    private static double roundTrip() throws InterruptedException {
        java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
        int trips = 200_000;
        Thread other = new Thread(() -> {
            for (int i = 0; i < 5 * trips; i++) {
                while (turn.get() % 2 == 0) {
                    Thread.onSpinWait();
                }
                turn.incrementAndGet();
            }
        });
        other.start();
        double[] runs = new double[5];
        for (int run = 0; run < 5; run++) {
            long start = System.nanoTime();
            for (int i = 0; i < trips; i++) {
                turn.incrementAndGet();
                while (turn.get() % 2 == 1) {
                    Thread.onSpinWait();
                }
            }
            runs[run] = (System.nanoTime() - start) / (double) trips;
        }
        other.join();
        Arrays.sort(runs);
        return runs[2];
    }

    private static MethodHandle load(String root) throws Exception {
        URL classes = Path.of(root, "nabla-core/target/classes").toUri().toURL();
        Class<?> c = Class.forName("dev.nabla.kernel.GemmF32", true, new URLClassLoader(new URL[] {classes}, null));
        return MethodHandles.publicLookup().findStatic(c, "gemm", MethodType.methodType(void.class, boolean.class,
                boolean.class, int.class, int.class, int.class, float[].class, int.class, int.class, float[].class,
                int.class, int.class, float.class, float[].class, int.class, int.class));
    }

    private static void time(MethodHandle[] gemm, int m, int n, int k, boolean ta, boolean tb) throws Throwable {
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        Random r = new Random(1);
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextFloat() - 0.5f;
        }
        long[][] t = new long[2][ROUNDS / 2 * BLOCK];
        int[] count = new int[2];
        for (int round = 0; round < ROUNDS; round++) {
            int side = round % 2;
            for (int i = 0; i < BLOCK; i++) {
                long gap = System.nanoTime() + 20_000; // a step's other work between products
                while (System.nanoTime() < gap) {
                    Thread.onSpinWait();
                }
                long start = System.nanoTime();
                gemm[side].invokeExact(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n);
                long took = System.nanoTime() - start;
                if (round >= 2 && i >= BLOCK / 10) { // the JIT's first rounds and each block's hand-over left out
                    t[side][count[side]++] = took;
                }
            }
        }
        long[] old = Arrays.copyOf(t[0], count[0]), now = Arrays.copyOf(t[1], count[1]);
        Arrays.sort(old);
        Arrays.sort(now);
        System.out.printf("%d x %d x %d%s%s: old p50 %.1f µs (p25 %.1f), new p50 %.1f µs (p25 %.1f), new/old %.3f%n", m, n, k,
                ta ? " transA" : "", tb ? " transB" : "", old[old.length / 2] / 1e3, old[old.length / 4] / 1e3,
                now[now.length / 2] / 1e3, now[now.length / 4] / 1e3, (double) now[now.length / 2] / old[old.length / 2]);
    }
}
