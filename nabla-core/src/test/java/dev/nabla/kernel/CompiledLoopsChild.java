package dev.nabla.kernel;

/**
 * The child JVM of {@link CompiledLoopsTest}: runs every vector-looped elementwise op and contiguous
 * reduction, in float32 and float64, over the same arrays, until C2 has compiled them with all of them in
 * their profiles, then prints how many bytes a thousand more rounds allocated and how many vectors they
 * went through.
 */
public final class CompiledLoopsChild {
    private static final int N = 256;
    private static final int WARM_ROUNDS = 30_000;
    private static final int ROUNDS = 1_000;

    private CompiledLoopsChild() {}

    public static void main(String[] args) {
        float[] xf = new float[N], yf = new float[N], of = new float[N];
        double[] xd = new double[N], yd = new double[N], od = new double[N];
        for (int i = 0; i < N; i++) {
            xf[i] = (float) Math.sin(i);
            yf[i] = 2f + (float) Math.cos(i);
            xd[i] = xf[i];
            yd[i] = yf[i];
        }
        double sink = 0;
        for (int r = 0; r < WARM_ROUNDS; r++) {
            sink += round(xf, yf, of, xd, yd, od);
        }
        long before = allocatedBytes();
        for (int r = 0; r < ROUNDS; r++) {
            sink += round(xf, yf, of, xd, yd, od);
        }
        long bytes = allocatedBytes() - before;
        int ops = BinaryOp.values().length - 1 + 2 + 3 + ReduceOp.values().length; // as round() calls them
        System.out.println("bytes=" + bytes);
        System.out.println("elements=" + (long) ROUNDS * 2 * ops * N);
        System.out.println("sink=" + sink);
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
