package dev.nabla.nn;

import dev.nabla.autograd.Conv2d;
import dev.nabla.kernel.FusedActivation;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link Conv2D} and {@link Conv1D} share: the settings, the weight and bias, the checks at build,
 * and the product, always as a 2-D convolution (a 1-D one is a 2-D one of height 1). The sizes here have
 * one entry per spatial axis of the layer.
 */
abstract sealed class Convolution extends Layer permits Conv2D, Conv1D {
    /** The settings both layers have; each layer's {@code Config} record holds them. */
    record Settings(int outChannels, int[] kernelSize, int[] stride, Object padding, int[] dilation, int groups,
                    boolean useBias, Activation activation, Init kernelInit, Init biasInit) {
        Settings check(String owner, int axes) {
            Windows.check(owner, "kernel_size", kernelSize, axes, 1);
            Windows.check(owner, "stride", stride, axes, 1);
            Windows.check(owner, "dilation", dilation, axes, 1);
            dev.nabla.config.Check.positive(owner, "out_channels", outChannels);
            dev.nabla.config.Check.positive(owner, "groups", groups);
            dev.nabla.config.Check.that(outChannels % groups == 0, owner, "out_channels",
                    "a multiple of groups (" + groups + ")", outChannels);
            dev.nabla.config.Check.notNull(owner, "activation", activation);
            dev.nabla.config.Check.notNull(owner, "kernel_init", kernelInit);
            dev.nabla.config.Check.notNull(owner, "bias_init", biasInit);
            if ("same".equals(padding)) {
                dev.nabla.config.Check.that(Arrays.stream(stride).allMatch(s -> s == 1), owner, "stride",
                        "1 with padding \"same\" (as in PyTorch)", Arrays.toString(stride));
            } else if (padding instanceof int[] p) {
                Windows.check(owner, "padding", p, axes, 0);
            } else {
                throw dev.nabla.config.ConfigException.of(owner, "padding", "must be \"same\" or a size per axis, got " + padding);
            }
            return this;
        }

        Map<String, Object> entries() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("out_channels", outChannels);
            m.put("kernel_size", kernelSize);
            m.put("stride", stride);
            m.put("padding", padding);
            m.put("dilation", dilation);
            m.put("groups", groups);
            m.put("use_bias", useBias);
            m.put("activation", activation);
            m.put("kernel_init", kernelInit);
            m.put("bias_init", biasInit);
            return m;
        }

