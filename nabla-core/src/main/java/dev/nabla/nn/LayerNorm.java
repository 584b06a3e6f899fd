package dev.nabla.nn;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Layer normalisation (Ba, Kiros and Hinton, 2016), as PyTorch's {@code nn.LayerNorm}: each sample is
 * normalised over its last {@code axes} axes to mean 0 and variance 1 (the biased variance, divided by
 * the count), then scaled and shifted per position by a learnt {@code weight} (ones) and {@code bias}
 * (zeros) of the normalised shape:
 *
 * <pre>
 *   y = (x − E[x]) / √(Var[x] + ε) · weight + bias
 * </pre>
 *
 * Unlike batch normalisation it uses no batch statistics, so training and evaluation compute the same
 * thing. Built from differentiable tensor ops, so its gradient comes from autograd.
 */
public final class LayerNorm extends Layer {
    /**
     * LayerNorm's settings; {@link #DEFAULT} holds PyTorch's.
     *
     * @param axes how many trailing axes of a sample are normalised together (1: the last)
     * @param eps added to the variance
     * @param elementwiseAffine whether there are a learnt weight and bias
     */
    public record Config(int axes, double eps, boolean elementwiseAffine) implements LayerConfig {
        /** The last axis, ε = 1e-5, with weight and bias (PyTorch's defaults). */
        public static final Config DEFAULT = new Config(1, 1e-5, true);

        public Config {
            Check.positive("LayerNorm", "axes", axes);
            Check.positive("LayerNorm", "eps", eps);
        }

        static Config read(ConfigReader c) {
            c.allowOnly("axes", "eps", "elementwise_affine");
            return c.build(() -> new Config(c.intValue("axes", DEFAULT.axes()), c.number("eps", DEFAULT.eps()),
                    c.bool("elementwise_affine", DEFAULT.elementwiseAffine())));
        }

        @Override
        public LayerNorm create() {
            return new LayerNorm(this);
        }
    }

    private final Config config;
    private int[] normalised;
    private Parameter weight;
    private Parameter bias;

    public LayerNorm(Config config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    /** Over the last axis, with PyTorch's defaults. */
    public LayerNorm() {
        this(Config.DEFAULT);
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    protected Shape doBuild(Shape input, Generator g, DType dtype) {
        if (input.rank() < config.axes()) {
            throw new IllegalArgumentException(label() + ": normalises the last " + config.axes()
                    + " axes, but samples have shape " + input);
        }
        int[] shape = Arrays.copyOfRange(input.dims(), input.rank() - config.axes(), input.rank());
        normalised = new int[config.axes()];
        for (int i = 0; i < normalised.length; i++) {
            normalised[i] = input.rank() + 1 - config.axes() + i; // axes of the batched tensor
        }
        if (config.elementwiseAffine()) {
            weight = registerParameter("weight", new Parameter(Tensor.ones(dtype, shape)));
            bias = registerParameter("bias", new Parameter(Tensor.zeros(dtype, shape)));
        }
        return input;
    }

    @Override
    protected Tensor call(Tensor x) {
        Tensor centred = x.sub(x.mean(normalised, true));
        Tensor variance = centred.pow(2).mean(normalised, true);
        Tensor y = centred.div(variance.add(config.eps()).sqrt());
        return weight == null ? y : y.mul(weight.value()).add(bias.value());
    }

    /** The scale [normalised shape]; null before build or without elementwise affine. */
    public Parameter weight() {
        return weight;
    }

    /** The shift [normalised shape]; null before build or without elementwise affine. */
    public Parameter bias() {
        return bias;
    }

    @Override
    protected String describe() {
        return "LayerNorm(axes=" + config.axes() + ", eps=" + config.eps() + ", elementwise_affine="
                + config.elementwiseAffine() + ")";
    }
}
