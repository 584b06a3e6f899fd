package dev.nabla.nn;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A layer that combines several inputs into one, for {@link Graph} nodes with more than one input
 * (Keras' merge layers). {@link #add()}, {@link #multiply()} and {@link #average()} need inputs of one
 * shape; {@link #concat()} joins along the feature axis and needs the other axes to match.
 *
 * <pre>{@code
 * Graph.builder().input("x", 16)
 *         .node("h", new Dense(16, relu()), "x")
 *         .node("sum", Merge.add(), "x", "h")      // a skip connection
 *         .output("sum").build(42);
 * }</pre>
 *
 * A merge has no parameters. It is built for a list of per-sample shapes ({@link #build(List, DType)})
 * and applied to a list of tensors ({@link #forward(List)}); the one-tensor {@code forward} of
 * {@link Layer} refuses it, so a merge placed in a {@link Sequential} fails with a message saying so.
 */
public abstract sealed class Merge extends Layer {
    private List<Shape> pending;
    private List<Shape> inputShapes;

    Merge() {}

    /** Elementwise sum of inputs of one shape. */
    public static Merge add() { return new Add(); }
    /** Elementwise product of inputs of one shape. */
    public static Merge multiply() { return new Multiply(); }
    /** Elementwise mean of inputs of one shape. */
    public static Merge average() { return new Average(); }
    /** Joins the inputs along the last (feature) axis. */
    public static Concatenate concat() { return new Concatenate(-1); }
    /** Joins the inputs along {@code axis} of the batched tensor (Keras' convention: 1 is the first feature axis, -1 the last). */
    public static Concatenate concat(int axis) { return new Concatenate(axis); }

    /** Checks the per-sample input shapes and returns the merged per-sample shape. */
    protected abstract Shape mergedShape(List<Shape> inputs);

    /** Combines tensors already checked against the built shapes. */
    protected abstract Tensor merge(List<Tensor> inputs);

    /**
     * Builds for the given per-sample input shapes (two or more); returns the output shape. Building
     * again with the same shapes is a no-op; with others it is an error.
     */
    public final Shape build(List<Shape> inputs, DType dtype) {
        if (isBuilt()) {
            if (!inputs.equals(inputShapes)) {
                throw new IllegalStateException(label() + ": already built for inputs " + inputShapes + ", asked for " + inputs);
            }
            return outputShape();
        }
        if (inputs.size() < 2) {
            throw new IllegalArgumentException(label() + ": needs at least 2 inputs, got " + inputs.size());
        }
        pending = List.copyOf(inputs);
        try {
            return build(inputs.get(0), new Generator(0), dtype);
        } finally {
            pending = null;
        }
    }

    /** Merges {@code inputs} (each [batch, ...]); builds from their shapes on first use. */
    public final Tensor forward(List<Tensor> inputs) {
        if (inputs.size() < 2) {
            throw new IllegalArgumentException(label() + ": needs at least 2 inputs, got " + inputs.size());
        }
        List<Shape> shapes = new ArrayList<>();
        for (Tensor t : inputs) {
            if (t.rank() < 1) {
                throw new IllegalArgumentException(label() + ": expected a batch of inputs, got a scalar");
            }
            shapes.add(Shape.of(Arrays.copyOfRange(t.shape().dims(), 1, t.rank())));
        }
        if (!isBuilt()) {
            build(shapes, inputs.get(0).dtype().isFloating() ? inputs.get(0).dtype() : DType.FLOAT32);
        }
        checkInputs(inputs, shapes);
        Tensor y = NonFiniteSearch.observe(this, merge(inputs));
        if (hasForwardHooks()) {
            runForwardHooks(List.copyOf(inputs), y);
        }
        return y;
    }

    private void checkInputs(List<Tensor> inputs, List<Shape> shapes) {
        if (inputs.size() != inputShapes.size()) {
            throw new IllegalArgumentException(label() + ": built for " + inputShapes.size() + " inputs, got " + inputs.size());
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (!shapes.get(i).equals(inputShapes.get(i))) {
                throw new IllegalArgumentException(label() + ": expected input " + i + " " + batched(inputShapes.get(i))
                        + ", got " + inputs.get(i).shape());
            }
            if (inputs.get(i).dim(0) != inputs.get(0).dim(0)) {
                throw new IllegalArgumentException(label() + ": inputs must share the batch size, got "
                        + inputs.get(0).shape() + " and " + inputs.get(i).shape());
            }
        }
    }

    @Override
    public Merge named(String layerName) {
        super.named(layerName);
        return this;
    }

    /** The per-sample shapes of the inputs, or null before build. */
    public final List<Shape> inputShapes() {
        return inputShapes;
    }

    @Override
    protected final Shape doBuild(Shape input, Generator g, DType dtype) {
        if (pending == null) {
            throw new IllegalArgumentException(label() + ": a merge combines several inputs; use it as a Graph node "
                    + "with 2 or more inputs (or build it with build(List<Shape>, DType))");
        }
        Shape out = mergedShape(pending);
        inputShapes = pending;
        return out;
    }

    @Override
    protected final void checkInput(Tensor x) {
        throw new IllegalArgumentException(label() + ": a merge combines several inputs; call forward(List<Tensor>)");
    }

    @Override
    protected final Tensor call(Tensor x) {
        throw new IllegalStateException(label() + ": a merge has no one-input call");
    }

    @Override
    protected String describe() {
        return getClass().getSimpleName() + "()";
    }

    /** A per-sample shape written with its batch axis, as errors show it: {@code [*, 784]}. */
    static String batched(Shape s) {
        return s.rank() == 0 ? "[*]" : "[*, " + s.toString().substring(1);
    }

    /** Shapes for an elementwise merge: all equal. */
    final Shape sameShape(List<Shape> inputs) {
        for (int i = 1; i < inputs.size(); i++) {
            if (!inputs.get(i).equals(inputs.get(0))) {
                throw new IllegalArgumentException(label() + ": inputs must all have the same shape, got "
                        + batched(inputs.get(0)) + " (input 0) and " + batched(inputs.get(i)) + " (input " + i + ")");
            }
        }
        return inputs.get(0);
    }

    /** inputs[0] op inputs[1] op ... from the left. */
    private static Tensor fold(List<Tensor> inputs, java.util.function.BinaryOperator<Tensor> op) {
        Tensor y = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            y = op.apply(y, inputs.get(i));
        }
        return y;
    }

    /** Elementwise sum. */
    public static final class Add extends Merge {
        /** No settings. */
        public record Config() implements LayerConfig {
            @Override
            public Add create() {
                return new Add();
            }
        }

        @Override
        public Config config() {
            return new Config();
        }

        @Override
        protected Shape mergedShape(List<Shape> inputs) { return sameShape(inputs); }

        @Override
        protected Tensor merge(List<Tensor> inputs) {
            return fold(inputs, Tensor::add);
        }
    }

    /** Elementwise product. */
    public static final class Multiply extends Merge {
        /** No settings. */
        public record Config() implements LayerConfig {
            @Override
            public Multiply create() {
                return new Multiply();
            }
        }

        @Override
        public Config config() {
            return new Config();
        }

        @Override
        protected Shape mergedShape(List<Shape> inputs) { return sameShape(inputs); }

        @Override
        protected Tensor merge(List<Tensor> inputs) {
            return fold(inputs, Tensor::mul);
        }
    }

    /** Elementwise mean: the sum divided by the number of inputs. */
    public static final class Average extends Merge {
        /** No settings. */
        public record Config() implements LayerConfig {
            @Override
            public Average create() {
                return new Average();
            }
        }

        @Override
        public Config config() {
            return new Config();
        }

        @Override
        protected Shape mergedShape(List<Shape> inputs) { return sameShape(inputs); }

        @Override
        protected Tensor merge(List<Tensor> inputs) {
            return fold(inputs, Tensor::add).div(inputs.size());
        }
    }

    /** Joins along one axis; every other axis must match. */
    public static final class Concatenate extends Merge {
        /** The axis of the batched tensor to join along (not 0, the batch axis; negative counts from the end). */
        public record Config(int axis) implements LayerConfig {
            public Config {
                Check.that(axis != 0, "Concatenate", "axis", "a feature axis, not 0 (the batch axis)", axis);
            }

            static Config read(ConfigReader c) {
                return c.allowOnly("axis").build(() -> new Config(c.intValue("axis", concat().axis())));
            }

            @Override
            public Concatenate create() {
                return new Concatenate(axis);
            }
        }

        private final Config config;
        private int batchedAxis;

        Concatenate(int axis) {
            this.config = new Config(axis);
        }

        /** The axis as given (of the batched tensor; negative counts from the end). */
        public int axis() { return config.axis(); }

        @Override
        public Config config() {
            return config;
        }

        @Override
        protected Shape mergedShape(List<Shape> inputs) {
            int axis = config.axis();
            int rank = inputs.get(0).rank();
            int a = axis < 0 ? axis + rank + 1 : axis;
            if (a < 1 || a > rank) {
                throw new IllegalArgumentException(label() + ": axis " + axis + " is out of range for inputs "
                        + batched(inputs.get(0)) + " (valid: 1 to " + rank + ", or -" + rank + " to -1)");
            }
            int[] out = inputs.get(0).dims();
            for (int i = 1; i < inputs.size(); i++) {
                Shape s = inputs.get(i);
                boolean ok = s.rank() == rank;
                for (int d = 0; ok && d < rank; d++) {
                    ok = d == a - 1 || s.dim(d) == out[d];
                }
                if (!ok) {
                    throw new IllegalArgumentException(label() + ": inputs must match on every axis but axis " + axis
                            + ", got " + batched(inputs.get(0)) + " (input 0) and " + batched(s) + " (input " + i + ")");
                }
                out[a - 1] += s.dim(a - 1);
            }
            batchedAxis = a;
            return Shape.of(out);
        }

        @Override
        protected Tensor merge(List<Tensor> inputs) {
            return Tensor.concat(batchedAxis, inputs.toArray(new Tensor[0]));
        }

        @Override
        protected String describe() {
            return "Concatenate(axis=" + axis() + ")";
        }
    }
}
