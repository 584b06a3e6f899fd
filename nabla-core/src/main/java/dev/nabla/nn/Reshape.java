package dev.nabla.nn;

import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Gives each sample a new shape with the same number of values, e.g. {@code [784]} to {@code [1, 28, 28]}
 * between a flat input and a convolution; one size may be -1 (inferred). A view, no copy.
 */
public final class Reshape extends Layer {
    /** Reshape's one setting: the per-sample target shape (no batch axis), at most one -1. */
    public record Config(int[] shape) implements LayerConfig {
        public Config {
            dev.nabla.config.Check.notNull("Reshape", "shape", shape);
            shape = shape.clone();
            long inferred = Arrays.stream(shape).filter(d -> d == -1).count();
            boolean ok = inferred <= 1 && Arrays.stream(shape).allMatch(d -> d == -1 || d > 0) && shape.length > 0;
            dev.nabla.config.Check.that(ok, "Reshape", "shape", "sizes > 0 with at most one -1", Arrays.toString(shape));
        }

        static Config read(ConfigReader c) {
            return c.allowOnly("shape").build(() -> new Config(c.ints("shape")));
        }

        @Override
        public Reshape create() {
            return new Reshape(shape);
        }
    }

    private final Config config;
    private int[] target;

    public Reshape(int... shape) {
        this.config = new Config(shape);
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    protected Shape doBuild(Shape input, Generator g, DType dtype) {
        int[] dims = config.shape().clone();
        int known = 1, free = -1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                free = i;
            } else {
                known *= dims[i];
            }
        }
        if (free >= 0 && input.size() % known == 0) {
            dims[free] = input.size() / known;
        }
        if (Shape.of(dims).size() != input.size() || (free >= 0 && dims[free] == -1)) {
            throw new IllegalArgumentException(label() + ": cannot reshape per-sample input " + input + " (" + input.size()
                    + " values) to " + Arrays.toString(config.shape()));
        }
        int[] t = new int[dims.length + 1];
        t[0] = -1;
        System.arraycopy(dims, 0, t, 1, dims.length);
        target = t;
        return Shape.of(dims);
    }

    @Override
    protected Tensor call(Tensor x) {
        return x.reshape(target);
    }

    @Override
    protected String describe() {
        return "Reshape(" + Arrays.toString(config.shape()) + ")";
    }
}
