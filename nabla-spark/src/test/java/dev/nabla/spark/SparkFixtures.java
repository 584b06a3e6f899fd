package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.Layer;
import dev.nabla.optim.Optimizer;
import dev.nabla.spec.ExperimentSpec;
import dev.nabla.spec.PenaltySpec;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.FitOptions;
import dev.nabla.train.Penalty;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The data and the single-machine reference the Spark tests compare with: a seeded 3-class problem of 4
 * features (three noisy blobs), written as CSV files, and core's {@code Trainer.fit} on the same values.
 */
final class SparkFixtures {
    static final int FEATURES = 4;
    private static SparkSession local;

    private SparkFixtures() {
    }

    /** The one local[2] session of this test JVM (Spark allows one context per JVM). */
    static synchronized SparkSession local() {
        if (local == null || local.sparkContext().isStopped()) {
            // two cores: Spark's 200 SQL shuffle partitions would be 200 tiny tasks per aggregate
            local = SparkSessions.open("local[2]", "nabla-spark-tests", java.util.Map.of("spark.sql.shuffle.partitions", "2"));
        }
        return local;
    }

    /** Stops the local session, if any, for a test that needs another master. */
    static synchronized void stopLocal() {
        if (local != null) {
            local.stop();
            local = null;
        }
        SparkSession.getActiveSession().foreach(s -> { s.stop(); return null; });
    }

    static String spec(String optimizer, int epochs, int batch, boolean shuffle) {
        return """
            {"seed": 7, "data": {"source": "synthetic", "name": "sine", "samples": 10},
             "model": {"type": "Sequential", "layers": [
                {"type": "Dense", "units": 16, "activation": "tanh"}, {"type": "Dense", "units": 3}]},
             "loss": {"name": "cross_entropy"},
             "optimizer": %s,
             "schedule": {"name": "cosine", "min_lr": 0.001},
             "penalties": [{"kind": "l2", "lambda": 0.001}],
             "training": {"epochs": %d, "batch_size": %d, "shuffle": %b}}
            """.formatted(optimizer, epochs, batch, shuffle);
    }

    /** Rows of x (n × FEATURES) and class labels, seeded. */
    record Data(double[] x, int[] y, int n) {
        Tensor features(DType dtype) {
            return Tensor.of(dtype, x, n, FEATURES);
        }

        Tensor labels() {
            return Tensor.of(y, n);
        }

        /** Writes the data as {@code files} CSV files with a header (label last), in order. */
        Path writeCsv(Path dir, int files) throws IOException {
            Files.createDirectories(dir);
            int per = (n + files - 1) / files;
            for (int f = 0; f < files; f++) {
                List<String> lines = new ArrayList<>();
                lines.add("a,b,c,d,label");
                for (int i = f * per; i < Math.min(n, (f + 1) * per); i++) {
                    StringBuilder sb = new StringBuilder();
                    for (int j = 0; j < FEATURES; j++) {
                        sb.append(x[i * FEATURES + j]).append(',');
                    }
                    lines.add(sb.append(y[i]).toString());
                }
                Files.write(dir.resolve(String.format("part-%d.csv", f)), lines);
            }
            return dir;
        }
    }

    /** The data frame's rows in Spark's read order (the order the sample indices follow), as Data. */
    static Data collected(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> df) {
        List<org.apache.spark.sql.Row> rows = df.collectAsList();
        double[] x = new double[rows.size() * FEATURES];
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < FEATURES; j++) {
                x[i * FEATURES + j] = ((Number) rows.get(i).get(j)).doubleValue();
            }
            y[i] = ((Number) rows.get(i).get(FEATURES)).intValue();
        }
        return new Data(x, y, rows.size());
    }

    static Data blobs(int n, long seed) {
        Generator g = new Generator(seed);
        double[] x = new double[n * FEATURES];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = g.nextInt(3);
            for (int j = 0; j < FEATURES; j++) {
                x[i * FEATURES + j] = (j % 3 == y[i] ? 2.0 : 0.0) + 10 * j + g.nextGaussian();
            }
        }
        return new Data(x, y, n);
    }

    /** The spec trained on one machine by core's Trainer, on (already transformed) x: the parameters, flat. */
    static double[] singleMachine(String specText, Tensor x, Tensor y, DType dtype) {
        ExperimentSpec spec = ExperimentSpec.parse(specText, Path.of("."), "reference");
        Layer model = Replica.build(spec, FEATURES, dtype);
        Optimizer opt = spec.optimizer().create(model.parameters());
        int batch = spec.training().batchSize();
        int steps = (x.dim(0) + batch - 1) / batch * spec.training().epochs();
        opt.setSchedule(spec.schedule().forRun(steps));
        Penalty[] penalties = spec.penalties().stream().map(PenaltySpec::create).toArray(Penalty[]::new);
        new Trainer(model, spec.loss(), opt).fit(x, y, spec.training().fitOptions(spec.seed()).penalties(penalties));
        return flat(model);
    }

    static double[] flat(Layer model) {
        List<Double> out = new ArrayList<>();
        model.parameters().forEach(p -> {
            for (double v : p.value().to(DType.FLOAT64).f64()) {
                out.add(v);
            }
        });
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Asserts ||a - b|| / ||b|| <= tol (and that something was compared). */
    static double assertClose(double[] expected, double[] actual, double tol) {
        assertTrue(expected.length == actual.length && expected.length > 0, "parameter counts differ");
        double num = 0, den = 0;
        for (int i = 0; i < expected.length; i++) {
            num += (expected[i] - actual[i]) * (expected[i] - actual[i]);
            den += expected[i] * expected[i];
        }
        double rel = Math.sqrt(num / den);
        assertTrue(rel <= tol, "relative difference " + rel + " > " + tol);
        return rel;
    }
}
