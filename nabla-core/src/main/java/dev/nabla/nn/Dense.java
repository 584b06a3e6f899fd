package dev.nabla.nn;

import dev.nabla.autograd.FusedActivation;
import dev.nabla.autograd.Linear;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Map;

/**
 * A fully connected layer, {@code y = activation(x·Wᵀ + b)}, with W stored {@code [out, in]} as in
 * PyTorch. The input size is inferred at build. Defaults are Keras': Glorot-uniform weights, zero bias,
 * no activation. An activation given here is applied in the same layer (the fused path).
 */
public final class Dense extends Layer {
    private final int units;
    private Activation activation = Activation.identity();
    private boolean useBias = true;
    private Init kernelInit = Init.glorotUniform();
    private Init biasInit = Init.zeros();
    private Parameter weight;
    private Parameter bias;

    public Dense(int units) {
        if (units <= 0) {
            throw new IllegalArgumentException("Dense: units must be > 0, got " + units);
        }
        this.units = units;
    }

    public Dense(int units, Activation activation) {
        this(units);
        activation(activation);
    }

    /** Sets the fused activation; returns this. */
    public Dense activation(Activation a) {
        requireUnbuilt("the activation");
        this.activation = java.util.Objects.requireNonNull(a, "activation");
        return this;
    }

    /** Drops the bias; returns this. */
    public Dense withoutBias() {
        requireUnbuilt("the bias");
        this.useBias = false;
        return this;
    }

    /** Sets the weight initialiser; returns this. */
    public Dense kernelInit(Init init) {
        requireUnbuilt("the weight initialiser");
        this.kernelInit = java.util.Objects.requireNonNull(init, "init");
        return this;
    }

    /** Sets the bias initialiser; returns this. */
    public Dense biasInit(Init init) {
        requireUnbuilt("the bias initialiser");
        this.biasInit = java.util.Objects.requireNonNull(init, "init");
        return this;
    }

    @Override
    protected Shape doBuild(Shape input, Generator g, DType dtype) {
        if (input.rank() != 1) {
            throw new IllegalArgumentException(label() + ": expected input [*, features], got per-sample shape " + input
                    + " (add a Flatten before it)");
        }
        int in = input.dim(0);
        weight = registerParameter("weight", new Parameter(kernelInit.sample(g, dtype, Shape.of(units, in))));
        if (useBias) {
            bias = registerParameter("bias", new Parameter(biasInit.sample(g, dtype, Shape.of(units))));
        }
        return Shape.of(units);
    }

    /**
     * The cheap elementwise activations run inside the product's op (bias and activation in one pass
     * over the output, the gradient through them in one pass); the others follow it as their own ops.
     */
    @Override
    protected Tensor call(Tensor x) {
        Tensor w = weight.value(), b = bias == null ? null : bias.value();
        return switch (activation) {
            case Activation.Identity a -> Linear.apply(x, w, b);
            case Activation.ReLU a -> Linear.apply(x, w, b, FusedActivation.RELU, 0);
            case Activation.LeakyReLU a -> Linear.apply(x, w, b, FusedActivation.LEAKY_RELU, a.slope());
            case Activation.Tanh a -> Linear.apply(x, w, b, FusedActivation.TANH, 0);
            case Activation.Sigmoid a -> Linear.apply(x, w, b, FusedActivation.SIGMOID, 0);
            case Activation.Step a -> a.apply(Linear.apply(x, w, b));
            case Activation.Sign a -> a.apply(Linear.apply(x, w, b));
            case Activation.Swish a -> a.apply(Linear.apply(x, w, b));
            case Activation.ELU a -> a.apply(Linear.apply(x, w, b));
            case Activation.GELU a -> a.apply(Linear.apply(x, w, b));
            case Activation.Softmax a -> a.apply(Linear.apply(x, w, b));
            case Activation.LogSoftmax a -> a.apply(Linear.apply(x, w, b));
        };
    }

    public int units() { return units; }
    public Activation activation() { return activation; }
    public boolean useBias() { return useBias; }
    public Init kernelInit() { return kernelInit; }
    public Init biasInit() { return biasInit; }
    /** The weight [out, in]; null before build. */
    public Parameter weight() { return weight; }
    /** The bias [out]; null before build or without bias. */
    public Parameter bias() { return bias; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = baseConfig();
        m.put("units", units);
        m.put("activation", Configs.of(activation));
        m.put("use_bias", useBias);
        m.put("kernel_init", Configs.of(kernelInit));
        m.put("bias_init", Configs.of(biasInit));
        return m;
    }

    @Override
    protected String describe() {
        String in = isBuilt() ? String.valueOf(inputShape().dim(0)) : "?";
        return "Dense(" + in + " -> " + units + ", bias=" + useBias
                + (activation instanceof Activation.Identity ? "" : ", activation=" + activation.name()) + ")";
    }
}
