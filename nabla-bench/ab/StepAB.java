import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * Two builds' training rate on one row of the suite ({@code nabla bench --suite}'s networks), in one JVM: each
 * build in a class loader of its own, one-epoch fits of a fresh model on 1,536 synthetic samples, the builds
 * alternating. Runs of {@code nabla bench} in turn moved the CNN's two-thread rate by ±20% on this host whichever
 * build ran; alternating fits in one JVM see the same host.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector nabla-bench/ab/StepAB.java OLD_ROOT NEW_ROOT [ROW] [THREADS] [ROUNDS]
 * </pre>
 *
 * Each root is a checkout built with {@code ./mvnw package -DskipTests}. ROW is a {@code SuiteRow} constant
 * (default CNN; e.g. CNN_BN, MLP_RELU), THREADS the kernel threads (default 2), ROUNDS the timed fits per build
 * (default 15, after 6 untimed). Prints each build's median samples/s and the median of the per-round ratios.
 */
public class StepAB {
    private static final int SAMPLES = 1536;
    private static final int WARMUP = 6;

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: StepAB OLD_ROOT NEW_ROOT [ROW] [THREADS] [ROUNDS]");
            System.exit(2);
        }
        String row = args.length > 2 ? args[2] : "CNN";
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 15;
        Build[] builds = {new Build(args[0], row, threads), new Build(args[1], row, threads)};
        double[][] rates = Alternate.rounds(builds[0]::fit, builds[1]::fit, WARMUP, rounds);
        for (int b = 0; b < 2; b++) {
            double[] s = Alternate.sorted(rates[b]);
            System.out.printf("%s %s, %d thread(s): median %.0f samples/s (%.0f .. %.0f)%n", b == 0 ? "old" : "new", row,
                    threads, s[rounds / 2], s[0], s[rounds - 1]);
        }
        Alternate.ratios("rate", rates);
    }

    /** One build's classes, driven by reflection (the suite's rows are package-private in nabla-cli). */
    private static final class Build {
        final Object row;
        final Method build;
        final Method loss;
        final Method optimizer;
        final Method parameters;
        final Constructor<?> trainer;
        final Method fit;
        final Object options;
        final Object x;
        final Object y;

        Build(String root, String rowName, int threads) throws Exception {
            ClassLoader cl = Alternate.cli(root);
            cl.loadClass("dev.nabla.kernel.Parallel").getMethod("setThreads", int.class).invoke(null, threads);
            Class<?> rows = cl.loadClass("dev.nabla.cli.SuiteRow");
            row = Arrays.stream(rows.getEnumConstants()).filter(e -> ((Enum<?>) e).name().equals(rowName)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no row " + rowName + " in " + root));
            build = accessible(rows.getDeclaredMethod("build", long.class));
            loss = accessible(rows.getDeclaredMethod("loss"));
            optimizer = accessible(rows.getDeclaredMethod("optimizer", List.class));
            parameters = cl.loadClass("dev.nabla.nn.Sequential").getMethod("parameters");
            trainer = Arrays.stream(cl.loadClass("dev.nabla.train.Trainer").getConstructors())
                    .filter(c -> c.getParameterCount() == 3).findFirst().orElseThrow();
            Class<?> fitOptions = cl.loadClass("dev.nabla.train.FitOptions");
            Object o = fitOptions.getMethod("defaults").invoke(null);
            o = fitOptions.getMethod("epochs", int.class).invoke(o, 1);
            o = fitOptions.getMethod("batchSize", int.class).invoke(o, (int) accessible(rows.getDeclaredMethod("batch")).invoke(row));
            options = fitOptions.getMethod("seed", long.class).invoke(o, 0L);
            Class<?> tensor = cl.loadClass("dev.nabla.tensor.Tensor");
            fit = cl.loadClass("dev.nabla.train.Trainer").getMethod("fit", tensor, tensor, fitOptions);
            Object[] data = data(cl, rows, tensor);
            x = data[0];
            y = data[1];
        }

        /** Inputs uniform in [0, 1) of the row's shape and dtype, random class labels (the suite's classification rows). */
        private Object[] data(ClassLoader cl, Class<?> rows, Class<?> tensor) throws Exception {
            Class<?> generator = cl.loadClass("dev.nabla.tensor.Generator");
            Class<?> dtype = cl.loadClass("dev.nabla.tensor.DType");
            Object g = generator.getConstructor(long.class).newInstance(0L);
            int[] sample = (int[]) accessible(rows.getDeclaredMethod("sample")).invoke(row);
            int[] dims = new int[sample.length + 1];
            dims[0] = SAMPLES;
            System.arraycopy(sample, 0, dims, 1, sample.length);
            Object xs = tensor.getMethod("uniform", generator, dtype, double.class, double.class, int[].class)
                    .invoke(null, g, accessible(rows.getDeclaredMethod("dtype")).invoke(row), 0.0, 1.0, dims);
            int[] labels = new int[SAMPLES];
            Method next = generator.getMethod("nextInt", int.class);
            for (int i = 0; i < SAMPLES; i++) {
                labels[i] = (int) next.invoke(g, 10);
            }
            Object ys = tensor.getMethod("of", int[].class, int[].class).invoke(null, labels, new int[] {SAMPLES});
            return new Object[] {xs, ys};
        }

        /** Samples/s of one epoch of a fresh model. */
        double fit() throws Exception {
            Object model = build.invoke(row, 0L);
            Object t = trainer.newInstance(model, loss.invoke(row), optimizer.invoke(row, parameters.invoke(model)));
            long t0 = System.nanoTime();
            fit.invoke(t, x, y, options);
            return SAMPLES / ((System.nanoTime() - t0) / 1e9);
        }

        private static Method accessible(Method m) {
            m.setAccessible(true);
            return m;
        }
    }
}
