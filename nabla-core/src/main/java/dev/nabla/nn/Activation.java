package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/**
 * The activation functions, as values: a closed family, so code that maps them (to JSON, to fused
 * kernels) is checked for exhaustiveness by the compiler. Use them as functions ({@code relu().apply(x)})
 * or as layers ({@code new ActivationLayer(relu())}, or fused into {@code Dense}).
 *
 * <p>Step and sign are defined for their forward values (the perceptron's activations); their gradient
 * is zero almost everywhere, so networks using them do not learn by gradient descent.
 */
public sealed interface Activation {

    /** Applies the function elementwise (softmax variants along their axis). */
    Tensor apply(Tensor x);

    /** The short name used in configs and in {@code toString}. */
    String name();

    static Activation identity() { return new Identity(); }
    static Activation step() { return new Step(); }
    static Activation sign() { return new Sign(); }
    static Activation sigmoid() { return new Sigmoid(); }
    static Activation tanh() { return new Tanh(); }
    static Activation relu() { return new ReLU(); }
    /** Leaky ReLU with PyTorch's default slope 0.01. */
    static Activation leakyRelu() { return new LeakyReLU(0.01); }
    static Activation leakyRelu(double slope) { return new LeakyReLU(slope); }
    /** Swish / SiLU: x·sigmoid(x). */
    static Activation swish() { return new Swish(1.0); }
    static Activation swish(double beta) { return new Swish(beta); }
    static Activation elu() { return new ELU(1.0); }
    static Activation elu(double alpha) { return new ELU(alpha); }
    /** Exact GELU, x·Φ(x), as PyTorch's default. */
    static Activation gelu() { return new GELU(false); }
    static Activation softmax() { return new Softmax(-1); }
    static Activation logSoftmax() { return new LogSoftmax(-1); }

    /** f(x) = x. */
    record Identity() implements Activation {
        public Tensor apply(Tensor x) { return x; }
        public String name() { return "linear"; }
    }

    /** Heaviside step: 1 where x &gt; 0, else 0. */
    record Step() implements Activation {
        public Tensor apply(Tensor x) { return x.step(); }
        public String name() { return "step"; }
    }

    /** sign(x) in {-1, 0, 1}. */
    record Sign() implements Activation {
        public Tensor apply(Tensor x) { return x.sign(); }
        public String name() { return "sign"; }
    }

    /** 1 / (1 + e^-x). */
    record Sigmoid() implements Activation {
        public Tensor apply(Tensor x) { return x.sigmoid(); }
        public String name() { return "sigmoid"; }
    }

    record Tanh() implements Activation {
        public Tensor apply(Tensor x) { return x.tanh(); }
        public String name() { return "tanh"; }
    }

    /** max(x, 0). */
    record ReLU() implements Activation {
        public Tensor apply(Tensor x) { return x.relu(); }
        public String name() { return "relu"; }
    }

    /** x where x &gt; 0, slope·x elsewhere. */
    record LeakyReLU(double slope) implements Activation {
        public LeakyReLU {
            if (!(slope >= 0) || Double.isInfinite(slope)) {
                throw new IllegalArgumentException("LeakyReLU: slope must be finite and >= 0, got " + slope);
            }
        }
        // relu(x) - slope·relu(-x): both pieces are differentiable primitives, no mask arithmetic
        public Tensor apply(Tensor x) { return x.relu().sub(x.neg().relu().mul(slope)); }
        public String name() { return "leaky_relu"; }
    }

    /** x·sigmoid(βx) (SiLU when β = 1). */
    record Swish(double beta) implements Activation {
        public Swish {
            if (!Double.isFinite(beta)) {
                throw new IllegalArgumentException("Swish: beta must be finite, got " + beta);
            }
        }
        public Tensor apply(Tensor x) { return x.mul(beta == 1 ? x.sigmoid() : x.mul(beta).sigmoid()); }
        public String name() { return "swish"; }
    }

    /** x where x &gt; 0, α(e^x − 1) elsewhere. */
    record ELU(double alpha) implements Activation {
        public ELU {
            if (!(alpha >= 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("ELU: alpha must be finite and >= 0, got " + alpha);
            }
        }
        // exp of min(x, 0), never of a large x: the unused branch must not overflow to inf (inf·0 = NaN)
        public Tensor apply(Tensor x) {
            Tensor negPart = x.neg().relu().neg();
            return x.relu().add(negPart.exp().sub(1).mul(alpha));
        }
        public String name() { return "elu"; }
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
        public String name() { return "gelu"; }
    }

    /** exp(x_i) / Σ exp(x_j) along {@code axis} (default the last). */
    record Softmax(int axis) implements Activation {
        public Tensor apply(Tensor x) { return x.softmax(axis); }
        public String name() { return "softmax"; }
    }

    /** log softmax along {@code axis}, computed stably. */
    record LogSoftmax(int axis) implements Activation {
        public Tensor apply(Tensor x) { return x.logSoftmax(axis); }
        public String name() { return "log_softmax"; }
    }
}
