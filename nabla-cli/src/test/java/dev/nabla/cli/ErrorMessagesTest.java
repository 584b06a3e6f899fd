package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.SafeTensors;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a command line user can get a command wrong, run through the command: each answer must be in
 * the user's terms (the spec's keys, the command's options, the files' names), never in Java's: no class
 * or package names, no exception types, no API calls or camelCase method and field names, no API prefixes.
 */
class ErrorMessagesTest {
    /** Java's vocabulary, which a command line user cannot act on. */
    private static final List<Pattern> JAVA_TERMS = List.of(Pattern.compile("dev\\.nabla\\."), Pattern.compile("java\\.\\w"),
            Pattern.compile("Exception"), Pattern.compile("DType\\."), Pattern.compile("\\bfit:"), Pattern.compile("trainTest:"),
            Pattern.compile("holdOutLast:"), Pattern.compile("JsonReader|Strictness|gson"), Pattern.compile("SafeTensors\\."),
            Pattern.compile("\\b[a-z]{2,}[A-Z][a-z]\\w*"), Pattern.compile("\\bPT-?\\d"), Pattern.compile("\\b(NUMERIC|CATEGORICAL)\\b"),
            Pattern.compile("\\w\\(\\)"));

    @TempDir
    static Path dir;
    static Path model;
    static String xor;

    @BeforeAll
    static void setUp() throws Exception {
        model = CsvModel.train(dir);
        xor = Path.of("..", "examples", "xor.json").toString();
    }

    private record Case(String what, int exit, String expected, String... args) {}

    private static Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    /** A spec over {@code csv} (the file's text) with extra data keys and the given loss and last layer. */
    private static String csvSpec(String name, String csv, String dataKeys, String loss, int outputs) throws Exception {
        file(name + ".csv", csv);
        return file(name + ".json", """
                {"data": {"source": "csv", "path": "%s.csv"%s},
                 "model": {"type": "Sequential", "layers": [{"type": "Dense", "units": %d}]},
                 "loss": {"name": "%s"}, "optimizer": {"name": "sgd", "lr": 0.1}, "training": {"epochs": 1, "batch_size": 2}}
                """.formatted(name, dataKeys, outputs, loss)).toString();
    }

    /**
     * A spec over 2x2 "images" as CSV rows of 4 pixels ({@code input}: the model's declared input, or
     * null) with the given layers before a Flatten and a Dense of 2.
     */
    private static String imageSpec(String name, String input, String layers) throws Exception {
        file(name + ".csv", "p0,p1,p2,p3,y\n0,0,0,1,0\n0,1,1,0,1\n1,0,0,1,1\n1,1,1,1,0\n");
        return file(name + ".json", """
                {"data": {"source": "csv", "path": "%s.csv"},
                 "model": {"type": "Sequential", %s"layers": [%s]},
                 "loss": {"name": "cross_entropy"}, "optimizer": {"name": "sgd", "lr": 0.1}, "training": {"epochs": 1, "batch_size": 2}}
                """.formatted(name, input == null ? "" : "\"input\": " + input + ", ", layers)).toString();
    }

