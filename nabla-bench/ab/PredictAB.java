import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Two builds' batched inference through a {@code Predictor} (no grad, kept weights) on one row of the suite's
 * networks, in one JVM: each build in a class loader of its own, blocks of calls on the same random batch, the
 * builds alternating, as {@code StepAB} does for training.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector nabla-bench/ab/PredictAB.java OLD_ROOT NEW_ROOT [ROW] [BATCH] [THREADS] [ROUNDS]
 * </pre>
 *
 * Each root is a checkout built with {@code ./mvnw package -DskipTests}. ROW is a {@code SuiteRow} constant
 * (default CNN), BATCH the images per call (default 32), THREADS the kernel threads (default 2), ROUNDS the
 * timed blocks per build (default 15, after 5 untimed), of 20 calls each ({@code -Dcalls=N} to change). Prints each build's median time per call and the
 * median of the per-round ratios; the two builds' outputs must be the same bits ({@code -Dbits=any}: may differ,
 * and the largest difference is printed).
 */
public class PredictAB {
    private static final int CALLS = Integer.getInteger("calls", 20);
    private static final int WARMUP = 5;

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PredictAB OLD_ROOT NEW_ROOT [ROW] [BATCH] [THREADS] [ROUNDS]");
            System.exit(2);
        }
        String row = args.length > 2 ? args[2] : "CNN";
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 15;
        Build[] builds = {new Build(args[0], row, batch, threads), new Build(args[1], row, batch, threads)};
        float[] first = builds[0].output(), second = builds[1].output();
        if (!Arrays.equals(first, second)) {
            if (!"any".equals(System.getProperty("bits"))) {
                throw new AssertionError("the two builds' outputs differ (-Dbits=any to time them anyway)");
            }
            double most = 0;
            for (int i = 0; i < first.length; i++) {
                most = Math.max(most, Math.abs(first[i] - second[i]));
            }
            System.out.printf("outputs differ: at most %.3g%n", most);
        }
        double[][] ms = Alternate.rounds(builds[0]::block, builds[1]::block, WARMUP, rounds);
        for (int b = 0; b < 2; b++) {
            double[] s = Alternate.sorted(ms[b]);
            System.out.printf("%s %s, batch %d, %d thread(s): median %.3f ms a call (%.3f .. %.3f), %.0f samples/s%n",
                    b == 0 ? "old" : "new", row, batch, threads, s[rounds / 2], s[0], s[rounds - 1],
                    batch / s[rounds / 2] * 1e3);
        }
        Alternate.ratios("time", ms);
    }

    /** One build's classes, driven by reflection (the suite's rows are package-private in nabla-cli). */
    private static final class Build {
        final Object predictor;
        final Method predict;
        final Method toFloatArray;
        final Object x;

        Build(String root, String rowName, int batch, int threads) throws Exception {
            ClassLoader cl = Alternate.cli(root);
            cl.loadClass("dev.nabla.kernel.Parallel").getMethod("setThreads", int.class).invoke(null, threads);
            Class<?> rows = cl.loadClass("dev.nabla.cli.SuiteRow");
            Object row = Arrays.stream(rows.getEnumConstants()).filter(e -> ((Enum<?>) e).name().equals(rowName))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no row " + rowName + " in " + root));
            Object model = accessible(rows.getDeclaredMethod("build", long.class)).invoke(row, 0L);
            Class<?> module = cl.loadClass("dev.nabla.nn.Module");
            module.getMethod("eval").invoke(model);
            Class<?> predictors = cl.loadClass("dev.nabla.nn.Predictor");
            predictor = predictors.getMethod("of", module).invoke(null, model);
            Class<?> tensor = cl.loadClass("dev.nabla.tensor.Tensor");
            predict = predictors.getMethod("predict", tensor);
            toFloatArray = tensor.getMethod("toFloatArray");
            Class<?> generator = cl.loadClass("dev.nabla.tensor.Generator");
            Class<?> dtype = cl.loadClass("dev.nabla.tensor.DType");
            int[] sample = (int[]) accessible(rows.getDeclaredMethod("sample")).invoke(row);
            int[] dims = new int[sample.length + 1];
            dims[0] = batch;
            System.arraycopy(sample, 0, dims, 1, sample.length);
            x = tensor.getMethod("uniform", generator, dtype, double.class, double.class, int[].class).invoke(null,
                    generator.getConstructor(long.class).newInstance(1L),
                    accessible(rows.getDeclaredMethod("dtype")).invoke(row), 0.0, 1.0, dims);
        }

        float[] output() throws Exception {
            return (float[]) toFloatArray.invoke(predict.invoke(predictor, x));
        }

        /** Milliseconds a call, over a block of calls. */
        double block() throws Exception {
            long t0 = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                predict.invoke(predictor, x);
            }
            return (System.nanoTime() - t0) / 1e6 / CALLS;
        }

        private static Method accessible(Method m) {
            m.setAccessible(true);
            return m;
        }
    }
}
