import java.lang.invoke.*;
import java.net.*;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Two builds' {@code Tensor.relu} on [128, 32, 28, 28] (a batch-norm CNN's first activations, 12.8 MB), two
 * calls per step-arena scope so that the outputs are arrays the arena lends back, interleaved in one JVM as
 * {@code GemmAB} does: what an elementwise op's output allocation costs.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -Dnabla.threads=1 nabla-bench/ab/ReluAB.java OLD_ROOT NEW_ROOT
 * </pre>
 */
public class ReluAB {
    static final class B {
        final MethodHandle of, relu, open, close; final Object arena;
        B(String root) throws Exception {
            ClassLoader l = new URLClassLoader(new URL[] {Path.of(root, "nabla-core/target/classes").toUri().toURL()}, null);
            Class<?> t = Class.forName("dev.nabla.tensor.Tensor", true, l), a = Class.forName("dev.nabla.tensor.StepArena", true, l);
            Class<?> sc = Class.forName("dev.nabla.tensor.StepArena$Scope", true, l);
            MethodHandles.Lookup lk = MethodHandles.publicLookup();
            of = lk.findStatic(t, "of", MethodType.methodType(t, float[].class, int[].class));
            relu = lk.findVirtual(t, "relu", MethodType.methodType(t));
            arena = a.getConstructor().newInstance();
            open = lk.findVirtual(a, "open", MethodType.methodType(sc));
            close = lk.findVirtual(sc, "close", MethodType.methodType(void.class));
        }
    }
    public static void main(String[] args) throws Throwable {
        B[] b = {new B(args[0]), new B(args[1])};
        float[] data = new float[128 * 32 * 28 * 28];
        for (int i = 0; i < data.length; i++) data[i] = (i % 7) - 3;
        Object[] x = {b[0].of.invoke(data, new int[] {128, 32, 28, 28}), b[1].of.invoke(data, new int[] {128, 32, 28, 28})};
        long[][] t = new long[2][400]; int[] n = new int[2];
        for (int round = 0; round < 40; round++) {
            int s = round % 2;
            for (int i = 0; i < 24; i++) {
                Object scope = b[s].open.invoke(b[s].arena);
                long t0 = System.nanoTime();
                Object y = b[s].relu.invoke(x[s]);
                Object y2 = b[s].relu.invoke(x[s]);
                long dt = System.nanoTime() - t0;
                b[s].close.invoke(scope);
                if (round >= 4 && i >= 2) t[s][n[s]++] = dt;
            }
        }
        long[] o = Arrays.copyOf(t[0], n[0]), w = Arrays.copyOf(t[1], n[1]);
        Arrays.sort(o); Arrays.sort(w);
        System.out.printf("two relu of 12.8 MB: old p50 %.2f ms, new p50 %.2f ms, new/old %.3f%n", o[o.length/2]/1e6, w[w.length/2]/1e6, (double) w[w.length/2]/o[o.length/2]);
    }
}
