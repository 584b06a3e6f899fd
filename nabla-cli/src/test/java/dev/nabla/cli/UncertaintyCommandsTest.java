package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nabla train, predict and eval on models that end in a distribution head: the interval and component
 * columns, the NLL, coverage and calibration metrics, the comparison with a point model, and the plot.
 */
class UncertaintyCommandsTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path dir;

    @Test
    void mixtureModelsPredictComponentsAndEvalAgainstAPointModel() throws Exception {
        Path mdn = train("mdn-inverse", "10"), mse = train("mdn-inverse-mse", "3");
        assertTrue(Files.size(dir.resolve("mdn-inverse/uncertainty.png")) > 0, "train draws the mixture's modes");
        Cli.Run predict = Cli.nabla("predict", mdn.toString(), EXAMPLES.resolve("data/mdn-inverse.csv").toString(), "--level", "0.95");
        assertEquals(0, predict.code(), predict.err());
        List<String> lines = predict.out().lines().toList();
        assertEquals("mean_0,std_0,lower_95_0,upper_95_0,mode_0,mode_weight,weight_0,mean_0_0,std_0_0,weight_1,mean_1_0,"
                + "std_1_0,weight_2,mean_2_0,std_2_0", lines.getFirst());
        assertEquals(2001, lines.size());
        double[] row = java.util.Arrays.stream(lines.get(1).split(",")).mapToDouble(Double::parseDouble).toArray();
        assertTrue(row[2] < row[0] && row[0] < row[3], "the interval holds the mean: " + lines.get(1));
        assertEquals(1.0, row[6] + row[9] + row[12], 1e-5, "the weights sum to 1");

        Path png = dir.resolve("compare.png");
        Cli.Run eval = Cli.nabla("eval", mdn.toString(), "--baseline", mse.toString(), "--plot", png.toString(), "--json");
        assertEquals(0, eval.code(), eval.err());
        for (String key : new String[] {"\"samples\": 400", "\"nll\"", "\"coverage_90\"", "\"calibration_error\"", "\"mse\"",
            "\"baseline_nll\""}) {
            assertTrue(eval.out().contains(key), key + " in " + eval.out());
        }
        assertTrue(Files.size(png) > 0);
        assertTrue(value(eval.out(), "nll") < value(eval.out(), "baseline_nll"), eval.out());
    }

    @Test
    void aGaussianHeadOverTwoTargetColumns() throws Exception {
        StringBuilder csv = new StringBuilder("a,u,v\n");
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 200; i++) {
            double a = r.nextDouble();
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f%n", a, 2 * a + 0.1 * r.nextGaussian(), -a + 0.3 * a * r.nextGaussian()));
        }
        Files.writeString(dir.resolve("two.csv"), csv);
        Files.writeString(dir.resolve("two.json"), """
                {"name": "two", "seed": 0, "data": {"source": "csv", "path": "two.csv", "label": ["u", "v"], "test_split": 0.25},
                 "model": {"type": "Sequential", "layers": [{"type": "Dense", "units": 8, "activation": "tanh"},
                   {"type": "GaussianHead", "outputs": 2}]},
                 "loss": {"name": "gaussian_nll", "full": true}, "optimizer": {"name": "adam", "lr": 0.01},
                 "training": {"epochs": 5, "batch_size": 16}}
                """);
        Cli.Run train = Cli.nabla("train", dir.resolve("two.json").toString(), "--out", dir.resolve("two").toString(), "--quiet",
                "--no-plots");
        assertEquals(0, train.code(), train.err());
        Path model = dir.resolve("two/model.safetensors");
        Cli.Run eval = Cli.nabla("eval", model.toString(), dir.resolve("two.csv").toString());
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("samples: 200") && eval.out().contains("coverage_90: "), eval.out());
        Cli.Run predict = Cli.nabla("predict", model.toString(), dir.resolve("two.csv").toString());
        assertEquals("mean_0,mean_1,std_0,std_1,lower_90_0,lower_90_1,upper_90_0,upper_90_1", predict.out().lines().findFirst().orElseThrow());

        Cli.Run plot = Cli.nabla("eval", model.toString(), "--plot", dir.resolve("p.png").toString());
        assertEquals(Main.EXIT_FAILURE, plot.code());
        assertTrue(plot.err().contains("--plot draws a model with a GaussianHead or MixtureDensityHead over one output")
                && plot.err().contains("2 outputs"), plot.err());
        Cli.Run level = Cli.nabla("predict", model.toString(), dir.resolve("two.csv").toString(), "--level", "1");
        assertTrue(level.err().contains("--level must be in (0, 1)") && level.err().contains("got 1.0"), level.err());
    }

    @Test
    void badHeadsAndLossesAreOneLineNamingTheHeadOrLossAndTheValues() throws Exception {
        String spec = Files.readString(EXAMPLES.resolve("mdn-inverse.json"));
        String[][] cases = {
            {"\"components\": 3, \"outputs\": 1", "\"components\": 0, \"outputs\": 1",
                "$.model.layers[2].components: must be an integer >= 1, got 0"},
            {"{\"name\": \"mixture_nll\", \"components\": 3}", "{\"name\": \"mixture_nll\", \"components\": 0}",
                "$.loss.components: must be an integer >= 1, got 0"},
            {"{\"name\": \"mixture_nll\", \"components\": 3}", "{\"name\": \"mixture_nll\", \"components\": 5}",
                "$.loss: mixture_nll with components 5 and covariance diagonal does not fit the model's MixtureDensityHead"
                    + " (components 3, outputs 1, covariance diagonal): set the loss's \"components\": 3"},
            {"{\"type\": \"MixtureDensityHead\", \"components\": 3, \"outputs\": 1}",
                "{\"type\": \"GaussianHead\", \"min_variance\": 0}",
                "$.model.layers[2].min_variance: must be > 0 and finite (the floor that keeps the variance positive), got 0"},
            {"\"path\": \"data/mdn-inverse.csv\"", "\"path\": \"" + writeNonFinite().toString().replace("\\", "/") + "\"",
                "row 3, column 'x' (index 1): 'inf' marks a missing or non-finite value"},
        };
        for (String[] c : cases) {
            assertTrue(spec.contains(c[0]), c[0]);
            Path file = dir.resolve("bad.json");
            Files.writeString(file, spec.replace(c[0], c[1]).replace("\"data/", "\"" + EXAMPLES.toAbsolutePath() + "/data/"));
            Cli.Run r = Cli.nabla("train", file.toString(), "--out", dir.resolve("bad").toString(), "--quiet", "--no-plots");
            assertEquals(Main.EXIT_FAILURE, r.code(), c[1] + ": " + r.err());
            assertTrue(r.err().contains(c[2]), c[1] + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    private Path writeNonFinite() throws java.io.IOException {
        return Files.writeString(dir.resolve("inf.csv"), "y,x\n0.1,0.1\n0.2,inf\n0.3,0.3\n0.4,0.4\n0.5,0.5\n");
    }

    private Path train(String example, String epochs) {
        Cli.Run r = Cli.nabla("train", EXAMPLES.resolve(example + ".json").toString(), "--out", dir.resolve(example).toString(),
                "--epochs", epochs, "--quiet");
        assertEquals(0, r.code(), r.err());
        return dir.resolve(example).resolve("model.safetensors");
    }

    private static double value(String json, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\": ([-0-9.eE]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }
}
