package dev.nabla.cli;

import dev.nabla.cli.plot.ConfusionMatrixPlot;
import dev.nabla.data.Dataset;
import dev.nabla.data.Npz;
import dev.nabla.spec.Experiment;
import dev.nabla.spec.TrainedModel;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nabla eval MODEL [DATA]}: accuracy (classifiers), MSE and MAE (regressors), or for a model with a
 * distribution head its NLL, the coverage of its 90% intervals and its calibration error, of a saved model on
 * labelled data: a CSV, an NPZ, a folder of class folders of images, or by default the test part of the spec
 * it was trained with (rebuilt from
 * the spec and seed saved in the model file).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on labelled data (default: its spec's test split).")
public final class EvalCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by nabla train.")
    private Path modelFile;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DATA", description = "A .csv (with a label column) or .npz (x, y) file, or a folder with one sub-folder of images per class.")
    private Path data;

    @Option(names = "--label", paramLabel = "COLUMN", description = "The CSV's label column, by name or 0-based index (default: the training CSV's label "
            + "column if the header has it, else the one column that is not a feature, else the last).")
    private String label;

    @Option(names = "--predictions", paramLabel = "FILE", description = "Also write the predictions as CSV (the format of nabla predict).")
    private Path predictions;

    @Option(names = "--confusion", paramLabel = "PNG", description = "Also draw the confusion matrix (classifiers).")
    private Path confusion;

    @Option(names = "--plot", paramLabel = "PNG", description = "Also draw the data and the predicted distribution (a model with"
            + " a GaussianHead or MixtureDensityHead over one output, on data with one feature).")
    private Path plot;

    @Option(names = "--baseline", paramLabel = "MODEL", description = "A point model (e.g. trained with mse) to compare with:"
            + " its Gaussian NLL is reported (its MSE on the data as the variance) and --plot draws it.")
    private Path baseline;

    @Option(names = "--json", description = "Print the metrics as JSON.")
    private boolean json;

    @Option(names = "--force", description = "Replace existing --predictions and --confusion files (never the model or the data).")
    private boolean force;

    @Option(names = "--header", negatable = true, description = "Whether the CSV's first line names the columns "
            + "(default: detected; a first row of numbers is data, and that is said on stderr).")
    private Boolean header;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "The CSV's field separator (default: the "
            + "training CSV's, else a comma; \\t or tab for a tab).")
    private String delimiter;

    @Option(names = "--tta", paramLabel = "VIEWS", description = "Test-time augmentation: average each image's class "
            + "probabilities over it and these views (hflip), or none (default: the model's spec's \"tta\").")
    private String tta;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Character d0 = OptionChecks.delimiter(spec.commandLine(), delimiter);
        Map<Path, String> reading = new LinkedHashMap<>();
        reading.put(modelFile, "the model file");
        if (data != null) {
            reading.put(data, "the data file");
        }
        OutputFiles.check("--predictions", predictions, force, reading);
        OutputFiles.check("--confusion", confusion, force, reading);
        if (baseline != null) {
            reading.put(baseline, "the baseline model");
        }
        OutputFiles.check("--plot", plot, force, reading);
        TrainedModel model = InputFiles.model(modelFile);
        dev.nabla.train.TestTimeAugmentation testTime = OptionChecks.tta(spec.commandLine(), tta, model);
        TrainedModel base = baseline == null ? null : InputFiles.model(baseline);
        Dataset d = data == null ? specTestSplit(model) : read(model, new CsvInput.Settings(d0, header));
        Tensor outputs = model.predict(d.features(), testTime);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("samples", d.size());
        if (model.isClassifier()) {
            int[] predicted = model.classesOf(outputs);
            int[] truth = d.targets().toIntArray();
            int correct = 0;
            for (int i = 0; i < truth.length; i++) {
                correct += predicted[i] == truth[i] ? 1 : 0;
            }
            metrics.put("accuracy", correct / (double) truth.length);
            if (confusion != null) {
                int classes = Math.max(model.classNames().size(), Math.max(max(truth), max(predicted)) + 1);
                ConfusionMatrixPlot.write(ConfusionMatrixPlot.count(truth, predicted, classes), model.classNames(), confusion);
            }
        } else if (HeadOutputs.distribution(model, outputs) != null) {
            metrics.putAll(HeadOutputs.metrics(HeadOutputs.distribution(model, outputs), d.targets()));
        } else {
            Tensor t = d.targets().to(DType.FLOAT64).reshape(outputs.shape().dims());
            Tensor diff = outputs.to(DType.FLOAT64).sub(t);
            metrics.put("mse", diff.pow(2).mean().item());
            metrics.put("mae", diff.abs().mean().item());
        }
        if (base != null) {
            metrics.put("baseline_nll", HeadOutputs.pointModelNll(base.predict(d.features()), d.targets()));
        }
        if (plot != null) {
            HeadOutputs.plot(model, d, base, plot);
        }
        if (predictions != null) {
            OutputFiles.writeText(predictions, w -> PredictionsCsv.write(w, model, outputs));
        }
        print(metrics);
        return 0;
    }

    private Dataset specTestSplit(TrainedModel model) throws IOException {
        if (model.spec() == null) {
            throw new IllegalArgumentException(modelFile + " holds no experiment spec: pass the DATA to evaluate on");
        }
        Dataset test = new Experiment(model.spec()).loadData().test();
        if (test == null) {
            throw new IllegalArgumentException("the spec of " + modelFile + " has no test split: pass the DATA to evaluate on");
        }
        return test;
    }

    private Dataset read(TrainedModel model, CsvInput.Settings settings) throws IOException {
        if (java.nio.file.Files.isDirectory(data)) { // a folder of class folders, read as training read its images
            Dataset d = dev.nabla.data.ImageFolder.read(data, ImageInput.options(model, data, this::note));
            return model.classNames().isEmpty() ? d : renumber(d, model.classNames());
        }
        String name = data.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".csv") && !name.endsWith(".npz")) {
            throw new IllegalArgumentException(data + ": expected a .csv or .npz file, or a folder of class folders of images");
        }
        InputFiles.requireFile(data, "a .csv or .npz file");
        if (name.endsWith(".npz")) {
            Map<String, Tensor> arrays = Npz.read(data);
            if (!arrays.containsKey("x") || !arrays.containsKey("y")) {
                throw new IllegalArgumentException(data + ": expected arrays 'x' and 'y', found " + arrays.keySet());
            }
            return Dataset.of(arrays.get("x").to(DType.FLOAT32), arrays.get("y"));
        }
        Dataset d = CsvInput.labelled(model, data, settings, label, this::note);
        return model.isClassifier() && !model.classNames().isEmpty() ? renumber(d, model.classNames()) : d;
    }

    /** A CSV numbers its classes by the labels it holds; the model by the labels it was trained on. */
    private Dataset renumber(Dataset d, List<String> modelClasses) {
        int[] t = d.targets().toIntArray();
        for (int i = 0; i < t.length; i++) {
            String name = d.classNames().get(t[i]);
            int index = modelClasses.indexOf(name);
            if (index < 0) {
                throw new IllegalArgumentException(data + ": label '" + name + "' is not a class of the model; its classes: "
                        + modelClasses);
            }
            t[i] = index;
        }
        return new Dataset(d.features(), Tensor.of(t), d.featureNames(), modelClasses);
    }

    private void note(String text) {
        spec.commandLine().getErr().println("nabla eval: " + text);
        spec.commandLine().getErr().flush();
    }

    private static int max(int[] v) {
        return java.util.Arrays.stream(v).max().orElse(0);
    }

    private void print(Map<String, Object> metrics) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(metrics));
        } else {
            metrics.forEach((k, v) -> out.println(k + ": " + (v instanceof Double d ? String.format(Locale.ROOT, "%.6f", d) : v)));
        }
        out.flush();
    }
}
