import java.lang.invoke.*;
import java.net.*;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Two builds' {@code Sequential(BatchNorm2d, ReLU)} forward and backward on [128, 32, 28, 28] (the batch-norm
 * CNN's first block, 12.8 MB of activations), in training mode, one step-arena scope per step, interleaved
 * in one JVM as {@code GemmAB} does: what running the two layers as one op gives.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -Dnabla.threads=1 nabla-bench/ab/BnReluAB.java OLD_ROOT NEW_ROOT
 * </pre>
 */
public class BnReluAB {
    static final class B {
        final MethodHandle forward, backward, zeroGrad, xZeroGrad, open, close; final Object arena, model, x, g;
        B(String root, float[] data, float[] grad, int[] shape) throws Throwable {
            ClassLoader l = new URLClassLoader(new URL[] {Path.of(root, "nabla-core/target/classes").toUri().toURL()}, null);
            Class<?> t = Class.forName("dev.nabla.tensor.Tensor", true, l), a = Class.forName("dev.nabla.tensor.StepArena", true, l);
            Class<?> sc = Class.forName("dev.nabla.tensor.StepArena$Scope", true, l);
            Class<?> layer = Class.forName("dev.nabla.nn.Layer", true, l), seq = Class.forName("dev.nabla.nn.Sequential", true, l);
            Class<?> act = Class.forName("dev.nabla.nn.Activation", true, l), module = Class.forName("dev.nabla.nn.Module", true, l);
            MethodHandles.Lookup lk = MethodHandles.publicLookup();
            MethodHandle of = lk.findStatic(t, "of", MethodType.methodType(t, float[].class, int[].class));
            Object bn = Class.forName("dev.nabla.nn.BatchNorm2d", true, l).getConstructor().newInstance();
            Object relu = Class.forName("dev.nabla.nn.ActivationLayer", true, l).getConstructor(act)
                    .newInstance(lk.findStatic(act, "relu", MethodType.methodType(act)).invoke());
            Object layers = java.lang.reflect.Array.newInstance(layer, 2);
            java.lang.reflect.Array.set(layers, 0, bn);
            java.lang.reflect.Array.set(layers, 1, relu);
            Object m = lk.findStatic(seq, "of", MethodType.methodType(seq, layers.getClass())).asFixedArity().invoke(layers);
            model = lk.findVirtual(seq, "build", MethodType.methodType(seq, long.class, int[].class)).asFixedArity().invoke(m, 1L, new int[] {32, 28, 28});
            x = of.invoke(data, shape);
            lk.findVirtual(t, "requiresGrad", MethodType.methodType(t, boolean.class)).invoke(x, true);
            g = of.invoke(grad, shape);
            forward = lk.findVirtual(layer, "forward", MethodType.methodType(t, t));
            backward = lk.findVirtual(t, "backward", MethodType.methodType(void.class, t));
            zeroGrad = lk.findVirtual(module, "zeroGrad", MethodType.methodType(void.class));
            xZeroGrad = lk.findVirtual(t, "zeroGrad", MethodType.methodType(void.class));
            arena = a.getConstructor().newInstance();
            open = lk.findVirtual(a, "open", MethodType.methodType(sc));
            close = lk.findVirtual(sc, "close", MethodType.methodType(void.class));
        }
        long step() throws Throwable {
            Object scope = open.invoke(arena);
            long t0 = System.nanoTime();
            Object y = forward.invoke(model, x);
            backward.invoke(y, g);
            long dt = System.nanoTime() - t0;
            zeroGrad.invoke(model);
            xZeroGrad.invoke(x);
            close.invoke(scope);
            return dt;
        }
    }
    public static void main(String[] args) throws Throwable {
        int[] shape = {128, 32, 28, 28};
        float[] data = new float[128 * 32 * 28 * 28], grad = new float[data.length];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < data.length; i++) { data[i] = (float) r.nextGaussian(); grad[i] = (float) r.nextGaussian() * 1e-3f; }
        B[] b = {new B(args[0], data, grad, shape), new B(args[1], data, grad, shape)};
        long[][] t = new long[2][400]; int[] n = new int[2];
        for (int round = 0; round < 30; round++) {
            int s = round % 2;
            for (int i = 0; i < 12; i++) {
                long dt = b[s].step();
                if (round >= 4 && i >= 2) t[s][n[s]++] = dt;
            }
        }
        long[] o = Arrays.copyOf(t[0], n[0]), w = Arrays.copyOf(t[1], n[1]);
        Arrays.sort(o); Arrays.sort(w);
        System.out.printf("BatchNorm2d + ReLU forward and backward, [128, 32, 28, 28]: old p50 %.2f ms, new p50 %.2f ms, new/old %.3f%n",
                o[o.length/2]/1e6, w[w.length/2]/1e6, (double) w[w.length/2]/o[o.length/2]);
    }
}
