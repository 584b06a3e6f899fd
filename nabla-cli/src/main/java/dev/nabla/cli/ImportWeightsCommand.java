package dev.nabla.cli;

import dev.nabla.io.ModelFile;
import dev.nabla.io.SafeTensors;
import dev.nabla.nn.Layer;
import dev.nabla.onnx.TorchWeights;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nabla import-weights WEIGHTS --model MODEL -o OUT}: a PyTorch state dict (safetensors) into a Nabla model
 * of the same layout, by name or by module order (see the README's mapping table).
 */
@Command(name = "import-weights", mixinStandardHelpOptions = true,
        description = "Load a PyTorch state dict (safetensors) into a Nabla model of the same layout and write the model file.")
public final class ImportWeightsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "WEIGHTS", description = "PyTorch weights as safetensors (0.weight, 0.bias, ...).")
    private Path weights;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "A Nabla model file with the matching architecture (nabla train writes one; its weights are replaced).")
    private Path model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "The model file to write (.safetensors).")
    private Path output;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        InputFiles.requireWeightsFile(weights);
        InputFiles.requireModelFile(model);
        if (Files.exists(output)) {
            throw new IllegalArgumentException("-o " + output + " exists; model files are never replaced: write to another file");
        }
        Layer layer = ModelFile.load(model);
        Map<String, String> mapping = TorchWeights.load(layer, SafeTensors.read(weights).tensors());
        Map<String, String> extra = new LinkedHashMap<>();
        ModelFile.readMetadata(model).forEach((k, v) -> {
            if (k.startsWith("nabla.")) {
                extra.put(k, v);
            }
        });
        ModelFile.save(output, layer, extra);
        PrintWriter out = spec.commandLine().getOut();
        mapping.forEach((n, t) -> out.printf("  %-32s <- %s%n", n, t));
        out.println("wrote " + output + " (" + mapping.size() + " tensors from " + weights + ")");
        return 0;
    }
}
