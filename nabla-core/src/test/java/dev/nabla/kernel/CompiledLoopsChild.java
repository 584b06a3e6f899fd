package dev.nabla.kernel;

/**
 * The child JVM of {@link CompiledLoopsTest}: runs each group of kernels (every vector-looped elementwise op
 * and contiguous reduction in float32 and float64; products through each of the GEMM's paths; every
 * optimizer update) over the same arrays until C2 has compiled them with all of them in their profiles, then
 * prints, per group, how many bytes more rounds allocated and how many elements (multiply-adds for the
 * GEMM) they went through.
 */
public final class CompiledLoopsChild {
    private static final int N = 256;
    private static final int WARM_ROUNDS = 30_000;
    private static final int ROUNDS = 1_000;

    /** Where the reductions' results go, so that the JIT cannot drop them. */
    static volatile double sink;

    private CompiledLoopsChild() {}

    public static void main(String[] args) {
        elementwise();
        gemm();
        optimizers();
    }

    /** Every vector-looped elementwise op and contiguous reduction, in float32 and float64. */
    private static void elementwise() {
        float[] xf = filled(N), yf = filled(N), of = new float[N];
        double[] xd = new double[N], yd = new double[N], od = new double[N];
        for (int i = 0; i < N; i++) {
            yf[i] += 2f;
            xd[i] = xf[i];
            yd[i] = yf[i];
        }
        int ops = BinaryOp.values().length - 1 + 2 + 3 + ReduceOp.values().length; // as round() calls them
        report("elementwise", () -> sink += round(xf, yf, of, xd, yd, od), WARM_ROUNDS, ROUNDS,
                (long) ROUNDS * 2 * ops * N);
    }

    /** Products through each of the GEMM's paths (run on this thread: the test passes one kernel thread). */
    private static void gemm() {
        int[][] shapes = {{64, 64, 64}, {10, 256, 128}, {128, 10, 256}, {37, 53, 29}}; // m, n, k
        float[][] a = new float[shapes.length][], b = new float[shapes.length][], c = new float[shapes.length][];
        double[][] ad = new double[shapes.length][], bd = new double[shapes.length][], cd = new double[shapes.length][];
        long macs = 0;
        for (int s = 0; s < shapes.length; s++) {
            int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
            a[s] = filled(m * k);
            b[s] = filled(k * n);
            c[s] = new float[m * n];
            ad[s] = widened(a[s]);
            bd[s] = widened(b[s]);
            cd[s] = new double[m * n];
            macs += 8L * m * n * k;
        }
        Runnable round = () -> {
            for (int s = 0; s < shapes.length; s++) {
                int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
                GemmF32.gemm(false, false, m, n, k, a[s], 0, k, b[s], 0, n, 0f, c[s], 0, n);
                GemmF32.gemm(true, false, m, n, k, a[s], 0, m, b[s], 0, n, 0f, c[s], 0, n);
                GemmF32.gemm(false, true, m, n, k, a[s], 0, k, b[s], 0, k, 0f, c[s], 0, n);
                GemmF32.gemm(true, true, m, n, k, a[s], 0, m, b[s], 0, k, 1f, c[s], 0, n);
                GemmF64.gemm(false, false, m, n, k, ad[s], 0, k, bd[s], 0, n, 0d, cd[s], 0, n);
                GemmF64.gemm(true, false, m, n, k, ad[s], 0, m, bd[s], 0, n, 0d, cd[s], 0, n);
                GemmF64.gemm(false, true, m, n, k, ad[s], 0, k, bd[s], 0, k, 0d, cd[s], 0, n);
                GemmF64.gemm(true, true, m, n, k, ad[s], 0, m, bd[s], 0, k, 1d, cd[s], 0, n);
            }
        };
        report("gemm", round, 3_000, 300, 300 * macs);
    }

