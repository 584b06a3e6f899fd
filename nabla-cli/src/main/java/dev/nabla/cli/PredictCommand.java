package dev.nabla.cli;

import dev.nabla.data.ImageFolder;
import dev.nabla.spec.TrainedModel;
import dev.nabla.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nabla predict MODEL INPUT}: features in (CSV, one sample per row; or an image file, or a folder of
 * images, read as the model's training read its images: {@link ImageInput}), predictions out (CSV: class and
 * scores, or outputs; for a distribution head mean, std and the central interval at {@code --level}; for
 * images, the file first). The file is read as the training data was ({@link CsvInput}: its delimiter, its
 * feature names, a header detected), and the saved transforms are applied first, exactly as in training.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict with a saved model: CSV of features (or images) in, CSV of predictions out.")
public final class PredictCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by nabla train.")
    private Path modelFile;

    @Parameters(index = "1", paramLabel = "INPUT", description = "A CSV of features, one sample per row; with a header, "
            + "columns are found by the model's feature names (others are ignored). Or an image file, or a folder of "
            + "images (read at any depth, sorted by path; each row of the output starts with the file).")
    private Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of standard output.")
    private Path output;

    @Option(names = "--force", description = "Replace an existing output file (never the model or the input).")
    private boolean force;

    @Option(names = "--header", negatable = true, description = "Whether the first line names the columns "
            + "(default: detected; a first row of numbers is data, and that is said on stderr).")
    private Boolean header;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "The field separator (default: the training "
            + "CSV's, else a comma; \\t or tab for a tab).")
    private String delimiter;

    @Option(names = "--level", paramLabel = "P", defaultValue = "0.9", description = "For a model with a GaussianHead or "
            + "MixtureDensityHead: the central interval's probability, in (0, 1) (default: ${DEFAULT-VALUE}).")
    private double level;

    @Option(names = "--tta", paramLabel = "VIEWS", description = "Test-time augmentation: average each image's class "
            + "probabilities over it and these views (hflip), or none (default: the model's spec's \"tta\").")
    private String tta;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Character d = OptionChecks.delimiter(spec.commandLine(), delimiter);
        if (!(level > 0 && level < 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--level must be in (0, 1), e.g. 0.9 for the"
                    + " central 90% interval, got " + level);
        }
        Map<Path, String> reading = new LinkedHashMap<>();
        reading.put(modelFile, "the model file");
        reading.put(input, "the input file");
        OutputFiles.check("-o", output, force, reading);
        TrainedModel model = InputFiles.model(modelFile);
        dev.nabla.train.TestTimeAugmentation testTime = OptionChecks.tta(spec.commandLine(), tta, model);
        Tensor features;
        List<String> files = null; // images: each row says which file it is
        // a folder is images for a model that takes images; for one that takes rows it is refused as a folder
        if (ImageInput.isImages(input) && (ImageInput.takesImages(model) || !Files.isDirectory(input))) {
            List<Path> images = ImageFolder.imageFiles(input);
            features = ImageFolder.readImages(images, ImageInput.options(model, input, this::note));
            Path base = Files.isDirectory(input) ? input : input.toAbsolutePath().getParent();
            files = images.stream().map(p -> Files.isDirectory(input) ? base.relativize(p).toString() : p.toString()).toList();
        } else {
            features = CsvInput.features(model, input, new CsvInput.Settings(d, header), this::note);
        }
        Tensor outputs = model.predict(features, testTime);
        List<String> rows = files;
        if (output == null) {
            PredictionsCsv.write(spec.commandLine().getOut(), model, outputs, level, rows);
        } else {
            OutputFiles.writeText(output, w -> PredictionsCsv.write(w, model, outputs, level, rows));
        }
        return 0;
    }

    private void note(String text) {
        spec.commandLine().getErr().println("nabla predict: " + text);
        spec.commandLine().getErr().flush();
    }
}
