package dev.nabla.onnx;

import static dev.nabla.onnx.OnnxGraphWriter.floatValue;
import static dev.nabla.onnx.OnnxGraphWriter.intValue;
import static dev.nabla.onnx.OnnxGraphWriter.ints;

import dev.nabla.nn.ActivationLayer;
import dev.nabla.nn.AvgPool2D;
import dev.nabla.nn.BatchNorm1d;
import dev.nabla.nn.BatchNorm2d;
import dev.nabla.nn.Conv1D;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.GaussianHead;
import dev.nabla.nn.GlobalAvgPool2D;
import dev.nabla.nn.Graph;
import dev.nabla.nn.GraphNode;
import dev.nabla.nn.Layer;
import dev.nabla.nn.LayerNorm;
import dev.nabla.nn.MaxPool2D;
import dev.nabla.nn.Merge;
import dev.nabla.nn.MixtureDensityHead;
import dev.nabla.nn.Reshape;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each Nabla layer as ONNX nodes, in evaluation (inference) form: BatchNorm with its running statistics,
 * Dropout as Identity. Initializers are named by the parameters' state-dict names ({@code layers.0.weight},
 * {@code nodes.h1.bias}), so the file reads against the model and imports back under the same names.
 */
final class LayerEmitter {
    private final OnnxGraphWriter w;
    private final ActivationEmitter act;

    LayerEmitter(OnnxGraphWriter w) {
        this.w = w;
        this.act = new ActivationEmitter(w);
    }

    /** {@code layer(x)} for a layer at state-dict path {@code path}; its value is named {@code want} (or fresh). */
    String emit(Layer layer, String path, String x, String want) {
        return switch (layer) {
            case Sequential s -> sequential(s, path, x, want);
            case Graph g -> graph(g, path, Map.of(g.inputNames().get(0), x), want).get(g.outputNames().get(0));
            case Dense d -> activated(d.config().activation(), path, want, out -> gemm(d, path, x, out));
            case ActivationLayer a -> act.emit(a.config().activation(), path, x, want);
            case Dropout d -> w.node(path, "Identity", want, new String[] {x});
            case Flatten f -> w.node(path, "Flatten", want, new String[] {x}, intValue("axis", 1));
            case Reshape r -> w.node(path, "Reshape", want, new String[] {x, w.longs(path + ".shape", batched(r.config().shape()))});
            case Conv2D c -> activated(c.config().activation(), path, want, out -> conv(c, path, x, out, c.config().kernelSize(),
                    c.config().stride(), c.config().dilation(), c.config().padding(), c.config().groups()));
            case Conv1D c -> activated(c.config().activation(), path, want, out -> conv(c, path, x, out, c.config().kernelSize(),
                    c.config().stride(), c.config().dilation(), c.config().padding(), c.config().groups()));
            case MaxPool2D m -> w.node(path, "MaxPool", want, new String[] {x}, ints("kernel_shape", m.config().kernelSize()),
                    ints("strides", m.config().stride()), ints("pads", symmetric(m.config().padding())),
                    ints("dilations", m.config().dilation()));
            case AvgPool2D a -> w.node(path, "AveragePool", want, new String[] {x}, ints("kernel_shape", a.config().kernelSize()),
                    ints("strides", a.config().stride()), ints("pads", symmetric(a.config().padding())),
                    intValue("count_include_pad", a.config().countIncludePad() ? 1 : 0));
            case GlobalAvgPool2D g -> w.node(path, "Flatten", want, new String[] {w.node(path, "GlobalAveragePool", x)},
                    intValue("axis", 1));
            case BatchNorm1d b -> batchNorm(b, path, x, want, b.config().eps(), b.config().momentum(), b.config().trackRunningStats());
            case BatchNorm2d b -> batchNorm(b, path, x, want, b.config().eps(), b.config().momentum(), b.config().trackRunningStats());
            case LayerNorm n -> layerNorm(n, path, x, want);
            case GaussianHead h -> act.gaussian(h.config(), path, gemm(h, path, x, null), want);
            case MixtureDensityHead h -> act.mixture(h.config(), path, gemm(h, path, x, null), want);
            default -> throw new IllegalArgumentException("ONNX export: layer '" + path + "' is a " + layer.getClass().getSimpleName()
                    + ", which has no ONNX form here (exported: " + OnnxExport.LAYERS + ")");
        };
    }

    private String sequential(Sequential s, String path, String x, String want) {
        List<Layer> layers = s.layers();
        String v = x;
        for (int i = 0; i < layers.size(); i++) {
            // each layer's value is named by its path (layers_0), so an import names its node so too
            String name = i == layers.size() - 1 ? want : w.fresh(join(path, "layers." + i).replace('.', '_'));
            v = emit(layers.get(i), join(path, "layers." + i), v, name);
        }
        return v;
    }