    /**
     * Each optimizer's update kernel, with and without its options' extra paths, after the start-up warm-up
     * has run the loops over underflowed moments as the {@code nabla} command does: with the underflow
     * path's branch in its profile, C2 inlined that path first and boxed the vectors RMSprop's loop handed to
     * a helper it no longer had the budget to inline.
     */
    private static void optimizers() {
        Underflow.warmUp();
        float[] theta = filled(N), g = filled(N), m = new float[N], v = new float[N], vMax = new float[N];
        float[] s = new float[N], avg = new float[N], buf = new float[N], sum = new float[N];
        double[] thetaD = widened(theta), gD = widened(g), mD = new double[N], vD = new double[N];
        double[] vMaxD = new double[N], sD = new double[N], avgD = new double[N], bufD = new double[N];
        double[] sumD = new double[N];
        var adam = new OptimStep.Adam(0.9, 0.999, 1e-8, 1e-9, 1);
        var momentum = new OptimStep.Momentum(1e-9, 0.9, 0, false);
        var nesterov = new OptimStep.Momentum(1e-9, 0.9, 0, true);
        var rmsprop = new OptimStep.Rmsprop(1e-9, 0.99, 1e-8, 0);
        var rmspropMomentum = new OptimStep.Rmsprop(1e-9, 0.99, 1e-8, 0.9);
        var adagrad = new OptimStep.Adagrad(1e-9, 1e-10);
        Runnable round = () -> {
            OptimF32.adam(adam, theta, g, m, v, null, 0, N);
            OptimF32.adam(adam, theta, g, m, v, vMax, 0, N);
            OptimF32.sgd(theta, g, 1e-9f);
            OptimF32.sgdMomentum(momentum, theta, g, buf);
            OptimF32.sgdMomentum(nesterov, theta, g, buf);
            OptimF32.rmsprop(rmsprop, theta, g, s, null, null);
            OptimF32.rmsprop(rmspropMomentum, theta, g, s, null, buf);
            OptimF32.rmsprop(rmsprop, theta, g, s, avg, null);
            OptimF32.rmsprop(rmspropMomentum, theta, g, s, avg, buf);
            OptimF32.adagrad(adagrad, theta, g, sum);
            OptimF64.adam(adam, thetaD, gD, mD, vD, null, 0, N);
            OptimF64.adam(adam, thetaD, gD, mD, vD, vMaxD, 0, N);
            OptimF64.sgd(thetaD, gD, 1e-9);
            OptimF64.sgdMomentum(momentum, thetaD, gD, bufD);
            OptimF64.sgdMomentum(nesterov, thetaD, gD, bufD);
            OptimF64.rmsprop(rmsprop, thetaD, gD, sD, null, null);
            OptimF64.rmsprop(rmspropMomentum, thetaD, gD, sD, null, bufD);
            OptimF64.rmsprop(rmsprop, thetaD, gD, sD, avgD, null);
            OptimF64.rmsprop(rmspropMomentum, thetaD, gD, sD, avgD, bufD);
            OptimF64.adagrad(adagrad, thetaD, gD, sumD);
        };
        report("optim", round, WARM_ROUNDS, ROUNDS, 20L * ROUNDS * N);
    }

    private static void report(String group, Runnable round, int warm, int rounds, long elements) {
        for (int r = 0; r < warm; r++) {
            round.run();
        }
        long before = allocatedBytes();
        for (int r = 0; r < rounds; r++) {
            round.run();
        }
        System.out.println("bytes." + group + "=" + (allocatedBytes() - before));
        System.out.println("elements." + group + "=" + elements);
    }

    private static double[] widened(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    private static float[] filled(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(i) * 0.5f;
        }
        return x;
    }

    /**
     * This thread's allocated bytes, through reflection: the child runs on the class path, where
     * java.management is readable, but the tests compile inside nabla-core's module, which does not read it.
     */
    private static long allocatedBytes() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            return (long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes")
                    .invoke(bean);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the thread's allocated bytes", e);
        }
    }

    /** Every binary op but POW (both operands whole, then each one broadcast), a few unary ops, the reductions. */
    private static double round(float[] xf, float[] yf, float[] of, double[] xd, double[] yd, double[] od) {
        double sum = 0;
        for (BinaryOp op : BinaryOp.values()) {
            if (op == BinaryOp.POW) {
                continue;
            }
            ElementwiseF32.binary(op, xf, 0, 1, yf, 0, 1, of, 0, N);
            ElementwiseF64.binary(op, xd, 0, 1, yd, 0, 1, od, 0, N);
        }
        ElementwiseF32.binary(BinaryOp.MUL, xf, 0, 1, yf, 0, 0, of, 0, N);
        ElementwiseF64.binary(BinaryOp.MUL, xd, 0, 1, yd, 0, 0, od, 0, N);
        ElementwiseF32.binary(BinaryOp.SUB, yf, 0, 0, xf, 0, 1, of, 0, N);
        ElementwiseF64.binary(BinaryOp.SUB, yd, 0, 0, xd, 0, 1, od, 0, N);
        for (UnaryOp op : new UnaryOp[] {UnaryOp.NEG, UnaryOp.SQUARE, UnaryOp.SIGN}) {
            ElementwiseF32.unary(op, xf, 0, of, 0, N);
            ElementwiseF64.unary(op, xd, 0, od, 0, N);
        }
        for (ReduceOp op : ReduceOp.values()) {
            sum += ReduceF32.reduceContiguous(op, xf, 0, N) + ReduceF64.reduceContiguous(op, xd, 0, N);
        }
        return sum + of[N - 1] + od[N - 1];
    }
}
