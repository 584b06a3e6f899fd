package dev.nabla.nn;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Weight initialisers, following PyTorch's {@code torch.nn.init} definitions. Fans are those of a
 * weight stored {@code [out, in, ...]}: fanIn = in × receptive field, fanOut = out × receptive field.
 */
public sealed interface Init {

    /** Draws a tensor of the given shape. */
    Tensor sample(Generator g, DType dtype, Shape shape);

    /** The short name used in configs. */
    String name();

    static Init zeros() { return new Constant(0); }
    static Init constant(double value) { return new Constant(value); }
    static Init uniform(double a, double b) { return new Uniform(a, b); }
    static Init normal(double mean, double std) { return new Normal(mean, std); }
    static Init glorotUniform() { return new GlorotUniform(1.0); }
    static Init glorotNormal() { return new GlorotNormal(1.0); }
    /** He/Kaiming uniform for ReLU (gain √2), fan-in mode. */
    static Init heUniform() { return new HeUniform(FanMode.FAN_IN, Math.sqrt(2)); }
    static Init heNormal() { return new HeNormal(FanMode.FAN_IN, Math.sqrt(2)); }
    static Init orthogonal() { return new Orthogonal(1.0); }

    /** Which fan scales He initialisation: fan-in preserves forward variance, fan-out backward. */
    enum FanMode { FAN_IN, FAN_OUT }

    /** Every element = value. */
    record Constant(double value) implements Init {
        public Constant {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("Constant init: value must be finite, got " + value);
            }
        }
        public Tensor sample(Generator g, DType dtype, Shape shape) { return Tensor.full(dtype, value, shape.dims()); }
        public String name() { return value == 0 ? "zeros" : "constant"; }
    }

    /** U(a, b). */
    record Uniform(double a, double b) implements Init {
        public Uniform {
            if (!(a <= b) || !Double.isFinite(a) || !Double.isFinite(b)) {
                throw new IllegalArgumentException("Uniform init: need finite a <= b, got a=" + a + ", b=" + b);
            }
        }
        public Tensor sample(Generator g, DType dtype, Shape shape) { return Tensor.uniform(g, dtype, a, b, shape.dims()); }
        public String name() { return "uniform"; }
    }

    /** N(mean, std²). */
    record Normal(double mean, double std) implements Init {
        public Normal {
            if (!(std >= 0) || !Double.isFinite(std) || !Double.isFinite(mean)) {
                throw new IllegalArgumentException("Normal init: need finite mean and std >= 0, got mean=" + mean + ", std=" + std);
            }
        }
        public Tensor sample(Generator g, DType dtype, Shape shape) { return Tensor.normal(g, dtype, mean, std, shape.dims()); }
        public String name() { return "normal"; }
    }

    /** Xavier/Glorot uniform: U(-a, a), a = gain·√(6 / (fanIn + fanOut)). */
    record GlorotUniform(double gain) implements Init {
        public Tensor sample(Generator g, DType dtype, Shape shape) {
            double a = gain * Math.sqrt(6.0 / (Fans.in(shape) + Fans.out(shape)));
            return Tensor.uniform(g, dtype, -a, a, shape.dims());
        }
        public String name() { return "glorot_uniform"; }
    }

    /** Xavier/Glorot normal: N(0, std²), std = gain·√(2 / (fanIn + fanOut)). */
    record GlorotNormal(double gain) implements Init {
        public Tensor sample(Generator g, DType dtype, Shape shape) {
            double std = gain * Math.sqrt(2.0 / (Fans.in(shape) + Fans.out(shape)));
            return Tensor.normal(g, dtype, 0, std, shape.dims());
        }
        public String name() { return "glorot_normal"; }
    }

    /** He/Kaiming uniform: U(-b, b), b = gain·√(3 / fan). */
    record HeUniform(FanMode mode, double gain) implements Init {
        public Tensor sample(Generator g, DType dtype, Shape shape) {
            double bound = gain * Math.sqrt(3.0 / Fans.of(shape, mode));
            return Tensor.uniform(g, dtype, -bound, bound, shape.dims());
        }
        public String name() { return "he_uniform"; }
    }

    /** He/Kaiming normal: N(0, std²), std = gain / √fan. */
    record HeNormal(FanMode mode, double gain) implements Init {
        public Tensor sample(Generator g, DType dtype, Shape shape) {
            return Tensor.normal(g, dtype, 0, gain / Math.sqrt(Fans.of(shape, mode)), shape.dims());
        }
        public String name() { return "he_normal"; }
    }

    /** A (semi-)orthogonal matrix times gain (Saxe et al. 2013), from the QR of a normal matrix. */
    record Orthogonal(double gain) implements Init {
        public Tensor sample(Generator g, DType dtype, Shape shape) { return Fans.orthogonal(g, dtype, shape, gain); }
        public String name() { return "orthogonal"; }
    }
}