        static Settings read(dev.nabla.config.ConfigReader c, int axes) {
            c.allowOnly("out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "use_bias",
                    "activation", "kernel_init", "bias_init");
            int[] one = Windows.repeat(1, axes);
            return new Settings(c.intValue("out_channels"), Windows.read(c, "kernel_size", axes, null),
                    Windows.read(c, "stride", axes, one), Windows.padding(c, axes, Windows.repeat(0, axes)),
                    Windows.read(c, "dilation", axes, one), c.intValue("groups", 1), c.bool("use_bias", true),
                    c.read("activation", Activation.REGISTRY, Activation.identity()),
                    c.read("kernel_init", Init.REGISTRY, Init.glorotUniform()),
                    c.read("bias_init", Init.REGISTRY, Init.zeros()));
        }
    }

    private Parameter weight;
    private Parameter bias;
    /** As the 2-D product takes them: {along H, along W}; padding {top, bottom, left, right}. */
    private int[] stride2;
    private int[] dilation2;
    private int[] pad4;

    /** This layer's shared settings. */
    abstract Settings settings();

    /** Spatial axes: 1 or 2. */
    abstract int axes();

    /** Lifts a per-axis size to {along H, along W} (a 1-D layer's height is 1). */
    private int[] two(int[] v, int fill) {
        return v.length == 2 ? v.clone() : new int[] {fill, v[0]};
    }

    @Override
    protected final Shape doBuild(Shape input, Generator g, DType dtype) {
        Settings s = settings();
        int axes = axes();
        if (input.rank() != axes + 1) {
            throw new IllegalArgumentException(label() + ": expected input [*, channels, "
                    + (axes == 2 ? "height, width" : "length") + "], got per-sample shape " + input + rowsHint(input, axes));
        }
        int channels = input.dim(0);
        if (channels % s.groups() != 0) {
            throw new IllegalArgumentException(label() + ": groups (" + s.groups() + ") must divide the input channels, got "
                    + channels + " channels");
        }
        int[] kernel = two(s.kernelSize(), 1);
        stride2 = two(s.stride(), 1);
        dilation2 = two(s.dilation(), 1);
        if ("same".equals(s.padding())) {
            int[] h = Windows.same(kernel[0], dilation2[0]), w = Windows.same(kernel[1], dilation2[1]);
            pad4 = new int[] {h[0], h[1], w[0], w[1]};
        } else {
            int[] p = two((int[]) s.padding(), 0);
            pad4 = new int[] {p[0], p[0], p[1], p[1]};
        }
        int[] spatial = axes == 2 ? new int[] {input.dim(1), input.dim(2)} : new int[] {1, input.dim(1)};
        int[] out = new int[2];
        for (int a = 0; a < 2; a++) {
            int padded = spatial[a] + pad4[2 * a] + pad4[2 * a + 1];
            int extent = dilation2[a] * (kernel[a] - 1) + 1;
            if (extent > padded) {
                throw new IllegalArgumentException(label() + ": the kernel " + describeSizes(s.kernelSize())
                        + (extent == kernel[a] ? "" : " (dilated: " + extent + ")") + " is larger than the padded input "
                        + describePadded(spatial, pad4) + " (per-sample input " + input + ")");
            }
            out[a] = (padded - extent) / stride2[a] + 1;
        }
        int[] wShape = axes == 2 ? new int[] {s.outChannels(), channels / s.groups(), kernel[0], kernel[1]}
                : new int[] {s.outChannels(), channels / s.groups(), kernel[1]};
        weight = registerParameter("weight", new Parameter(s.kernelInit().sample(g, dtype, Shape.of(wShape))));
        if (s.useBias()) {
            bias = registerParameter("bias", new Parameter(s.biasInit().sample(g, dtype, Shape.of(s.outChannels()))));
        }
        return axes == 2 ? Shape.of(s.outChannels(), out[0], out[1]) : Shape.of(s.outChannels(), out[1]);
    }

    /**
     * For rows of features (a CSV's, or IDX images read flat): how to see them as images or signals, in
     * a spec's words: the model's {@code "input"} shape, guessed square for a 2-D layer.
     */
    private static String rowsHint(Shape input, int axes) {
        if (input.rank() != 1) {
            return "";
        }
        int n = input.dim(0), side = (int) Math.round(Math.sqrt(n));
        String example = axes == 1 ? "[1, " + n + "]" : side * side == n ? "[1, " + side + ", " + side + "]" : "[channels, height, width]";
        return "; rows of " + n + " values are viewed as images or signals when the model declares its \"input\" shape, e.g. "
                + example;
    }

    private String describeSizes(int[] v) {
        return v.length == 1 ? Integer.toString(v[0]) : v[0] + "x" + v[1];
    }

    private String describePadded(int[] spatial, int[] pad) {
        int h = spatial[0] + pad[0] + pad[1], w = spatial[1] + pad[2] + pad[3];
        return axes() == 1 ? Integer.toString(w) : h + "x" + w;
    }

    @Override
    protected final Tensor call(Tensor x) {
        Settings s = settings();
        Tensor w = weight.value(), b = bias == null ? null : bias.value();
        // the cheap activations inside the convolution's op (see Fusion); the others after it
        FusedActivation fused = Fusion.of(s.activation());
        FusedActivation act = fused == null ? FusedActivation.IDENTITY : fused;
        double slope = Fusion.slope(s.activation());
        Tensor y;
        if (axes() == 2) {
            y = Conv2d.apply(x, w, b, stride2, pad4, dilation2, s.groups(), act, slope);
        } else {
            int n = x.shape().dim(0), c = x.shape().dim(1), l = x.shape().dim(2);
            Tensor w4 = w.reshape(w.shape().dim(0), w.shape().dim(1), 1, w.shape().dim(2));
            Tensor y4 = Conv2d.apply(x.reshape(n, c, 1, l), w4, b, stride2, pad4, dilation2, s.groups(), act, slope);
            y = y4.reshape(n, y4.shape().dim(1), y4.shape().dim(3));
        }
        return fused == null ? s.activation().apply(y) : y;
    }

    /** The kernel [out, in/groups, (kh,) kw]; null before build. */
    public final Parameter weight() {
        return weight;
    }

    /** The bias [out]; null before build or without one. */
    public final Parameter bias() {
        return bias;
    }

    @Override
    protected final String describe() {
        Settings s = settings();
        String in = weight == null ? "?" : Integer.toString(weight.shape().dim(1) * s.groups());
        String pad = s.padding() instanceof int[] p ? Arrays.toString(p) : "same";
        return getClass().getSimpleName() + "(" + in + " -> " + s.outChannels() + ", kernel=" + Arrays.toString(s.kernelSize())
                + ", stride=" + Arrays.toString(s.stride()) + ", padding=" + pad
                + (Arrays.stream(s.dilation()).allMatch(d -> d == 1) ? "" : ", dilation=" + Arrays.toString(s.dilation()))
                + (s.groups() == 1 ? "" : ", groups=" + s.groups()) + ", bias=" + s.useBias() + ")";
    }
}
