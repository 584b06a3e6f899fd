package dev.nabla.onnx;

import dev.nabla.nn.Activation;
import dev.nabla.nn.ActivationLayer;
import dev.nabla.nn.AvgPool2D;
import dev.nabla.nn.BatchNorm1d;
import dev.nabla.nn.BatchNorm2d;
import dev.nabla.nn.Conv1D;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.GlobalAvgPool2D;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.LayerNorm;
import dev.nabla.nn.MaxPool2D;
import dev.nabla.nn.Merge;
import dev.nabla.nn.Reshape;
import dev.nabla.onnx.GraphTranslator.Value;
import dev.nabla.onnx.proto.NodeProto;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ONNX operator at a time into Nabla layers. Two patterns span several nodes: {@code MatMul} then
 * {@code Add} of a constant (a Dense with bias, as PyTorch writes {@code nn.Linear} on some inputs), and
 * Div-Erf-Add-Mul-Mul (exact GELU, as PyTorch and our exporter write it before opset 20).
 */
final class OpTranslator {
    private final GraphTranslator t;
    private final GeluPattern gelu;
    /** Nodes already folded into a pattern. */
    private final Set<NodeProto> done = new HashSet<>();
    /** The MatMul nodes waiting for a bias: their Dense, by ONNX output. */
    private final Map<String, GraphTranslator.Pending> matmuls = new HashMap<>();
    /** Dense and convolution nodes without an activation, by ONNX output: an activation reading one is fused in. */
    private final Map<String, GraphTranslator.Pending> linear = new HashMap<>();

    OpTranslator(GraphTranslator t, List<NodeProto> order) {
        this.t = t;
        this.gelu = new GeluPattern(t, order);
    }

