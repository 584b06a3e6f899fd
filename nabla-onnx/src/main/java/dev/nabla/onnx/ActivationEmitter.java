package dev.nabla.onnx;

import static dev.nabla.onnx.OnnxGraphWriter.floatValue;
import static dev.nabla.onnx.OnnxGraphWriter.intValue;

import dev.nabla.nn.Activation;
import dev.nabla.nn.GaussianHead;
import dev.nabla.nn.GaussianMixture;
import dev.nabla.nn.MixtureDensityHead;

/**
 * Nabla's activations and the uncertainty heads' output maps as ONNX opset-17 nodes. Where ONNX has the
 * function as one operator it is used (Relu, LeakyRelu, Elu, Softmax, ...); GELU (an operator only from
 * opset 20), swish, step and Nabla's thresholded softplus are written as the small graphs that compute
 * them, which is also how PyTorch exports them.
 */
final class ActivationEmitter {
    private final OnnxGraphWriter w;

    ActivationEmitter(OnnxGraphWriter w) {
        this.w = w;
    }

    /** {@code a(x)}, its value named {@code want} (or a fresh name when null). */
    String emit(Activation a, String path, String x, String want) {
        return switch (a) {
            case Activation.Identity i -> want == null ? x : w.node(path, "Identity", want, new String[] {x});
            case Activation.Sigmoid s -> w.node(path, "Sigmoid", want, new String[] {x});
            case Activation.Tanh t -> w.node(path, "Tanh", want, new String[] {x});
            case Activation.ReLU r -> w.node(path, "Relu", want, new String[] {x});
            case Activation.Sign s -> w.node(path, "Sign", want, new String[] {x});
            case Activation.LeakyReLU l -> w.node(path, "LeakyRelu", want, new String[] {x}, floatValue("alpha", l.slope()));
            case Activation.ELU e -> w.node(path, "Elu", want, new String[] {x}, floatValue("alpha", e.alpha()));
            case Activation.Softmax s -> w.node(path, "Softmax", want, new String[] {x}, intValue("axis", s.axis()));
            case Activation.LogSoftmax s -> w.node(path, "LogSoftmax", want, new String[] {x}, intValue("axis", s.axis()));
            case Activation.Step s -> w.node(path, "Cast", want, new String[] {w.node(path, "Greater", x, w.scalar("zero", 0))},
                    intValue("to", w.elemType()));
            case Activation.Swish s -> {
                String z = s.beta() == 1 ? x : w.node(path, "Mul", x, w.scalar(path + ".beta", s.beta()));
                yield w.node(path, "Mul", want, new String[] {x, w.node(path, "Sigmoid", z)});
            }
            case Activation.GELU g -> gelu(g, path, x, want);
            case Activation.Softplus s -> softplus(s.beta(), s.threshold(), path, x, want);
            default -> throw new IllegalArgumentException("ONNX export: layer '" + path + "' uses the activation "
                    + a.name() + ", which has no ONNX form here (exported: " + OnnxExport.ACTIVATIONS + ")");
        };
    }

    /** Exact: x·(1 + erf(x/√2))/2, the form PyTorch writes; approximate: the tanh form. */
    private String gelu(Activation.GELU g, String path, String x, String want) {
        if (!g.approximate()) {
            String erf = w.node(path, "Erf", w.node(path, "Div", x, w.scalar("sqrt2", Math.sqrt(2))));
            String scaled = w.node(path, "Mul", x, w.node(path, "Add", erf, w.scalar("one", 1)));
            return w.node(path, "Mul", want, new String[] {scaled, w.scalar("half", 0.5)});
        }
        String cube = w.node(path, "Pow", x, w.scalar("three", 3));
        String inner = w.node(path, "Add", x, w.node(path, "Mul", cube, w.scalar("gelu_c", 0.044715)));
        String t = w.node(path, "Tanh", w.node(path, "Mul", inner, w.scalar("sqrt_2_over_pi", Math.sqrt(2 / Math.PI))));
        String scaled = w.node(path, "Mul", x, w.node(path, "Add", t, w.scalar("one", 1)));
        return w.node(path, "Mul", want, new String[] {scaled, w.scalar("half", 0.5)});
    }

    /** (1/β)·log(1 + e^(βx)), and x itself where βx &gt; threshold: Nabla's (and PyTorch's) softplus. */
    String softplus(double beta, double threshold, String path, String x, String want) {
        String z = beta == 1 ? x : w.node(path, "Mul", x, w.scalar(path + ".beta", beta));
        String soft = w.node(path, "Softplus", z);
        soft = beta == 1 ? soft : w.node(path, "Div", soft, w.scalar(path + ".beta", beta));
        String linear = w.node(path, "Greater", z, w.scalar(path + ".threshold", threshold));
        return w.node(path, "Where", want, new String[] {linear, x, soft});
    }

    /** The Gaussian head's map: [mean, variance made positive], from the raw projection. */
    String gaussian(GaussianHead.Config c, String path, String raw, String want) {
        int d = c.outputs();
        String mean = slice(path, raw, 0, d);
        String rawVar = slice(path, raw, d, 2 * d);
        String positive = c.variance() == GaussianHead.Variance.EXP ? w.node(path, "Exp", rawVar)
                : softplus(1, 20, path, rawVar, null);
        String variance = w.node(path, "Add", positive, w.scalar(path + ".min_variance", c.minVariance()));
        return w.node(path, "Concat", want, new String[] {mean, variance}, intValue("axis", 1));
    }

    /** The mixture head's map: [log weights, means, scales made valid], from the raw projection. */
    String mixture(MixtureDensityHead.Config c, String path, String raw, String want) {
        int k = c.components(), d = c.outputs(), e = c.covariance().scaleEntries(d);
        String logWeights = w.node(path, "LogSoftmax", null, new String[] {slice(path, raw, 0, k)}, intValue("axis", 1));
        String means = slice(path, raw, k, k + k * d);
        String rawScales = slice(path, raw, k + k * d, k + k * d + k * e);
        String floor = w.scalar(path + ".min_scale", c.minScale());
        String positive = w.node(path, "Add", softplus(1, 20, path, rawScales, null), floor);
        String scales = positive;
        if (c.covariance() == GaussianMixture.Covariance.FULL) {
            // only the Cholesky factor's diagonal is made positive: a constant 0/1 mask picks it, as Nabla does
            double[] mask = new double[k * e];
            for (int comp = 0; comp < k; comp++) {
                for (int i = 0; i < d; i++) {
                    mask[comp * e + i * (i + 1) / 2 + i] = 1;
                }
            }
            dev.nabla.tensor.DType dt = w.elemType() == dev.nabla.onnx.proto.TensorProto.DataType.DOUBLE_VALUE
                    ? dev.nabla.tensor.DType.FLOAT64 : dev.nabla.tensor.DType.FLOAT32;
            String onDiag = w.initializer(path + ".diagonal_mask", dev.nabla.tensor.Tensor.of(dt, mask, k * e));
            String offDiag = w.node(path, "Sub", w.scalar("one", 1), onDiag);
            scales = w.node(path, "Add", w.node(path, "Mul", positive, onDiag), w.node(path, "Mul", rawScales, offDiag));
        }
        return w.node(path, "Concat", want, new String[] {logWeights, means, scales}, intValue("axis", 1));
    }

    /** Columns [from, to) of a [N, width] value. */
    private String slice(String path, String x, int from, int to) {
        return w.node(path, "Slice", x, w.longs("start_" + from, from), w.longs("end_" + to, to), w.longs("axis_1", 1));
    }
}
