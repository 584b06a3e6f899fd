package dev.nabla.cli;

import dev.nabla.io.ModelFile;
import dev.nabla.nn.Graph;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.Sequential;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nabla info MODEL}: the architecture, the parameters with their shapes and counts, the metadata. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show a model file's architecture, parameter count and metadata, or (--backend) the compute backend.")
public final class InfoCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "A model file written by nabla train (.safetensors).")
    private Path model;

    @Option(names = "--backend", description = "Show the compute backend: SIMD or scalar kernels, threads, and whether OpenBLAS is found and in use.")
    private boolean backend;

    @Option(names = "--json", description = "Print the metadata as JSON instead of a report.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (backend) {
            out.println("kernels: " + (dev.nabla.kernel.KernelMode.vector() ? "Vector API SIMD" : "scalar (-Dnabla.kernel=scalar)"));
            out.println("threads: " + dev.nabla.kernel.Parallel.threads() + " (-Dnabla.threads=N to change)");
            out.println(dev.nabla.kernel.NativeBlas.describe());
            out.flush();
            if (model == null) {
                return 0;
            }
        }
        if (model == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing MODEL (or use --backend)");
        }
        InputFiles.requireModelFile(model);
        Map<String, String> meta = ModelFile.readMetadata(model);
        if (json) {
            out.println(Json.write(meta));
            return 0;
        }
        Layer layer = ModelFile.load(model);
        out.println("model: " + model);
        out.println(layer instanceof Sequential s ? s.summary() : layer instanceof Graph g ? g.summary() : layer.toString());
        out.println("parameters:");
        for (Map.Entry<String, Parameter> e : layer.namedParameters().entrySet()) {
            out.printf("  %-32s %-14s %,10d%n", e.getKey(), e.getValue().shape(), e.getValue().size());
        }
        out.printf("total: %,d trainable values%n", layer.parameterCount());
        out.println("metadata:");
        meta.forEach((k, v) -> {
            if (!k.equals("architecture") && !k.equals("nabla.spec")) {
                out.printf("  %-16s %s%n", k, v.length() > 200 ? v.substring(0, 200) + "..." : v);
            }
        });
        dev.nabla.train.TestTimeAugmentation tta = dev.nabla.spec.TrainedModel.testTime(meta);
        if (!tta.isNone()) {
            out.println("predictions: class probabilities averaged over each image and its views " + tta.names()
                    + " (the spec's tta; nabla eval and predict --tta none for the network alone)");
        }
        return 0;
    }
}
