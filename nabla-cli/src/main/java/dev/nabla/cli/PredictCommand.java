package dev.nabla.cli;

import dev.nabla.data.CsvReader;
import dev.nabla.spec.TrainedModel;
import dev.nabla.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nabla predict MODEL INPUT}: features in (CSV, one sample per row, no label column), predictions
 * out (CSV: class and scores, or outputs). The saved transforms are applied first, exactly as in training.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict with a saved model: CSV of features in, CSV of predictions out.")
public final class PredictCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by nabla train.")
    private Path modelFile;

    @Parameters(index = "1", paramLabel = "INPUT", description = "A CSV of features, one sample per row.")
    private Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of standard output.")
    private Path output;

    @Option(names = "--no-header", description = "The input's first line is data, not column names.")
    private boolean noHeader;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TrainedModel model = TrainedModel.load(modelFile);
        Tensor features = CsvReader.readFeatures(input, CsvReader.Options.defaults().withHeader(!noHeader));
        Tensor outputs = model.predict(features);
        if (output == null) {
            PredictionsCsv.write(spec.commandLine().getOut(), model, outputs);
        } else {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8))) {
                PredictionsCsv.write(w, model, outputs);
            }
        }
        return 0;
    }
}
