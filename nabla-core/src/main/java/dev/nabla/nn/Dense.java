package dev.nabla.nn;

import dev.nabla.autograd.Linear;
import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.kernel.FusedActivation;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * A fully connected layer, {@code y = activation(x·Wᵀ + b)}, with W stored {@code [out, in]} as in
 * PyTorch. The input size is inferred at build. Defaults are Keras': Glorot-uniform weights, zero bias,
 * no activation. An activation given here is applied in the same layer (the fused path).
 */
public final class Dense extends Layer {
    /**
     * Dense's settings; {@link #of(int)} holds the defaults.
     *
     * @param units the output size
     * @param activation applied to the product (the cheap ones fused into it)
     * @param useBias whether there is a bias
     * @param kernelInit draws the weight [units, in]
     * @param biasInit draws the bias [units]
     */
    public record Config(int units, Activation activation, boolean useBias, Init kernelInit, Init biasInit)
            implements LayerConfig {
        public Config {
            Check.positive("Dense", "units", units);
            Check.notNull("Dense", "activation", activation);
            Check.notNull("Dense", "kernel_init", kernelInit);
            Check.notNull("Dense", "bias_init", biasInit);
        }

        /** {@code units} outputs, no activation, a bias, Glorot-uniform weights, zero bias (Keras' defaults). */
        public static Config of(int units) {
            return new Config(units, Activation.identity(), true, Init.glorotUniform(), Init.zeros());
        }

        static Config read(ConfigReader c) {
            c.allowOnly("units", "activation", "use_bias", "kernel_init", "bias_init");
            return c.build(() -> {
                Config d = of(c.intValue("units"));
                return new Config(d.units(), c.read("activation", Activation.REGISTRY, d.activation()),
                        c.bool("use_bias", d.useBias()), c.read("kernel_init", Init.REGISTRY, d.kernelInit()),
                        c.read("bias_init", Init.REGISTRY, d.biasInit()));
            });
        }

        @Override
        public Dense create() {
            return new Dense(this);
        }
    }

    private Config config;
    private Parameter weight;
    private Parameter bias;

    public Dense(Config config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    public Dense(int units) {
        this(Config.of(units));
    }

    public Dense(int units, Activation activation) {
        this(units);
        activation(activation);
    }

    /** Sets the fused activation; returns this. */
    public Dense activation(Activation a) {
        requireUnbuilt("the activation");
        config = new Config(config.units(), java.util.Objects.requireNonNull(a, "activation"), config.useBias(),
                config.kernelInit(), config.biasInit());
        return this;
    }

    /** Drops the bias; returns this. */
    public Dense withoutBias() {
        requireUnbuilt("the bias");
        config = new Config(config.units(), config.activation(), false, config.kernelInit(), config.biasInit());
        return this;
    }

    /** Sets the weight initialiser; returns this. */
    public Dense kernelInit(Init init) {
        requireUnbuilt("the weight initialiser");
        config = new Config(config.units(), config.activation(), config.useBias(), java.util.Objects.requireNonNull(init, "init"),
                config.biasInit());
        return this;
    }

    /** Sets the bias initialiser; returns this. */
    public Dense biasInit(Init init) {
        requireUnbuilt("the bias initialiser");
        config = new Config(config.units(), config.activation(), config.useBias(), config.kernelInit(),
                java.util.Objects.requireNonNull(init, "init"));
        return this;
    }

    @Override
    protected Shape doBuild(Shape input, Generator g, DType dtype) {
        if (input.rank() != 1) {
            throw new IllegalArgumentException(label() + ": expected input [*, features], got per-sample shape " + input
                    + " (add a Flatten before it)");
        }
        int in = input.dim(0);
        weight = registerParameter("weight", new Parameter(config.kernelInit().sample(g, dtype, Shape.of(config.units(), in))));
        if (config.useBias()) {
            bias = registerParameter("bias", new Parameter(config.biasInit().sample(g, dtype, Shape.of(config.units()))));
        }
        return Shape.of(config.units());
    }

    /**
     * The cheap elementwise activations run inside the product's op (bias and activation in one pass
     * over the output, the gradient through them in one pass); the others follow it as their own ops.
     */
    @Override
    protected Tensor call(Tensor x) {
        Tensor w = weight.value(), b = bias == null ? null : bias.value();
        Activation a = config.activation();
        FusedActivation fused = Fusion.of(a);
        return fused == null ? a.apply(Linear.apply(x, w, b)) : Linear.apply(x, w, b, fused, Fusion.slope(a));
    }

    @Override
    public Config config() { return config; }
    public int units() { return config.units(); }
    public Activation activation() { return config.activation(); }
    public boolean useBias() { return config.useBias(); }
    public Init kernelInit() { return config.kernelInit(); }
    public Init biasInit() { return config.biasInit(); }
    /** The weight [out, in]; null before build. */
    public Parameter weight() { return weight; }
    /** The bias [out]; null before build or without bias. */
    public Parameter bias() { return bias; }

    @Override
    protected String describe() {
        String in = isBuilt() ? String.valueOf(inputShape().dim(0)) : "?";
        return "Dense(" + in + " -> " + config.units() + ", bias=" + config.useBias()
                + (config.activation() instanceof Activation.Identity ? "" : ", activation=" + config.activation().name()) + ")";
    }
}