    private static List<Case> cases() throws Exception {
        String out = dir.resolve("out").toString();
        String csv = "a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n";
        Path weights = dir.resolve("weights.safetensors");
        SafeTensors.write(weights, Sequential.of(new Dense(2)).build(0, 2).stateDict(), Map.of());
        Path input = file("in.csv", "a;b\n0;1\n");
        Path folder = Files.createDirectories(dir.resolve("folder"));
        List<Case> c = new ArrayList<>();
        String sparkSpec = csvSpec("sparkcsv", csv, ", \"label\": \"y\"", "cross_entropy", 2);
        c.add(new Case("--spark with a local run's option", 2, "--epochs does not apply with --spark", "train", sparkSpec,
                "--spark", "local[2]", "--epochs", "3", "--out", out));
        c.add(new Case("--spark on a spec without a CSV source", 1, "give --spark-data", "train", xor, "--spark", "local[2]",
                "--out", out));
        c.add(new Case("--spark without a label column", 1, "--label COLUMN", "train",
                csvSpec("sparknolabel", csv, "", "cross_entropy", 2), "--spark", "local[2]", "--out", out));
        c.add(new Case("--spark with an unreachable master", 1, "cannot reach the Spark master spark://127.0.0.1:1", "train",
                sparkSpec, "--spark", "spark://127.0.0.1:1", "--out", out));
        c.add(new Case("a spec that is not JSON", 1, "notjson.json: $: invalid JSON",
                "train", file("notjson.json", "name: xor\n").toString(), "--out", out));
        c.add(new Case("a spec with a missing comma", 1, "comma.json: $", "train",
                file("comma.json", "{\"name\": \"x\" \"seed\": 1}").toString(), "--out", out));
        c.add(new Case("an unknown key", 1, "unknown.json: $.nme: unknown key",
                "train", file("unknown.json", "{\"nme\": \"x\"}").toString(), "--out", out));
        c.add(new Case("a missing spec", 1, "no-such.json: no such file", "train", dir.resolve("no-such.json").toString()));
        c.add(new Case("a directory as the spec", 1, "folder: is a directory", "train", folder.toString()));
        c.add(new Case("negative epochs", 2, "--epochs", "train", xor, "--epochs", "-1", "--out", out));
        c.add(new Case("epochs not a number", 2, "--epochs", "train", xor, "--epochs", "abc"));
        c.add(new Case("keep 0", 2, "--keep", "train", xor, "--keep", "0", "--out", out));
        c.add(new Case("negative checkpoint interval", 2, "--checkpoint-every", "train", xor, "--checkpoint-every", "-1", "--out", out));
        c.add(new Case("negative minutes", 2, "--checkpoint-minutes", "train", xor, "--checkpoint-minutes", "-3", "--out", out));
        c.add(new Case("a rollback factor over 1", 2, "--rollback", "train", xor, "--rollback", "2", "--out", out));
        c.add(new Case("init weights that are not safetensors", 1, "--init", "train", xor, "--init",
                dir.resolve("csvxor.json").toString(), "--out", out, "-q"));
        c.add(new Case("missing init weights", 1, "missing.safetensors: no such file", "train", xor, "--init",
                dir.resolve("missing.safetensors").toString(), "--out", out, "-q"));
        c.add(new Case("a text feature", 1, "'x' is not a number", "train",
                csvSpec("textfeature", "a,b,y\n0,x,0\n1,1,1\n", "", "cross_entropy", 2), "--out", out, "-q"));
        c.add(new Case("a feature listed twice", 1, "listed twice", "train",
                csvSpec("twice", csv, ", \"features\": [\"a\", \"a\"]", "cross_entropy", 2), "--out", out, "-q"));
        c.add(new Case("whole-number targets for mse", 1, "\"label_kind\": \"numeric\"", "train",
                csvSpec("integers", csv, "", "mse", 1), "--out", out, "-q"));
        c.add(new Case("a test split that leaves nothing to train on", 1, "$.data.test_split", "train",
                csvSpec("split", csv, ", \"test_split\": 0.9", "cross_entropy", 2), "--out", out, "-q"));
        c.add(new Case("a text label with label_kind numeric", 1, "not a number", "train",
                csvSpec("kind", "a,b,y\n0,0,no\n1,1,yes\n", ", \"label_kind\": \"numeric\"", "mse", 1), "--out", out, "-q"));
        String gone = csvSpec("gone", csv, "", "cross_entropy", 2);
        Files.delete(dir.resolve("gone.csv"));
        c.add(new Case("a missing data file", 1, "gone.csv: no such file", "train", gone, "--out", out, "-q"));
        c.add(new Case("a spec as the model", 1, "not a model file", "predict", dir.resolve("csvxor.json").toString(), input.toString()));
        c.add(new Case("plain weights as the model", 1, "not a model file", "predict", weights.toString(), input.toString()));
        c.add(new Case("a missing model", 1, "nope.safetensors: no such file", "predict", dir.resolve("nope.safetensors").toString(),
                input.toString()));
        c.add(new Case("a checkpoint to info", 1, "not a model file", "info", weights.toString()));
        c.add(new Case("a directory as the model", 1, "folder: is a directory", "eval", folder.toString()));
        c.add(new Case("a missing input", 1, "nope.csv: no such file", "predict", model.toString(), dir.resolve("nope.csv").toString()));
        c.add(new Case("a directory as the input", 1, "folder: is a directory", "predict", model.toString(), folder.toString()));
        c.add(new Case("too many columns", 1, "the file has 3 columns", "predict", model.toString(),
                file("three.csv", "0;0;1\n").toString()));
        c.add(new Case("a long delimiter", 2, "--delimiter", "predict", model.toString(), input.toString(), "--delimiter", ";;"));
        c.add(new Case("an unknown label column", 1, "label column 'nope'", "eval", model.toString(),
                file("labelled.csv", "a;b;label\n0;1;yes\n").toString(), "--label", "nope"));
        c.add(new Case("a label the model does not know", 1, "'maybe' is not a class of the model", "eval", model.toString(),
                file("maybe.csv", "a;b;label\n0;1;maybe\n").toString()));
        c.add(new Case("a data file of the wrong kind", 1, ".csv or .npz", "eval", model.toString(), input.resolveSibling("x.txt").toString()));
        imageCases(c, out);
        c.add(new Case("a device that is not one", 2, "--device cuda:x: expected cpu, cuda or cuda:N", "train", xor, "--device", "cuda:x"));
        c.add(new Case("an unknown device type", 2, "--device tpu: no such device type", "bench", "--device", "tpu"));
        String dense = "{\"type\": \"Flatten\"}, {\"type\": \"Dense\", \"units\": 2}";
        c.add(new Case("a convolution over rows with no image input declared", 1,
                "Conv2D: expected input [*, channels, height, width], got per-sample shape [4]; rows of 4 values are viewed as "
                + "images or signals when the model declares its \"input\" shape, e.g. [1, 2, 2]", "train",
                imageSpec("rows", null, "{\"type\": \"Conv2D\", \"out_channels\": 2, \"kernel_size\": 1}, " + dense),
                "--out", out, "-q"));
        c.add(new Case("a kernel larger than the padded input", 1,
                "Conv2D: the kernel 3x3 is larger than the padded input 2x2 (per-sample input [1, 2, 2])", "train",
                imageSpec("bigkernel", "[1, 2, 2]", "{\"type\": \"Conv2D\", \"out_channels\": 2, \"kernel_size\": 3}, " + dense),
                "--out", out, "-q"));
        c.add(new Case("a pooling window larger than the input", 1, "MaxPool2D: the window 3x3 is larger than", "train",
                imageSpec("bigpool", "[1, 2, 2]", "{\"type\": \"MaxPool2D\", \"kernel_size\": 3}, " + dense), "--out", out, "-q"));
        c.add(new Case("a stride of 0", 1, "$.model.layers[0].stride: must be 2 integers >= 1, got [0, 0]", "train",
                imageSpec("stride0", "[1, 2, 2]", "{\"type\": \"Conv2D\", \"out_channels\": 2, \"kernel_size\": 1, "
                        + "\"stride\": 0}, " + dense), "--out", out, "-q"));
        c.add(new Case("a dilation of 0", 1, "$.model.layers[0].dilation: must be 2 integers >= 1, got [1, 0]", "train",
                imageSpec("dilation0", "[1, 2, 2]", "{\"type\": \"Conv2D\", \"out_channels\": 2, \"kernel_size\": 1, "
                        + "\"dilation\": [1, 0]}, " + dense), "--out", out, "-q"));
        c.add(new Case("an image input of the wrong size", 1,
                "$.model.input: is [1, 28, 28] (784 values) but the data's samples are [4] (4 values)", "train",
                imageSpec("wrongsize", "[1, 28, 28]", "{\"type\": \"Conv2D\", \"out_channels\": 2, \"kernel_size\": 1}, "
                        + dense), "--out", out, "-q"));
        c.add(new Case("a dense layer after a convolution without a flatten", 1,
                "Dense: expected input [*, features], got per-sample shape [2, 2, 2] (add a Flatten before it)", "train",
                imageSpec("noflatten", "[1, 2, 2]", "{\"type\": \"Conv2D\", \"out_channels\": 2, \"kernel_size\": 1}, "
                        + "{\"type\": \"Dense\", \"units\": 2}"), "--out", out, "-q"));
        c.add(new Case("a reshape into the wrong size", 1, "Reshape: cannot reshape per-sample input [2, 2, 2] (8 values) to [4]",
                "train", imageSpec("reshape", "[1, 2, 2]", "{\"type\": \"Conv2D\", \"out_channels\": 2, \"kernel_size\": 1}, "
                        + "{\"type\": \"Reshape\", \"shape\": [4]}, {\"type\": \"Dense\", \"units\": 2}"), "--out", out, "-q"));
        onnxCases(c);
        return c;
    }