    /**
     * The graph's nodes in declaration order, each value named by its node (prefixed by the path when the
     * graph sits inside another model); returns the outputs' values by output name. A top-level graph's last
     * values are named {@code want} only through its outputs, which keep their node names.
     */
    Map<String, String> graph(Graph g, String path, Map<String, String> inputs, String want) {
        Map<String, String> values = new HashMap<>(inputs);
        for (GraphNode n : g.nodes()) {
            String nodePath = join(path, "nodes." + n.name());
            String name = path.isEmpty() ? n.name() : nodePath;
            if (want != null && g.outputNames().size() == 1 && g.outputNames().get(0).equals(n.name())) {
                name = want;
            }
            String[] in = n.inputs().stream().map(values::get).toArray(String[]::new);
            values.put(n.name(), n.layer() instanceof Merge m ? merge(m, nodePath, in, name) : emit(n.layer(), nodePath, in[0], name));
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        g.outputNames().forEach(o -> out.put(o, values.get(o)));
        return out;
    }

    private String merge(Merge m, String path, String[] in, String want) {
        return switch (m) {
            case Merge.Add a -> w.node(path, "Sum", want, in);
            case Merge.Average a -> w.node(path, "Mean", want, in);
            case Merge.Concatenate c -> w.node(path, "Concat", want, in, intValue("axis", c.config().axis()));
            case Merge.Multiply p -> {
                String v = in[0];
                for (int i = 1; i < in.length; i++) {
                    v = w.node(path, "Mul", i == in.length - 1 ? want : null, new String[] {v, in[i]});
                }
                yield v;
            }
            default -> throw new IllegalArgumentException("ONNX export: merge node '" + path + "' is a " + m.getClass().getSimpleName()
                    + ", which has no ONNX form here (exported: Add, Multiply, Average, Concatenate)");
        };
    }

    /** A linear map then its activation; without one, the map's own value takes the wanted name. */
    private String activated(dev.nabla.nn.Activation a, String path, String want,
                             java.util.function.Function<String, String> linearMap) {
        return a instanceof dev.nabla.nn.Activation.Identity ? linearMap.apply(want) : act.emit(a, path, linearMap.apply(null), want);
    }

    /** x·Wᵀ + b as one Gemm (the weight is [out, in], so transB). */
    private String gemm(Layer layer, String path, String x, String out) {
        String weight = param(layer, path, "weight");
        Tensor bias = parameter(layer, "bias");
        String[] in = bias == null ? new String[] {x, weight} : new String[] {x, weight, param(layer, path, "bias")};
        return w.node(path, "Gemm", out, in, intValue("transB", 1));
    }

    private String conv(Layer layer, String path, String x, String out, int[] kernel, int[] stride, int[] dilation, Object padding,
                        int groups) {
        int[] pads = new int[2 * kernel.length];
        for (int a = 0; a < kernel.length; a++) {
            if ("same".equals(padding)) {
                int total = dilation[a] * (kernel[a] - 1); // PyTorch's "same": the odd pixel goes after
                pads[a] = total / 2;
                pads[a + kernel.length] = total - total / 2;
            } else {
                pads[a] = ((int[]) padding)[a];
                pads[a + kernel.length] = ((int[]) padding)[a];
            }
        }
        String weight = param(layer, path, "weight");
        String[] in = parameter(layer, "bias") == null ? new String[] {x, weight} : new String[] {x, weight, param(layer, path, "bias")};
        return w.node(path, "Conv", out, in, ints("kernel_shape", kernel), ints("strides", stride),
                ints("dilations", dilation), ints("pads", pads), intValue("group", groups));
    }

    private String batchNorm(Layer layer, String path, String x, String want, double eps, double momentum, boolean tracked) {
        if (!tracked) {
            throw new IllegalArgumentException("ONNX export: BatchNorm '" + path + "' has track_running_stats false, so it "
                    + "normalises with each batch's own statistics even at inference; ONNX's BatchNormalization needs running "
                    + "statistics (train with track_running_stats true to export)");
        }
        Tensor mean = layer.namedBuffers().get("running_mean");
        String scale = affine(layer, path, "weight", mean, 1);
        String shift = affine(layer, path, "bias", mean, 0);
        return w.node(path, "BatchNormalization", want, new String[] {x, scale, shift,
            w.initializer(join(path, "running_mean"), mean), w.initializer(join(path, "running_var"),
                layer.namedBuffers().get("running_var"))},
                floatValue("epsilon", eps), floatValue("momentum", 1 - momentum));
    }

    private String layerNorm(LayerNorm n, String path, String x, String want) {
        int axes = n.config().axes();
        int[] dims = n.inputShape().dims();
        Tensor like = Tensor.zeros(parameterDtype(n), java.util.Arrays.copyOfRange(dims, dims.length - axes, dims.length));
        return w.node(path, "LayerNormalization", want, new String[] {x, affine(n, path, "weight", like, 1),
            affine(n, path, "bias", like, 0)}, intValue("axis", -axes), floatValue("epsilon", n.config().eps()));
    }

    /** The layer's scale or shift; without affine, the constant that leaves values unchanged. */
    private String affine(Layer layer, String path, String name, Tensor like, double neutral) {
        Tensor p = parameter(layer, name);
        return p != null ? w.initializer(join(path, name), p) : w.initializer(join(path, name), Tensor.zerosLike(like).add(neutral));
    }

    private dev.nabla.tensor.DType parameterDtype(Layer layer) {
        return w.elemType() == dev.nabla.onnx.proto.TensorProto.DataType.DOUBLE_VALUE
                ? dev.nabla.tensor.DType.FLOAT64 : dev.nabla.tensor.DType.FLOAT32;
    }

    private String param(Layer layer, String path, String name) {
        return w.initializer(join(path, name), parameter(layer, name));
    }

    private static Tensor parameter(Layer layer, String name) {
        var p = layer.namedParameters().get(name);
        return p == null ? null : p.value();
    }

    /** A per-sample target shape with the batch axis in front: 0 copies the input's batch size. */
    private static long[] batched(int[] shape) {
        long[] out = new long[shape.length + 1];
        for (int i = 0; i < shape.length; i++) {
            out[i + 1] = shape[i];
        }
        return out;
    }

    private static int[] symmetric(int[] padding) {
        return new int[] {padding[0], padding[1], padding[0], padding[1]};
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
