package dev.nabla.autograd;

import dev.nabla.kernel.FusedActivation;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.function.Function;

/**
 * Every differentiable op, at inputs that avoid its kinks, with broadcasting and batched variants:
 * what the test suite and {@code nabla gradcheck} run GradCheck over. A new op adds its cases here.
 */
public final class GradCheckCases {

    /** One check: a name, how to draw its inputs, and the function of them. */
    public record Case(String name, Function<Generator, Tensor[]> inputs, Function<Tensor[], Tensor> f,
                       GradCheck.Options options) {
        public GradCheck.Report run(long seed) {
            return GradCheck.check(name, f, options, inputs.apply(new Generator(seed)));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private GradCheckCases() {}

    /** Uniform in [-1, 1]. */
    static Tensor any(Generator g, int... dims) {
        return Tensor.uniform(g, DType.FLOAT64, -1, 1, dims);
    }

    /** Uniform in [lo, hi]. */
    static Tensor range(Generator g, double lo, double hi, int... dims) {
        return Tensor.uniform(g, DType.FLOAT64, lo, hi, dims);
    }

    /** Magnitudes in [0.2, 1] with random signs: never near 0, where abs and relu have kinks. */
    static Tensor awayFromZero(Generator g, int... dims) {
        Tensor t = range(g, 0.2, 1, dims);
        double[] d = t.f64();
        for (int i = 0; i < d.length; i++) {
            d[i] = g.nextDouble() < 0.5 ? -d[i] : d[i];
        }
        return t;
    }

    /** Distinct values (a shuffled grid, spaced 0.1) so max/min have no ties. */
    static Tensor distinct(Generator g, int... dims) {
        Tensor t = Tensor.zeros(DType.FLOAT64, dims);
        int[] p = g.permutation(t.size());
        double[] d = t.f64();
        for (int i = 0; i < d.length; i++) {
            d[i] = (p[i] - d.length / 2.0) * 0.1;
        }
        return t;
    }

    private static Case c(String name, Function<Generator, Tensor[]> in, Function<Tensor[], Tensor> f) {
        return new Case(name, in, f, GradCheck.Options.defaults());
    }

    /** Conv2d of x[0] with weight x[1] and, if given, bias x[2]. */
    private static Tensor conv(Tensor[] x, int[] stride, int[] pad, int[] dilation, int groups) {
        return Conv2d.apply(x[0], x[1], x.length > 2 ? x[2] : null, stride, pad, dilation, groups);
    }

    /** The whole catalogue. */
    public static List<Case> all() {
        return List.of(
            c("add", g -> new Tensor[] {any(g, 3, 4), any(g, 3, 4)}, x -> x[0].add(x[1])),
            c("add (broadcast [3,4]+[4])", g -> new Tensor[] {any(g, 3, 4), any(g, 4)}, x -> x[0].add(x[1])),
            c("add (broadcast [2,1,4]+[3,1])", g -> new Tensor[] {any(g, 2, 1, 4), any(g, 3, 1)}, x -> x[0].add(x[1])),
            c("sub (broadcast [3,1]-[1,4])", g -> new Tensor[] {any(g, 3, 1), any(g, 1, 4)}, x -> x[0].sub(x[1])),
            c("mul (broadcast [2,3,4]*[3,4])", g -> new Tensor[] {any(g, 2, 3, 4), any(g, 3, 4)}, x -> x[0].mul(x[1])),
            c("mul (scalar tensor)", g -> new Tensor[] {any(g, 3, 4), any(g)}, x -> x[0].mul(x[1])),
            c("div (broadcast [3,4]/[3,1])", g -> new Tensor[] {any(g, 3, 4), range(g, 0.5, 2, 3, 1)}, x -> x[0].div(x[1])),
            c("neg", g -> new Tensor[] {any(g, 5)}, x -> x[0].neg()),
            c("pow 3", g -> new Tensor[] {any(g, 2, 3)}, x -> x[0].pow(3)),
            c("pow 2", g -> new Tensor[] {any(g, 2, 3)}, x -> x[0].pow(2)),
            c("pow -1.5", g -> new Tensor[] {range(g, 0.5, 2, 2, 3)}, x -> x[0].pow(-1.5)),
            c("exp", g -> new Tensor[] {any(g, 2, 3)}, x -> x[0].exp()),
            c("log", g -> new Tensor[] {range(g, 0.5, 2, 2, 3)}, x -> x[0].log()),
            c("sqrt", g -> new Tensor[] {range(g, 0.5, 2, 2, 3)}, x -> x[0].sqrt()),
            c("abs", g -> new Tensor[] {awayFromZero(g, 2, 3)}, x -> x[0].abs()),
            c("tanh", g -> new Tensor[] {range(g, -2, 2, 2, 3)}, x -> x[0].tanh()),
            c("sigmoid", g -> new Tensor[] {range(g, -3, 3, 2, 3)}, x -> x[0].sigmoid()),
            c("step (zero gradient)", g -> new Tensor[] {awayFromZero(g, 2, 3)}, x -> x[0].step().add(x[0])),
            c("sign (zero gradient)", g -> new Tensor[] {awayFromZero(g, 2, 3)}, x -> x[0].sign().mul(x[0])),
            c("erf", g -> new Tensor[] {range(g, -4, 4, 3, 4)}, x -> x[0].erf()),
            c("relu", g -> new Tensor[] {awayFromZero(g, 2, 3)}, x -> x[0].relu()),
            c("maximum (broadcast)", g -> new Tensor[] {distinct(g, 3, 4), distinct(g, 4).add(0.05)}, x -> x[0].maximum(x[1])),
            c("minimum", g -> new Tensor[] {distinct(g, 3, 4), distinct(g, 3, 4).add(0.05)}, x -> x[0].minimum(x[1])),
            c("clamp", g -> new Tensor[] {distinct(g, 4, 5)}, x -> x[0].clamp(-0.55, 0.45)),
            c("sum (all)", g -> new Tensor[] {any(g, 2, 3, 4)}, x -> x[0].sum()),
            c("sum (axes 0,2 keepDims)", g -> new Tensor[] {any(g, 2, 3, 4)}, x -> x[0].sum(new int[] {0, 2}, true)),
            c("sum (axis -1)", g -> new Tensor[] {any(g, 2, 3, 4)}, x -> x[0].sum(-1)),
            c("mean (axis 1)", g -> new Tensor[] {any(g, 2, 3, 4)}, x -> x[0].mean(1)),
            c("max (axis 1)", g -> new Tensor[] {distinct(g, 3, 4, 2)}, x -> x[0].max(1)),
            c("min (axes 0,2 keepDims)", g -> new Tensor[] {distinct(g, 3, 4, 2)}, x -> x[0].min(new int[] {0, 2}, true)),
            c("max (all)", g -> new Tensor[] {distinct(g, 3, 4)}, x -> x[0].max()),
            c("matmul [3,4]x[4,5]", g -> new Tensor[] {any(g, 3, 4), any(g, 4, 5)}, x -> x[0].matmul(x[1])),
            c("matmul [17,33]x[33,19]", g -> new Tensor[] {any(g, 17, 33), any(g, 33, 19)}, x -> x[0].matmul(x[1])),
            c("matmul batched [2,3,4]x[2,4,5]", g -> new Tensor[] {any(g, 2, 3, 4), any(g, 2, 4, 5)}, x -> x[0].matmul(x[1])),
            c("matmul broadcast [2,1,3,4]x[3,4,2]", g -> new Tensor[] {any(g, 2, 1, 3, 4), any(g, 3, 4, 2)}, x -> x[0].matmul(x[1])),
            c("matmul vector [4]x[4,3]", g -> new Tensor[] {any(g, 4), any(g, 4, 3)}, x -> x[0].matmul(x[1])),
            c("matmul matrix-vector [3,4]x[4]", g -> new Tensor[] {any(g, 3, 4), any(g, 4)}, x -> x[0].matmul(x[1])),
            c("reshape", g -> new Tensor[] {any(g, 2, 6)}, x -> x[0].reshape(3, -1, 2).mul(x[0].reshape(3, 2, 2))),
            c("permute", g -> new Tensor[] {any(g, 2, 3, 4)}, x -> x[0].permute(2, 0, 1).mul(Tensor.arange(DType.FLOAT64, 0, 24, 1).reshape(4, 2, 3))),
            c("transpose", g -> new Tensor[] {any(g, 3, 4)}, x -> x[0].t().matmul(x[0])),
            c("broadcastTo", g -> new Tensor[] {any(g, 3, 1)}, x -> x[0].broadcastTo(2, 3, 4)),
            c("slice (step 2)", g -> new Tensor[] {any(g, 4, 7)}, x -> x[0].slice(1, 1, 6, 2)),
            c("slice (negative)", g -> new Tensor[] {any(g, 5, 3)}, x -> x[0].slice(0, -3, -1)),
            c("concat", g -> new Tensor[] {any(g, 2, 3), any(g, 2, 1)}, x -> Tensor.concat(1, x[0], x[1], x[0])),
            c("stack", g -> new Tensor[] {any(g, 2, 3), any(g, 2, 3)}, x -> Tensor.stack(0, x[0], x[1])),
            c("gather", g -> new Tensor[] {any(g, 3, 4), Tensor.of(new int[] {1, 3, 0, 0, 2, 2}, 3, 2)}, x -> x[0].gather(1, x[1])),
            c("indexSelect", g -> new Tensor[] {any(g, 4, 3)}, x -> x[0].indexSelect(0, 3, 0, 3)),
            c("logSumExp (axis 1)", g -> new Tensor[] {range(g, -3, 3, 3, 4)}, x -> x[0].logSumExp(1)),
            c("logSumExp (large logits)", g -> new Tensor[] {range(g, 500, 503, 2, 3)}, x -> x[0].logSumExp(new int[] {0, 1}, true)),
            c("softmax (axis -1)", g -> new Tensor[] {range(g, -3, 3, 3, 4)}, x -> x[0].softmax(-1)),
            c("softmax (axis 0)", g -> new Tensor[] {range(g, -3, 3, 3, 4)}, x -> x[0].softmax(0)),
            c("logSoftmax", g -> new Tensor[] {range(g, -3, 3, 3, 4)}, x -> x[0].logSoftmax(1)),
            c("linear (fused, no activation)", g -> new Tensor[] {any(g, 5, 3), any(g, 4, 3), any(g, 4)},
                x -> Linear.apply(x[0], x[1], x[2])),
            c("linear (fused, no bias, batch axes)", g -> new Tensor[] {any(g, 2, 3, 4), any(g, 5, 4)},
                x -> Linear.apply(x[0], x[1], null)),
            // |x·Wᵀ| <= 3 · 0.05 < 0.2 <= |b|: every pre-activation is away from the kink at 0
            c("linear+relu (fused)", g -> new Tensor[] {any(g, 6, 3), range(g, -0.05, 0.05, 4, 3), awayFromZero(g, 4)},
                x -> Linear.apply(x[0], x[1], x[2], FusedActivation.RELU, 0)),
            c("linear+leaky relu (fused)", g -> new Tensor[] {any(g, 6, 3), range(g, -0.05, 0.05, 4, 3), awayFromZero(g, 4)},
                x -> Linear.apply(x[0], x[1], x[2], FusedActivation.LEAKY_RELU, 0.1)),
            c("linear+tanh (fused)", g -> new Tensor[] {any(g, 5, 3), any(g, 4, 3), any(g, 4)},
                x -> Linear.apply(x[0], x[1], x[2], FusedActivation.TANH, 0)),
            c("linear+sigmoid (fused)", g -> new Tensor[] {any(g, 5, 3), any(g, 4, 3), any(g, 4)},
                x -> Linear.apply(x[0], x[1], x[2], FusedActivation.SIGMOID, 0)),
            c("softmax cross-entropy (fused, mean)", g -> new Tensor[] {range(g, -3, 3, 4, 5), Tensor.of(new int[] {1, 4, 0, 1}, 4)},
                x -> SoftmaxCrossEntropy.apply(x[0], x[1], true)),
            c("softmax cross-entropy (fused, sum)", g -> new Tensor[] {range(g, -3, 3, 3, 2), Tensor.of(new int[] {1, 0, 0}, 3)},
                x -> SoftmaxCrossEntropy.apply(x[0], x[1], false)),
            c("softmax cross-entropy (fused, large logits)", g -> new Tensor[] {range(g, -1000, -997, 3, 4), Tensor.of(new int[] {3, 0, 2}, 3)},
                x -> SoftmaxCrossEntropy.apply(x[0], x[1], true)),
            c("conv2d 3x3 with bias", g -> new Tensor[] {any(g, 2, 3, 5, 5), any(g, 4, 3, 3, 3), any(g, 4)},
                x -> conv(x, new int[] {1, 1}, new int[] {0, 0, 0, 0}, new int[] {1, 1}, 1)),
            c("conv2d stride 2, padding 1/0/2/1, dilation 2x1", g -> new Tensor[] {any(g, 2, 2, 6, 7), any(g, 3, 2, 3, 2), any(g, 3)},
                x -> conv(x, new int[] {2, 2}, new int[] {1, 0, 2, 1}, new int[] {2, 1}, 1)),
            c("conv2d groups 2, no bias", g -> new Tensor[] {any(g, 2, 4, 5, 4), any(g, 6, 2, 2, 3)},
                x -> conv(x, new int[] {1, 2}, new int[] {1, 1, 1, 1}, new int[] {1, 1}, 2)),
            c("conv2d depthwise (groups = channels)", g -> new Tensor[] {any(g, 2, 3, 5, 5), any(g, 3, 1, 3, 3), any(g, 3)},
                x -> conv(x, new int[] {1, 1}, new int[] {1, 1, 1, 1}, new int[] {1, 1}, 3)),
            // 8+ channels each side, 3x3, stride 1, batch 2: Winograd's product, forward and (the dual) input gradient
            c("conv2d Winograd F(2x2,3x3), odd output 5x3", g -> new Tensor[] {any(g, 2, 8, 5, 3), any(g, 8, 8, 3, 3), any(g, 8)},
                x -> conv(x, new int[] {1, 1}, new int[] {1, 1, 1, 1}, new int[] {1, 1}, 1)),
            c("conv2d Winograd F(2x2,3x3), 8 -> 9 channels, padding 0/2/2/1", g -> new Tensor[] {any(g, 2, 8, 4, 4), any(g, 9, 8, 3, 3)},
                x -> conv(x, new int[] {1, 1}, new int[] {0, 2, 2, 1}, new int[] {1, 1}, 1)),
            // two vectors of channels each side (16 doubles on AVX-512): F(4x4,3x3), its dual and its weight
            // gradient; 5 x 6 leaves last tiles of one and two pixels
            c("conv2d Winograd F(4x4,3x3), 16 -> 16 channels, output 5x6", g -> new Tensor[] {any(g, 2, 16, 5, 6),
                any(g, 16, 16, 3, 3), any(g, 16)}, x -> conv(x, new int[] {1, 1}, new int[] {1, 1, 1, 1}, new int[] {1, 1}, 1)),
            c("conv2d 1x1 (no columns)", g -> new Tensor[] {any(g, 2, 3, 4, 4), any(g, 5, 3, 1, 1), any(g, 5)},
                x -> conv(x, new int[] {1, 1}, new int[] {0, 0, 0, 0}, new int[] {1, 1}, 1)),
            // |conv| <= 27 · 0.005 < 0.2 <= |b|: every pre-activation is away from the kink at 0
            c("conv2d+relu (fused)", g -> new Tensor[] {any(g, 2, 3, 5, 5), range(g, -0.005, 0.005, 4, 3, 3, 3), awayFromZero(g, 4)},
                x -> Conv2d.apply(x[0], x[1], x[2], new int[] {1, 1}, new int[] {1, 1, 1, 1}, new int[] {1, 1}, 1,
                        FusedActivation.RELU, 0)),
            c("conv2d+leaky relu (fused)", g -> new Tensor[] {any(g, 2, 3, 5, 5), range(g, -0.005, 0.005, 4, 3, 3, 3), awayFromZero(g, 4)},
                x -> Conv2d.apply(x[0], x[1], x[2], new int[] {1, 1}, new int[] {1, 1, 1, 1}, new int[] {1, 1}, 1,
                        FusedActivation.LEAKY_RELU, 0.1)),
            c("conv2d+tanh (fused)", g -> new Tensor[] {any(g, 2, 3, 5, 5), any(g, 4, 3, 3, 3), any(g, 4)},
                x -> Conv2d.apply(x[0], x[1], x[2], new int[] {1, 1}, new int[] {1, 1, 1, 1}, new int[] {1, 1}, 1,
                        FusedActivation.TANH, 0)),
            c("conv2d+sigmoid (fused), stride 2", g -> new Tensor[] {any(g, 2, 3, 5, 5), any(g, 4, 3, 3, 3), any(g, 4)},
                x -> Conv2d.apply(x[0], x[1], x[2], new int[] {2, 2}, new int[] {1, 1, 1, 1}, new int[] {1, 1}, 1,
                        FusedActivation.SIGMOID, 0)),
            c("max_pool2d 2x2 stride 2", g -> new Tensor[] {distinct(g, 2, 3, 6, 6)},
                x -> MaxPool2d.apply(x[0], new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1})),
            c("max_pool2d 3x3 stride 2 padding 1 (overlapping)", g -> new Tensor[] {distinct(g, 2, 2, 7, 6)},
                x -> MaxPool2d.apply(x[0], new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1})),
            c("max_pool2d dilation 2", g -> new Tensor[] {distinct(g, 1, 2, 7, 7)},
                x -> MaxPool2d.apply(x[0], new int[] {2, 3}, new int[] {1, 2}, new int[] {0, 1}, new int[] {2, 2})),
            c("avg_pool2d 3x3 stride 2 padding 1", g -> new Tensor[] {any(g, 2, 2, 7, 6)},
                x -> AvgPool2d.apply(x[0], new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, true)),
            c("avg_pool2d without padded positions", g -> new Tensor[] {any(g, 2, 2, 5, 6)},
                x -> AvgPool2d.apply(x[0], new int[] {2, 3}, new int[] {1, 2}, new int[] {1, 1}, false)),
            c("batch_norm 2d, batch statistics, affine", g -> new Tensor[] {any(g, 3, 2, 4, 5), range(g, 0.5, 1.5, 2), any(g, 2)},
                x -> BatchNormOp.apply(x[0], x[1], x[2], null, null, true, 1e-5, false)[0]),
            c("batch_norm 1d, batch statistics, no affine", g -> new Tensor[] {any(g, 5, 3)},
                x -> BatchNormOp.apply(x[0], null, null, null, null, true, 1e-5, false)[0]),
            c("batch_norm 2d, running statistics (eval)", g -> new Tensor[] {any(g, 2, 3, 3, 3), any(g, 3), any(g, 3)},
                x -> BatchNormOp.apply(x[0], x[1], x[2], Tensor.of(new double[] {0.1, -0.2, 0.3}, 3),
                        Tensor.of(new double[] {0.5, 1.5, 2.0}, 3), false, 1e-5, false)[0]),
            c("batch_norm 2d + relu (fused), batch statistics, affine",
                g -> new Tensor[] {any(g, 3, 2, 4, 5), range(g, 0.5, 1.5, 2), range(g, -0.5, 0.5, 2)},
                x -> BatchNormOp.apply(x[0], x[1], x[2], null, null, true, 1e-5, true)[0]),
            c("batch_norm 1d + relu (fused), batch statistics, no affine", g -> new Tensor[] {any(g, 6, 3)},
                x -> BatchNormOp.apply(x[0], null, null, null, null, true, 1e-5, true)[0]),
            c("batch_norm 2d + relu (fused), running statistics (eval)", g -> new Tensor[] {any(g, 2, 3, 3, 3), any(g, 3), any(g, 3)},
                x -> BatchNormOp.apply(x[0], x[1], x[2], Tensor.of(new double[] {0.1, -0.2, 0.3}, 3),
                        Tensor.of(new double[] {0.5, 1.5, 2.0}, 3), false, 1e-5, true)[0]),
            // float32 rounds a 1e-6 step away: a linear op and a larger step keep the difference exact enough
            new Case("to float32 and back", g -> new Tensor[] {any(g, 3)}, x -> x[0].to(DType.FLOAT32).mul(3).to(DType.FLOAT64),
                new GradCheck.Options(1e-2, 1e-4, 1e-4, 1234)),
            c("composite: two-layer tanh net", g -> new Tensor[] {any(g, 5, 3), any(g, 4, 3), any(g, 4), any(g, 2, 4), any(g, 2)},
                x -> x[0].matmul(x[1].t()).add(x[2]).tanh().matmul(x[3].t()).add(x[4]).logSoftmax(1))
        );
    }
}