    /** ONNX in and out: a file that is not ONNX, a hostile one, a missing output option, weights of another layout. */
    private static void onnxCases(List<Case> c) throws Exception {
        String corpus = Path.of("..", "nabla-onnx", "src", "test", "resources", "dev", "nabla", "onnx", "OnnxReaderFuzzTestInputs", "onnx").toString();
        c.add(new Case("importing a spec as ONNX", 1, "xor.json: not an ONNX model, or a damaged or truncated one", "import",
                xor, "-o", dir.resolve("never.safetensors").toString()));
        c.add(new Case("importing a graph with a cycle", 1, "the graph has a cycle: nodes [first (Relu), second (Relu)]", "import",
                Path.of(corpus, "review-cycle.onnx").toString(), "-o", dir.resolve("never.safetensors").toString()));
        c.add(new Case("importing a tensor shorter than its dims", 1, "tensor 'w' declares dims [3, 4] (12 elements, 48 bytes) "
                + "but holds 10 bytes", "import", Path.of(corpus, "review-tensor-shorter-than-declared.onnx").toString(), "-o",
                dir.resolve("never.safetensors").toString()));
        c.add(new Case("export without an output", 2, "Give --onnx OUT or --torch-weights OUT", "export", model.toString()));
        c.add(new Case("PyTorch weights of another layout", 1, "PyTorch weights: the file has 3 modules with weights [0, 2, 4], "
                + "the model 2 layers with weights", "import-weights",
                Path.of("..", "nabla-onnx", "src", "test", "resources", "onnx", "sequential_state.safetensors").toString(),
                "--model", model.toString(), "-o", dir.resolve("never.safetensors").toString()));
    }

