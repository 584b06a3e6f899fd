package dev.nabla.nn;

import dev.nabla.config.Check;
import dev.nabla.config.Registry;
import dev.nabla.tensor.Tensor;

/**
 * An activation function, as a value. Use it as a function ({@code relu().apply(x)}) or as a layer
 * ({@code new ActivationLayer(relu())}, or fused into {@code Dense}).
 *
 * <p>Open: a user's activation is any {@code x -> f(x)} built from differentiable tensor ops, and works in
 * every layer that takes one. To save it in a model file or name it in a spec, make it a record and
 * register it: {@code Activation.REGISTRY.register("softsign", Softsign.class, c -> new Softsign())}.
 * The built-ins are records whose components are their settings, registered in {@link Activations}.
 *
 * <p>Step and sign are defined for their forward values (the perceptron's activations); their gradient
 * is zero almost everywhere, so networks using them do not learn by gradient descent.
 */
@FunctionalInterface
public interface Activation {
    /** The activations configs can name ({@code {"name": "leaky_relu", "slope": 0.2}}). */
    Registry<Activation> REGISTRY = Activations.builtIns();

    /** Applies the function elementwise (softmax variants along their axis). */
    Tensor apply(Tensor x);

    /** The name configs use ({@code leaky_relu}); an unregistered activation is named by its class. */
    default String name() {
        String n = REGISTRY.nameOf(this);
        return n != null ? n : getClass().getSimpleName();
    }

    static Activation identity() { return new Identity(); }
    static Activation step() { return new Step(); }
    static Activation sign() { return new Sign(); }
    static Activation sigmoid() { return new Sigmoid(); }
    static Activation tanh() { return new Tanh(); }
    static Activation relu() { return new ReLU(); }
    // The factories without arguments hold the defaults (PyTorch's); config readers take them from there.

    /** Leaky ReLU with PyTorch's default slope 0.01. */
    static LeakyReLU leakyRelu() { return new LeakyReLU(0.01); }
    static Activation leakyRelu(double slope) { return new LeakyReLU(slope); }
    /** Swish / SiLU: x·sigmoid(x). */
    static Swish swish() { return new Swish(1.0); }
    static Activation swish(double beta) { return new Swish(beta); }
    static ELU elu() { return new ELU(1.0); }
    static Activation elu(double alpha) { return new ELU(alpha); }
    /** Exact GELU, x·Φ(x), as PyTorch's default. */
    static GELU gelu() { return new GELU(false); }
    /** Softplus with PyTorch's defaults: beta 1, linear above beta·x = 20. */
    static Softplus softplus() { return new Softplus(1, 20); }
    static Softmax softmax() { return new Softmax(-1); }
    static LogSoftmax logSoftmax() { return new LogSoftmax(-1); }

    /** f(x) = x. */
    record Identity() implements Activation {
        public Tensor apply(Tensor x) { return x; }
    }

    /** Heaviside step: 1 where x &gt; 0, else 0. */
    record Step() implements Activation {
        public Tensor apply(Tensor x) { return x.step(); }
    }

    /** sign(x) in {-1, 0, 1}. */
    record Sign() implements Activation {
        public Tensor apply(Tensor x) { return x.sign(); }
    }

    /** 1 / (1 + e^-x). */
    record Sigmoid() implements Activation {
        public Tensor apply(Tensor x) { return x.sigmoid(); }
    }

    record Tanh() implements Activation {
        public Tensor apply(Tensor x) { return x.tanh(); }
    }

    /** max(x, 0). */
    record ReLU() implements Activation {
        public Tensor apply(Tensor x) { return x.relu(); }
    }

    /** x where x &gt; 0, slope·x elsewhere. */
    record LeakyReLU(double slope) implements Activation {
        public LeakyReLU {
            Check.that(slope >= 0 && slope < Double.POSITIVE_INFINITY, "LeakyReLU", "slope", "finite and >= 0", slope);
        }
        // relu(x) - slope·relu(-x): both pieces are differentiable primitives, no mask arithmetic
        public Tensor apply(Tensor x) { return x.relu().sub(x.neg().relu().mul(slope)); }
    }

    /** x·sigmoid(βx) (SiLU when β = 1). */
    record Swish(double beta) implements Activation {
        public Swish {
            Check.finite("Swish", "beta", beta);
        }
        public Tensor apply(Tensor x) { return x.mul(beta == 1 ? x.sigmoid() : x.mul(beta).sigmoid()); }
    }

    /** x where x &gt; 0, α(e^x − 1) elsewhere. */
    record ELU(double alpha) implements Activation {
        public ELU {
            Check.that(alpha >= 0 && alpha < Double.POSITIVE_INFINITY, "ELU", "alpha", "finite and >= 0", alpha);
        }
        // exp of min(x, 0), never of a large x: the unused branch must not overflow to inf (inf·0 = NaN)
        public Tensor apply(Tensor x) {
            Tensor negPart = x.neg().relu().neg();
            return x.relu().add(negPart.exp().sub(1).mul(alpha));
        }
    }

    /** x·Φ(x) with Φ the standard normal CDF; {@code approximate} uses the tanh form. */
    record GELU(boolean approximate) implements Activation {
        private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

        public Tensor apply(Tensor x) {
            if (approximate) {
                Tensor inner = x.add(x.pow(3).mul(0.044715)).mul(SQRT_2_OVER_PI);
                return x.mul(inner.tanh().add(1)).mul(0.5);
            }
            return x.mul(x.div(Math.sqrt(2)).erf().add(1)).mul(0.5);
        }
    }

    /**
     * PyTorch's Softplus: (1/β)·log(1 + e^(βx)), and x itself where βx &gt; threshold (there the two agree
     * to float precision, and PyTorch switches so). A smooth, always positive relu: what makes a network's
     * variance or scale output positive.
     */
    record Softplus(double beta, double threshold) implements Activation {
        public Softplus {
            Check.that(beta > 0 && beta < Double.POSITIVE_INFINITY, "Softplus", "beta", "> 0 and finite", beta);
            Check.finite("Softplus", "threshold", threshold);
        }

        // log(1 + e^z) as logsumexp over the pair (0, z): finite for any z, and its gradient is sigmoid(z)
        // everywhere; the textbook max(z, 0) + log(1 + e^-|z|) has relu'(0) = |z|'(0) = 0, so a gradient of 0
        // instead of 1/2 at z = 0, where a zero-initialised output starts
        public Tensor apply(Tensor x) {
            Tensor z = beta == 1 ? x : x.mul(beta);
            int axis = z.rank();
            Tensor soft = Tensor.stack(axis, Tensor.zerosLike(z), z).logSumExp(axis);
            soft = beta == 1 ? soft : soft.div(beta);
            Tensor linear = z.gt(threshold); // a 0/1 mask: constant to autograd
            return x.mul(linear).add(soft.mul(linear.neg().add(1)));
        }
    }

    /** exp(x_i) / Σ exp(x_j) along {@code axis} (default the last). */
    record Softmax(int axis) implements Activation {
        public Tensor apply(Tensor x) { return x.softmax(axis); }
    }

    /** log softmax along {@code axis}, computed stably. */
    record LogSoftmax(int axis) implements Activation {
        public Tensor apply(Tensor x) { return x.logSoftmax(axis); }
    }
}
