package dev.nabla.cli;

import dev.nabla.io.ModelFile;
import dev.nabla.io.SafeTensors;
import dev.nabla.nn.Layer;
import dev.nabla.onnx.OnnxExport;
import dev.nabla.onnx.TorchWeights;
import java.io.PrintWriter;
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
 * {@code nabla export MODEL --onnx OUT.onnx}: the model for ONNX Runtime and other ONNX tools (opset 17, a
 * dynamic batch axis, the fitted transforms beside the graph in its metadata); {@code --torch-weights} writes
 * the state dict under PyTorch's names.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a model file as ONNX (--onnx) or its weights under PyTorch's names (--torch-weights).")
public final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by nabla train (.safetensors).")
    private Path model;

    @Option(names = "--onnx", paramLabel = "OUT", description = "Write the model as an ONNX file (opset 17, dynamic batch axis).")
    private Path onnx;

    @Option(names = "--torch-weights", paramLabel = "OUT",
            description = "Write the weights as a safetensors state dict with PyTorch's names (layers.0.weight becomes 0.weight).")
    private Path torchWeights;

    @Option(names = "--force", description = "Replace an existing ONNX output file.")
    private boolean force;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (onnx == null && torchWeights == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Give --onnx OUT or --torch-weights OUT (or both)");
        }
        InputFiles.requireModelFile(model);
        OutputFiles.check("--onnx", onnx, force, Map.of(model, "the model file"));
        OutputFiles.check("--torch-weights", torchWeights, false, Map.of(model, "the model file"));
        Layer layer = ModelFile.load(model);
        layer.eval();
        PrintWriter out = spec.commandLine().getOut();
        if (onnx != null) {
            Map<String, String> meta = new LinkedHashMap<>();
            ModelFile.readMetadata(model).forEach((k, v) -> {
                if (k.startsWith("nabla.")) {
                    meta.put(k, v);
                }
            });
            dev.nabla.train.TestTimeAugmentation tta = dev.nabla.spec.TrainedModel.testTime(meta);
            OnnxExport.write(layer, onnx, meta);
            out.println("wrote " + onnx + " (ONNX opset " + OnnxExport.OPSET + ", batch axis N"
                    + (meta.containsKey("nabla.transforms") ? "; the fitted transforms are in its metadata as nabla.transforms, "
                    + "not in the graph: apply them to inputs first" : "")
                    + (tta.isNone() ? "" : "; the spec's test-time augmentation " + tta.names() + " is not in the graph: "
                    + "average the softmax of the image's and its views' outputs to predict as nabla does") + ")");
        }
        if (torchWeights != null) {
            SafeTensors.write(torchWeights, TorchWeights.toTorch(layer), Map.of());
            out.println("wrote " + torchWeights + " (" + layer.stateDict().size() + " tensors under PyTorch's names)");
        }
        return 0;
    }
}