    /** Image folders: bad files and folders named, augmentation of data that is not images, the shapes command. */
    private static void imageCases(List<Case> c, String out) throws Exception {
        Path shapes = dir.resolve("shapes");
        dev.nabla.data.ShapeImages.write(shapes, 1, 8, 0);
        String spec = file("images.json", """
                {"data": {"source": "image_folder", "path": "shapes", "channels": 1},
                 "model": {"type": "Sequential", "layers": [{"type": "Flatten"}, {"type": "Dense", "units": 3}]},
                 "loss": {"name": "cross_entropy"}, "optimizer": {"name": "sgd", "lr": 0.1}, "training": {"epochs": 1}}
                """).toString();
        Files.writeString(shapes.resolve("circle/notes.txt"), "x");
        c.add(new Case("a file in a class folder that is not an image", 1, "notes.txt: is not an image", "train", spec,
                "--out", out, "-q"));
        Path empty = Files.createDirectories(dir.resolve("empty/a"));
        c.add(new Case("an empty class folder", 1, "a: is an empty class folder", "train", file("empty.json",
                Files.readString(Path.of(spec)).replace("\"shapes\"", "\"empty\"")).toString(), "--out", out, "-q"));
        c.add(new Case("an image folder that is a file", 1, "is a file; expected a folder", "train", file("notfolder.json",
                Files.readString(Path.of(spec)).replace("\"shapes\"", "\"images.json\"")).toString(), "--out", out, "-q"));
        c.add(new Case("augmenting rows of numbers", 1, "$.data.augment", "train", csvSpec("augment", "a,b,y\n0,0,0\n1,1,1\n",
                ", \"augment\": [{\"kind\": \"hflip\"}]", "cross_entropy", 2), "--out", out, "-q"));
        c.add(new Case("images for a model of rows", 1, "not images", "eval", model.toString(), empty.getParent().toString()));
        c.add(new Case("shapes into a folder of files", 2, "is not empty", "shapes", dir.toString()));
        c.add(new Case("shapes of no images", 2, "--per-class", "shapes", dir.resolve("none").toString(), "--per-class", "0"));
    }

    /**
     * Without a GPU (the build machines), {@code --device cuda} fails in one line saying what was looked
     * for and where; on a machine where CUDA works this test has nothing to check and is skipped.
     */
    @Test
    void aMissingGpuIsSaidInOneLineWithWhereItWasLookedFor() {
        Cli.Run r = Cli.nabla("bench", "--device", "cuda", "--synthetic", "64", "--epochs", "1", "--threads", "1");
        org.junit.jupiter.api.Assumptions.assumeTrue(r.code() != 0, "CUDA is usable here: nothing to refuse");
        String err = r.err().strip();
        assertEquals(1, r.code(), err);
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("nabla bench: --device cuda: "), err);
        assertTrue(err.contains("looked in") || err.contains("no CUDA device") || err.contains("driver"), err);
        for (Pattern p : JAVA_TERMS) {
            assertTrue(!p.matcher(err).find(), "Java's terms (" + p + ") in " + err);
        }
    }

    @Test
    void everyErrorIsSaidInTheUsersTerms() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Case c : cases()) {
            Cli.Run r = Cli.nabla(c.args());
            String err = r.err();
            if (r.code() != c.exit()) {
                problems.add(c.what() + ": exit " + r.code() + ", expected " + c.exit() + "\n" + err);
            }
            if (!err.contains(c.expected())) {
                problems.add(c.what() + ": expected '" + c.expected() + "' in\n" + err);
            }
            for (Pattern p : JAVA_TERMS) {
                if (p.matcher(err).find()) {
                    problems.add(c.what() + ": Java's terms (" + p + ") in\n" + err);
                }
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n\n" + String.join("\n\n", problems));
    }
}
