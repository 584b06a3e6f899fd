package dev.nabla.cli;

import dev.nabla.io.ModelFile;
import dev.nabla.nn.Graph;
import dev.nabla.onnx.OnnxImport;
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

/** {@code nabla import MODEL.onnx -o OUT.safetensors}: an ONNX model as a Nabla model file (a Graph that trains further). */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Read an ONNX model (PyTorch's exporter or nabla export) into a Nabla model file.")
public final class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ONNX", description = "The ONNX model file (.onnx).")
    private Path onnx;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "The model file to write (.safetensors).")
    private Path output;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        InputFiles.requireFile(onnx, "an ONNX model (.onnx)");
        if (Files.exists(output)) {
            throw new IllegalArgumentException("-o " + output + " exists; model files are never replaced: write to another file");
        }
        OnnxImport.Imported imported = OnnxImport.readWithMetadata(onnx);
        Graph g = imported.model();
        Map<String, String> extra = new LinkedHashMap<>();
        imported.metadata().forEach((k, v) -> {
            if (k.startsWith("nabla.")) {
                extra.put(k, v); // what nabla export put beside the graph: fitted transforms, class names
            }
        });
        ModelFile.save(output, g, extra);
        PrintWriter out = spec.commandLine().getOut();
        out.println(g.summary());
        out.println("wrote " + output + " (inputs " + g.inputNames() + ", outputs " + g.outputNames() + ")");
        return 0;
    }
}