    void translate(NodeProto n) throws OnnxFormatException {
        if (done.contains(n)) {
            return;
        }
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            throw unsupported(n, "is in the operator domain '" + n.getDomain() + "'");
        }
        if (n.getOutputCount() == 0 || n.getOutput(0).isEmpty()) {
            throw bad(n, "has no output");
        }
        Attributes a = new Attributes(n);
        switch (n.getOpType()) {
            case "Constant" -> constant(n, a);
            case "Identity", "Dropout" -> alias(n);
            case "Pad" -> pad(n, a);
            case "Gemm" -> gemm(n, a);
            case "MatMul" -> matmul(n);
            case "Add" -> add(n);
            case "Sum" -> merge(n, new Merge.Add());
            case "Mean" -> merge(n, new Merge.Average());
            case "Mul" -> merge(n, new Merge.Multiply());
            case "Concat" -> merge(n, Merge.concat((int) a.integer("axis", 0)));
            case "Div" -> gelu(n);
            case "Relu" -> activation(n, Activation.relu());
            case "Sigmoid" -> activation(n, Activation.sigmoid());
            case "Tanh" -> activation(n, Activation.tanh());
            case "Sign" -> activation(n, Activation.sign());
            case "LeakyRelu" -> activation(n, Activation.leakyRelu(a.real("alpha", 0.01)));
            case "Elu" -> activation(n, Activation.elu(a.real("alpha", 1.0)));
            case "Softplus" -> activation(n, Activation.softplus());
            case "Gelu" -> activation(n, new Activation.GELU("tanh".equals(a.string("approximate", "none"))));
            case "Softmax" -> activation(n, new Activation.Softmax((int) a.integer("axis", -1)));
            case "LogSoftmax" -> activation(n, new Activation.LogSoftmax((int) a.integer("axis", -1)));
            case "Flatten" -> flatten(n, a);
            case "Reshape" -> reshape(n);
            case "GlobalAveragePool" -> globalPool(n);
            case "MaxPool", "AveragePool" -> pool(n, a);
            case "Conv" -> conv(n, a);
            case "BatchNormalization" -> batchNorm(n, a);
            case "LayerNormalization" -> layerNorm(n, a);
            default -> throw unsupported(n, "is not an operator Nabla imports");
        }
        if (n.getOutputCount() > 1 && !n.getOpType().equals("Dropout")) {
            for (int i = 1; i < n.getOutputCount(); i++) {
                if (!n.getOutput(i).isEmpty() && t.readers(n.getOutput(i)) > 0) {
                    throw unsupported(n, "has its output " + i + " ('" + n.getOutput(i) + "') read; only the first output is");
                }
            }
        }
    }

    private OnnxFormatException unsupported(NodeProto n, String why) {
        return new OnnxFormatException(t.where + ": node '" + n.getName() + "' of op type " + n.getOpType() + " " + why
                + "; supported: " + String.join(", ", OnnxImport.SUPPORTED));
    }

    private OnnxFormatException bad(NodeProto n, String what) {
        return new OnnxFormatException(t.where + ": node '" + n.getName() + "' (" + n.getOpType() + "): " + what);
    }

    /** The node's input {@code i}, which must be computed from the graph's inputs. */
    private Value dynamic(NodeProto n, int i) throws OnnxFormatException {
        Value v = input(n, i);
        if (v.isConstant()) {
            throw bad(n, "input " + i + " ('" + n.getInput(i) + "') is a constant; Nabla expects the data flowing in there");
        }
        return v;
    }

    /** The node's input {@code i} as a constant tensor (weights, shapes), or null when the input is left out. */
    private Tensor constant(NodeProto n, int i) throws OnnxFormatException {
        if (i >= n.getInputCount() || n.getInput(i).isEmpty()) {
            return null;
        }
        Value v = input(n, i);
        if (!v.isConstant()) {
            throw bad(n, "input " + i + " ('" + n.getInput(i) + "') must be a constant (an initializer), got a computed value");
        }
        return t.tensor(v.constant());
    }

    private Value input(NodeProto n, int i) throws OnnxFormatException {
        if (i >= n.getInputCount() || n.getInput(i).isEmpty() || t.value(n.getInput(i)) == null) {
            throw bad(n, "input " + i + " is missing (" + n.getInputCount() + " inputs: " + n.getInputList() + ")");
        }
        return t.value(n.getInput(i));
    }

    private Value add(NodeProto n, Layer layer, List<Value> from, Map<String, Tensor> weights) throws OnnxFormatException {
        return t.add(n, n.getOutput(0), layer, from, weights);
    }

    private void constant(NodeProto n, Attributes a) throws OnnxFormatException {
        var value = a.tensor("value");
        if (value == null) {
            throw unsupported(n, "has no tensor 'value' attribute (value_float, value_ints and the like are not read)");
        }
        t.define(n.getOutput(0), new Value(null, null, value.getT()));
    }

    private void alias(NodeProto n) throws OnnxFormatException {
        Value in = input(n, 0);
        if (t.isOutput(n.getOutput(0)) && !in.isConstant()) {
            t.identity(n, n.getOutput(0), in);
        } else {
            t.define(n.getOutput(0), in);
        }
    }

    /** A Pad that adds nothing (PyTorch writes one before AveragePool) is an alias; any other is not read. */
    private void pad(NodeProto n, Attributes a) throws OnnxFormatException {
        Tensor pads = constant(n, 1);
        boolean none = pads != null && java.util.Arrays.stream(pads.toDoubleArray()).allMatch(p -> p == 0);
        if (!none || !"constant".equals(a.string("mode", "constant"))) {
            throw unsupported(n, "pads by " + (pads == null ? "computed sizes" : java.util.Arrays.toString(pads.toDoubleArray()))
                    + "; only a Pad that adds nothing is read (give the padding to the Conv or pooling node)");
        }
        alias(n);
    }

    /**
     * An activation layer; or, when it alone reads a Dense or convolution without one, that layer again with the
     * activation fused in (as Nabla's own models are written, so a round trip keeps their layers and names).
     */
    private void activation(NodeProto n, Activation act) throws OnnxFormatException {
        activation(n, n, act, 1);
    }

    /**
     * {@code act} over {@code first}'s input, standing for {@code last}'s output (one node, or a pattern's ends
     * whose nodes read the input {@code reads} times).
     */
    private void activation(NodeProto first, NodeProto last, Activation act, int reads) throws OnnxFormatException {
        String in = first.getInput(0);
        GraphTranslator.Pending p = linear.remove(in);
        if (p == null || t.readers(in) != reads || t.isOutput(in)) {
            t.add(last, last.getOutput(0), new ActivationLayer(act), List.of(dynamic(first, 0)), Map.of());
            return;
        }
        Layer fused = switch (p.layer()) {
            case Dense d -> new Dense(new Dense.Config(d.config().units(), act, d.config().useBias(), d.config().kernelInit(),
                    d.config().biasInit()));
            case Conv2D c -> new Conv2D(c.config().withActivation(act));
            case Conv1D c -> new Conv1D(c.config().withActivation(act));
            default -> throw new IllegalStateException("only Dense and convolutions are fused, got " + p.layer());
        };
        Value from = t.inputOf(p);
        Map<String, Tensor> weights = t.remove(p);
        t.add(last, last.getOutput(0), fused, List.of(from), weights);
    }

    /** Remembers the node just added as one an activation may be fused into. */
    private void fusable(NodeProto n) {
        linear.put(n.getOutput(0), t.nodes.get(t.nodes.size() - 1));
    }

    private void gemm(NodeProto n, Attributes a) throws OnnxFormatException {
        if (a.integer("transA", 0) != 0) {
            throw bad(n, "transA = 1 is not read (the data must be [batch, features])");
        }
        Value x = dynamic(n, 0);
        Tensor b = constant(n, 1);
        if (b == null || b.rank() != 2) {
            throw bad(n, "the weight B must be a 2-D initializer");
        }
        Tensor weight = a.integer("transB", 0) != 0 ? b : b.t();
        weight = weight.mul(a.real("alpha", 1.0));
        Tensor c = constant(n, 2);
        Tensor bias = c == null ? null : bias(n, c.mul(a.real("beta", 1.0)), weight.dim(0));
        dense(n, x, weight, bias);
        fusable(n);
    }

    /** A bias given as [out], [1, out] or a scalar, as [out]. */
    private Tensor bias(NodeProto n, Tensor c, int units) throws OnnxFormatException {
        if (c.size() == 1) {
            return Tensor.zeros(c.dtype(), units).add(c.reshape());
        }
        if (c.size() != units || c.shape().dims()[c.rank() - 1] != units) {
            throw bad(n, "the bias has shape " + c.shape() + ", expected [" + units + "]");
        }
        return c.reshape(units);
    }

    private Value dense(NodeProto n, Value x, Tensor weight, Tensor bias) throws OnnxFormatException {
        Dense layer = new Dense(weight.dim(0));
        if (bias == null) {
            layer.withoutBias();
        }
        if (x.shape().rank() != 1 || x.shape().dim(0) != weight.dim(1)) {
            throw bad(n, "expected input [*, " + weight.dim(1) + "] for a weight of shape " + weight.shape() + ", got per-sample "
                    + x.shape() + (x.shape().rank() != 1 ? " (Nabla's Dense reads [batch, features]: flatten first)" : ""));
        }
        return add(n, layer, List.of(x), bias == null ? Map.of("weight", weight) : Map.of("weight", weight, "bias", bias));
    }

    private void matmul(NodeProto n) throws OnnxFormatException {
        Value x = dynamic(n, 0);
        Tensor b = constant(n, 1);
        if (b == null || b.rank() != 2) {
            throw bad(n, "the second input must be a 2-D initializer (a weight); a product of two computed values is not read");
        }
        dense(n, x, b.t(), null);
        matmuls.put(n.getOutput(0), t.nodes.get(t.nodes.size() - 1));
    }

    /** A sum of computed values (a skip connection), or the bias of the MatMul just before. */
    private void add(NodeProto n) throws OnnxFormatException {
        Value a = input(n, 0), b = input(n, 1);
        if (!a.isConstant() && !b.isConstant()) {
            merge(n, new Merge.Add());
            return;
        }
        String product = a.isConstant() ? n.getInput(1) : n.getInput(0);
        GraphTranslator.Pending p = matmuls.remove(product);
        if (a.isConstant() == b.isConstant() || p == null || t.readers(product) != 1 || t.isOutput(product)) {
            throw unsupported(n, "adds a constant to a value other than a MatMul's product (read only as the bias of MatMul)");
        }
        // the MatMul's Dense is replaced by one with the bias, at the end: after its input, as the Add is
        Value from = t.inputOf(p);
        Tensor weight = t.remove(p).get("weight");
        Tensor bias = bias(n, constant(n, a.isConstant() ? 0 : 1), weight.dim(0));
        dense(n, from, weight, bias);
        fusable(n);
    }

    /** Div(x, √2) → Erf → Add(1) → Mul(x) → Mul(0.5): exact GELU; any other Div is not read. */
    private void gelu(NodeProto div) throws OnnxFormatException {
        List<NodeProto> rest = gelu.match(div);
        if (rest == null) {
            throw unsupported(div, "is read only as part of GELU (x·(1 + erf(x/√2))/2)");
        }
        done.addAll(rest);
        activation(div, rest.get(rest.size() - 1), Activation.gelu(), 2); // Div and the Mul read x
    }

    private void merge(NodeProto n, Merge m) throws OnnxFormatException {
        List<Value> from = new java.util.ArrayList<>();
        for (int i = 0; i < n.getInputCount(); i++) {
            from.add(dynamic(n, i));
        }
        if (from.size() < 2) {
            throw bad(n, "expected two or more inputs, got " + from.size());
        }
        add(n, m, from, Map.of());
    }

    private void flatten(NodeProto n, Attributes a) throws OnnxFormatException {
        if (a.integer("axis", 1) != 1) {
            throw bad(n, "axis " + a.integer("axis", 1) + " is not read (only 1: keep the batch axis, flatten the rest)");
        }
        add(n, new Flatten(), List.of(dynamic(n, 0)), Map.of());
    }

    private void reshape(NodeProto n) throws OnnxFormatException {
        Value x = dynamic(n, 0);
        Tensor shape = constant(n, 1);
        if (shape == null || shape.rank() != 1 || shape.size() < 2) {
            throw bad(n, "the target shape must be a constant [batch, ...] (computed shapes are not read)");
        }
        double[] s = shape.toDoubleArray();
        if (s[0] != 0 && s[0] != -1) {
            throw bad(n, "the target shape " + java.util.Arrays.toString(s) + " must keep the batch axis (0 or -1 first)");
        }
        int[] perSample = new int[s.length - 1];
        for (int i = 1; i < s.length; i++) {
            perSample[i - 1] = s[i] == 0 ? x.shape().dim(i - 1) : (int) s[i];
        }
        add(n, new Reshape(perSample), List.of(x), Map.of());
    }

    /** ONNX keeps [N, C, 1, 1]; Nabla's layer gives [N, C], so a Reshape restores the two unit axes. */
    private void globalPool(NodeProto n) throws OnnxFormatException {
        Value pooled = t.add(n, n.getOutput(0) + "_pooled", new GlobalAvgPool2D(), List.of(dynamic(n, 0)), Map.of());
        add(n, new Reshape(pooled.shape().dim(0), 1, 1), List.of(pooled), Map.of());
    }

    private void pool(NodeProto n, Attributes a) throws OnnxFormatException {
        int[] kernel = a.ints("kernel_shape", null);
        if (kernel == null || kernel.length != 2) {
            throw bad(n, "only 2-D pooling (kernel_shape of 2 sizes) is read, got " + java.util.Arrays.toString(kernel));
        }
        if (a.integer("ceil_mode", 0) != 0 || !"NOTSET".equals(a.string("auto_pad", "NOTSET"))) {
            throw bad(n, "ceil_mode and auto_pad are not read (export with explicit pads and ceil_mode 0)");
        }
        int[] stride = a.ints("strides", new int[] {1, 1});
        int[] pads = ConvPads.symmetric(a.ints("pads", new int[4]), 2, this::bad, n);
        Layer layer = n.getOpType().equals("MaxPool")
                ? new MaxPool2D(new MaxPool2D.Config(kernel, stride, pads, a.ints("dilations", new int[] {1, 1})))
                : new AvgPool2D(new AvgPool2D.Config(kernel, stride, pads, a.integer("count_include_pad", 0) != 0));
        add(n, layer, List.of(dynamic(n, 0)), Map.of());
    }

    private void conv(NodeProto n, Attributes a) throws OnnxFormatException {
        Value x = dynamic(n, 0);
        Tensor w = constant(n, 1);
        if (w == null || (w.rank() != 3 && w.rank() != 4)) {
            throw bad(n, "the weight must be a 3-D (Conv1D) or 4-D (Conv2D) initializer, got " + (w == null ? "none" : w.shape()));
        }
        int axes = w.rank() - 2;
        int[] kernel = java.util.Arrays.copyOfRange(w.shape().dims(), 2, w.rank());
        int[] ones = axes == 2 ? new int[] {1, 1} : new int[] {1};
        int[] stride = a.ints("strides", ones), dilation = a.ints("dilations", ones);
        Object padding = ConvPads.padding(a, n, kernel, stride, dilation, this::bad);
        Tensor b = constant(n, 2);
        int groups = (int) a.integer("group", 1);
        Layer layer = axes == 2
                ? new Conv2D(new Conv2D.Config(w.dim(0), kernel, stride, padding, dilation, groups, b != null,
                        Activation.identity(), Init.glorotUniform(), Init.zeros()))
                : new Conv1D(new Conv1D.Config(w.dim(0), kernel, stride, padding, dilation, groups, b != null,
                        Activation.identity(), Init.glorotUniform(), Init.zeros()));
        add(n, layer, List.of(x), b == null ? Map.of("weight", w) : Map.of("weight", w, "bias", b));
        fusable(n);
    }

    private void batchNorm(NodeProto n, Attributes a) throws OnnxFormatException {
        if (a.integer("training_mode", 0) != 0) {
            throw bad(n, "training_mode = 1 is not read (export the model in eval mode)");
        }
        Value x = dynamic(n, 0);
        double eps = a.real("epsilon", 1e-5);
        double momentum = 1 - a.real("momentum", 0.9); // ONNX keeps this share of the old statistics, PyTorch adds it
        momentum = Math.min(1, Math.max(0, momentum));
        Layer layer = x.shape().rank() == 3 ? new BatchNorm2d(new BatchNorm2d.Config(eps, momentum, true, true))
                : new BatchNorm1d(new BatchNorm1d.Config(eps, momentum, true, true));
        add(n, layer, List.of(x), Map.of("weight", constant(n, 1), "bias", constant(n, 2), "running_mean", constant(n, 3),
                "running_var", constant(n, 4), "num_batches_tracked", Tensor.zeros(DType.INT32)));
    }

    private void layerNorm(NodeProto n, Attributes a) throws OnnxFormatException {
        Value x = dynamic(n, 0);
        long axis = a.integer("axis", -1);
        int rank = x.shape().rank() + 1;
        int axes = (int) (axis < 0 ? -axis : rank - axis);
        if (axes < 1 || axes > x.shape().rank()) {
            throw bad(n, "axis " + axis + " would normalise the batch axis; only feature axes are read");
        }
        Tensor scale = constant(n, 1);
        Tensor shift = constant(n, 2);
        shift = shift == null ? Tensor.zerosLike(scale) : shift;
        add(n, new LayerNorm(new LayerNorm.Config(axes, a.real("epsilon", 1e-5), true)), List.of(x),
                Map.of("weight", scale, "bias", shift));
    }
}
