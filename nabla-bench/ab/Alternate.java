import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code StepAB} and {@code PredictAB} share (the source launcher compiles this file with either): a build's
 * command-line jar and libraries in a class loader of their own, rounds that run the two builds in turn, and
 * medians. Alternating in one JVM lets both builds see the same host, whose pace here moves by a third between
 * minutes.
 */
final class Alternate {
    /** One timed measurement of one build. */
    interface Measure {
        double run() throws Exception;
    }

    private Alternate() {}

    /** {@code root}'s nabla-cli jar and its libraries (a checkout built with {@code ./mvnw package -DskipTests}). */
    static ClassLoader cli(String root) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(new File(root, "nabla-cli/target/nabla-cli.jar").toURI().toURL());
        File[] lib = new File(root, "nabla-cli/target/lib").listFiles();
        if (lib == null) {
            throw new IllegalArgumentException(root + ": no nabla-cli/target/lib (build it with ./mvnw package -DskipTests)");
        }
        for (File f : lib) {
            urls.add(f.toURI().toURL());
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    /** {@code warmup} untimed rounds, then {@code rounds} timed ones, old then new in each: [build][round]. */
    static double[][] rounds(Measure old, Measure fresh, int warmup, int rounds) throws Exception {
        for (int w = 0; w < warmup; w++) {
            old.run();
            fresh.run();
        }
        double[][] values = new double[2][rounds];
        for (int i = 0; i < rounds; i++) {
            values[0][i] = old.run();
            values[1][i] = fresh.run();
        }
        return values;
    }

    /** v sorted: its median at {@code length / 2}, its extremes at the ends. */
    static double[] sorted(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s;
    }

    /** Prints the per-round ratios new/old: median and range. */
    static void ratios(String what, double[][] values) {
        int n = values[0].length;
        double[] ratio = new double[n];
        for (int i = 0; i < n; i++) {
            ratio[i] = values[1][i] / values[0][i];
        }
        double[] s = sorted(ratio);
        System.out.printf("new/old %s per round: median %.3f (%.3f .. %.3f)%n", what, s[n / 2], s[0], s[n - 1]);
    }
}
