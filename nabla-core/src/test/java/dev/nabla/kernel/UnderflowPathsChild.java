package dev.nabla.kernel;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The child JVM of {@link SubnormalCostTest}: trains a layer's weights with each float32 optimizer that
 * has an underflow path (Adam, SGD with momentum and Nesterov, plain RMSprop) for {@link #STEPS} steps,
 * where every other vector is a dead unit's (gradients ±0, so its moments decay into the subnormals and
 * stay there) and the rest get fresh gradients each step, then prints the SHA-256 of every array, how
 * many subnormal moments the updates went through, what {@link Kernels#underflowPaths} says, the probe's
 * ratio unrounded, and whether the SIMD kernels (the only ones with the paths) ran.
 */
public final class UnderflowPathsChild {
    private static final int N = 16 * 64 + 5;
    private static final int STEPS = 200;

    private UnderflowPathsChild() {}

    public static void main(String[] args) throws Exception {
        try {
            Kernels.warmUp(); // as the nabla command starts: the probe runs here
        } catch (IllegalArgumentException e) {
            System.out.println("error=" + e.getMessage());
            return;
        }
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long subnormals = 0;
        for (int opt = 0; opt < 4; opt++) {
            SplittableRandom r = new SplittableRandom(opt);
            float[] theta = new float[N], g = new float[N], m = new float[N], v = new float[N];
            for (int i = 0; i < N; i++) {
                theta[i] = (float) r.nextDouble(-1, 1);
                m[i] = (float) r.nextDouble(-1e-35, 1e-35); // a few dozen steps from the subnormals
                v[i] = (float) r.nextDouble(0, 1e-36);
            }
            for (int t = 1; t <= STEPS; t++) {
                for (int i = 0; i < N; i++) {
                    boolean dead = i / 16 % 2 == 1;
                    g[i] = dead ? (r.nextBoolean() ? 0f : -0f) : (float) r.nextDouble(-1e-2, 1e-2);
                    subnormals += isSubnormal(m[i]) || isSubnormal(v[i]) ? 1 : 0;
                }
                switch (opt) {
                    case 0 -> OptimF32.adam(new OptimStep.Adam(0.9, 0.999, 1e-8, 1e-3, Math.sqrt(1 - Math.pow(0.999, t))),
                            theta, g, m, v, null, 0, N);
                    case 1 -> OptimF32.sgdMomentum(new OptimStep.Momentum(1e-2, 0.9, 0, false), theta, g, m);
                    case 2 -> OptimF32.sgdMomentum(new OptimStep.Momentum(1e-2, 0.9, 0, true), theta, g, m);
                    default -> OptimF32.rmsprop(new OptimStep.Rmsprop(1e-2, 0.99, 1e-8, 0), theta, g, v, null, null);
                }
            }
            for (float[] a : new float[][] {theta, m, v}) {
                ByteBuffer b = ByteBuffer.allocate(4 * a.length);
                b.asFloatBuffer().put(a);
                md.update(b.array());
            }
        }
        System.out.println("sha256=" + HexFormat.of().formatHex(md.digest()));
        System.out.println("subnormals=" + subnormals);
        System.out.println("paths=" + Kernels.underflowPaths());
        System.out.println("ratio=" + SubnormalCost.RATIO);
        System.out.println("vector=" + KernelMode.vector());
    }

    private static boolean isSubnormal(float x) {
        return x != 0 && Math.abs(x) < Float.MIN_NORMAL;
    }
}
