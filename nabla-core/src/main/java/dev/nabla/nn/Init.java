package dev.nabla.nn;

import dev.nabla.config.Check;
import dev.nabla.config.Registry;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Weight initialisers, following PyTorch's {@code torch.nn.init} definitions. Fans are those of a
 * weight stored {@code [out, in, ...]}: fanIn = in × receptive field, fanOut = out × receptive field.
 *
 * <p>Open, like activations: a user's initialiser works in every layer that takes one, and a registered
 * record ({@link #REGISTRY}) can be named in specs and model files.
 */
@FunctionalInterface
public interface Init {
    /** The initialisers configs can name ({@code {"name": "he_normal", "mode": "fan_out"}}). */
    Registry<Init> REGISTRY = Inits.builtIns();

    /** Draws a tensor of the given shape. */
    Tensor sample(Generator g, DType dtype, Shape shape);

    /** The name configs use; an unregistered initialiser is named by its class. */
    default String name() {
        String n = REGISTRY.nameOf(this);
        return n != null ? n : getClass().getSimpleName();
    }

    // The factories without arguments hold the defaults (PyTorch's); config readers take them from there.

    static Init zeros() { return new Zeros(); }
    static Init constant(double value) { return new Constant(value); }
    static Init uniform(double a, double b) { return new Uniform(a, b); }
    static Init normal(double mean, double std) { return new Normal(mean, std); }
    static GlorotUniform glorotUniform() { return new GlorotUniform(1.0); }
    static GlorotNormal glorotNormal() { return new GlorotNormal(1.0); }
    /** He/Kaiming uniform for ReLU (gain √2), fan-in mode. */
    static HeUniform heUniform() { return new HeUniform(FanMode.FAN_IN, Math.sqrt(2)); }
    static HeNormal heNormal() { return new HeNormal(FanMode.FAN_IN, Math.sqrt(2)); }
    static Orthogonal orthogonal() { return new Orthogonal(1.0); }

    /** Which fan scales He initialisation: fan-in preserves forward variance, fan-out backward. */
    enum FanMode { FAN_IN, FAN_OUT }

    /** Every element 0. */
    record Zeros() implements Init {
        public Tensor sample(Generator g, DType dtype, Shape shape) { return Tensor.zeros(dtype, shape.dims()); }
    }

    /** Every element = value. */
    record Constant(double value) implements Init {
        public Constant {
            Check.finite("Constant init", "value", value);
        }
        public Tensor sample(Generator g, DType dtype, Shape shape) { return Tensor.full(dtype, value, shape.dims()); }
    }

    /** U(a, b). */
    record Uniform(double a, double b) implements Init {
        public Uniform {
            Check.finite("Uniform init", "a", a);
            Check.finite("Uniform init", "b", b);
            Check.that(a <= b, "Uniform init", "b", ">= a (" + a + ")", b);
        }
        public Tensor sample(Generator g, DType dtype, Shape shape) { return Tensor.uniform(g, dtype, a, b, shape.dims()); }
    }

    /** N(mean, std²). */
    record Normal(double mean, double std) implements Init {
        public Normal {
            Check.finite("Normal init", "mean", mean);
            Check.that(std >= 0 && std < Double.POSITIVE_INFINITY, "Normal init", "std", "finite and >= 0", std);
        }
        public Tensor sample(Generator g, DType dtype, Shape shape) { return Tensor.normal(g, dtype, mean, std, shape.dims()); }
    }

    /** Xavier/Glorot uniform: U(-a, a), a = gain·√(6 / (fanIn + fanOut)). */
    record GlorotUniform(double gain) implements Init {
        public Tensor sample(Generator g, DType dtype, Shape shape) {
            double a = gain * Math.sqrt(6.0 / (Fans.in(shape) + Fans.out(shape)));
            return Tensor.uniform(g, dtype, -a, a, shape.dims());
        }
    }

    /** Xavier/Glorot normal: N(0, std²), std = gain·√(2 / (fanIn + fanOut)). */
    record GlorotNormal(double gain) implements Init {
        public Tensor sample(Generator g, DType dtype, Shape shape) {
            double std = gain * Math.sqrt(2.0 / (Fans.in(shape) + Fans.out(shape)));
            return Tensor.normal(g, dtype, 0, std, shape.dims());
        }
    }

    /** He/Kaiming uniform: U(-b, b), b = gain·√(3 / fan). */
    record HeUniform(FanMode mode, double gain) implements Init {
        public HeUniform {
            Check.notNull("HeUniform init", "mode", mode);
        }
        public Tensor sample(Generator g, DType dtype, Shape shape) {
            double bound = gain * Math.sqrt(3.0 / Fans.of(shape, mode));
            return Tensor.uniform(g, dtype, -bound, bound, shape.dims());
        }
    }

    /** He/Kaiming normal: N(0, std²), std = gain / √fan. */
    record HeNormal(FanMode mode, double gain) implements Init {
        public HeNormal {
            Check.notNull("HeNormal init", "mode", mode);
        }
        public Tensor sample(Generator g, DType dtype, Shape shape) {
            return Tensor.normal(g, dtype, 0, gain / Math.sqrt(Fans.of(shape, mode)), shape.dims());
        }
    }

    /** A (semi-)orthogonal matrix times gain (Saxe et al. 2013), from the QR of a normal matrix. */
    record Orthogonal(double gain) implements Init {
        public Tensor sample(Generator g, DType dtype, Shape shape) { return Fans.orthogonal(g, dtype, shape, gain); }
    }
}
