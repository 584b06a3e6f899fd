package dev.nabla.nn;

import dev.nabla.config.ConfigWriter;
import dev.nabla.config.CustomConfig;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A module that knows its per-sample input and output shapes (without the batch axis, as in Keras),
 * so sizes are written once and inferred down a network. {@link #build} creates the parameters once the
 * input shape is known; the first forward builds an unbuilt layer with seed 0.
 *
 * <p>A layer of one's own extends this class ({@link #doBuild}, {@link #call}) and works in
 * {@link Sequential}, {@link Graph} and training as the built-ins do. To save it in a model file or name
 * it in a spec, give it a settings record ({@link LayerConfig}, returned by {@link #config()}) and
 * register it: {@code Layers.register("Scale", Scale.class, Scale.Config::read)}.
 */
public abstract class Layer extends Module implements CustomConfig {
    private String name;
    private Shape inputShape;
    private Shape outputShape;
    /** Null unless a hook is registered: a forward then pays one read of this field (see {@link ForwardHook}). */
    private ForwardHook[] forwardHooks;

    /** Creates parameters for per-sample input shape {@code input}; returns the output shape. */
    protected abstract Shape doBuild(Shape input, Generator g, DType dtype);

    /** The computation, on an input already checked against the built shape. */
    protected abstract Tensor call(Tensor x);

    /**
     * This layer's settings, the record a model file and a spec describe it by (no weights); null for a
     * layer that has none to give (it can be trained but not saved). Containers ({@link Sequential},
     * {@link Graph}) are described by their children instead: they override {@link #configEntries()}.
     */
    public LayerConfig config() {
        return null;
    }

    /**
     * The entries of this layer's config, after its type: its name (if any), then its settings record's
     * components ({@link ConfigWriter}). {@link Layers#write} puts the type first.
     */
    @Override
    public Map<String, Object> configEntries() {
        LayerConfig settings = config();
        if (settings == null) {
            throw new IllegalStateException(label() + ": has no config() to describe it by; give the layer a settings "
                    + "record (LayerConfig) and register it with Layers.register to save it or name it in a spec");
        }
        Map<String, Object> m = nameEntry();
        m.putAll(ConfigWriter.entries(settings));
        return m;
    }

    /** A config map holding this layer's name, if it has one: where a container's entries start. */
    protected final Map<String, Object> nameEntry() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (name != null) {
            m.put("name", name);
        }
        return m;
    }

    /**
     * Builds for the given per-sample input shape; returns the per-sample output shape. Building
     * again with the same shape is a no-op; with another shape it is an error.
     */
    public final Shape build(Shape input, Generator g, DType dtype) {
        if (outputShape != null) {
            if (!input.equals(inputShape)) {
                throw new IllegalStateException(label() + ": already built for input " + inputShape + ", asked for " + input);
            }
            return outputShape;
        }
        Shape out = doBuild(input, g, dtype);
        inputShape = input;
        outputShape = out;
        return out;
    }

    @Override
    public final Tensor forward(Tensor x) {
        if (outputShape == null) {
            if (x.rank() < 1) {
                throw new IllegalArgumentException(label() + ": expected a batch of inputs, got a scalar");
            }
            build(Shape.of(Arrays.copyOfRange(x.shape().dims(), 1, x.rank())), new Generator(0),
                    x.dtype().isFloating() ? x.dtype() : DType.FLOAT32);
        }
        checkInput(x);
        Tensor y = NonFiniteSearch.observe(this, call(x));
        if (forwardHooks != null) {
            runForwardHooks(List.of(x), y);
        }
        return y;
    }

    /**
     * Whether a container may run this layer fused with a neighbour, its own output never materialised:
     * built, no forward hook, and no search for a non-finite output running.
     */
    final boolean fusible() {
        return outputShape != null && forwardHooks == null && !NonFiniteSearch.running();
    }

    /**
     * Calls {@code hook} after every forward of this layer from now on, until the handle is closed; hooks
     * run in the order registered. A container's own hook sees its input and final output; its layers'
     * hooks see theirs.
     */
    public final HookHandle registerForwardHook(ForwardHook hook) {
        java.util.Objects.requireNonNull(hook, "hook");
        ForwardHook[] old = forwardHooks == null ? new ForwardHook[0] : forwardHooks;
        ForwardHook[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = hook;
        forwardHooks = grown;
        return new HookHandle(() -> {
            ForwardHook[] now = forwardHooks;
            if (now == null) {
                return;
            }
            List<ForwardHook> kept = new java.util.ArrayList<>(Arrays.asList(now));
            kept.remove(hook);
            forwardHooks = kept.isEmpty() ? null : kept.toArray(ForwardHook[]::new);
        });
    }

    /** The hooks' call after a forward (a merge's too); the check for none is the caller's. */
    final void runForwardHooks(List<Tensor> inputs, Tensor output) {
        for (ForwardHook h : forwardHooks) {
            h.afterForward(this, inputs, output);
        }
    }

    /** True when a forward hook is registered (for {@link Merge}). */
    final boolean hasForwardHooks() {
        return forwardHooks != null;
    }

    /** Refuses an input whose trailing axes differ from the built input shape. */
    protected void checkInput(Tensor x) {
        Shape s = x.shape();
        boolean ok = s.rank() == inputShape.rank() + 1;
        for (int d = 0; ok && d < inputShape.rank(); d++) {
            ok = s.dim(d + 1) == inputShape.dim(d);
        }
        if (!ok) {
            String expected = inputShape.rank() == 0 ? "[*]" : "[*, " + inputShape.toString().substring(1);
            throw new IllegalArgumentException(label() + ": expected input " + expected + ", got " + s);
        }
    }

    public final boolean isBuilt() {
        return outputShape != null;
    }

    /** The per-sample input shape, or null before build. */
    public final Shape inputShape() {
        return inputShape;
    }

    /** The per-sample output shape, or null before build. */
    public final Shape outputShape() {
        return outputShape;
    }

    /** Gives the layer a name, used in error messages ({@code Dense 'fc1': ...}); returns this. */
    public Layer named(String layerName) {
        this.name = layerName;
        return this;
    }

    /** The user-given name, or null. */
    public final String name() {
        return name;
    }

    /** The layer as error messages name it: type, and the name if it has one. */
    protected final String label() {
        return getClass().getSimpleName() + (name == null ? "" : " '" + name + "'");
    }

    /** Fails if the layer is built: options must be set before parameters exist. */
    protected final void requireUnbuilt(String option) {
        if (isBuilt()) {
            throw new IllegalStateException(label() + ": cannot change " + option + " after the layer is built");
        }
    }
}
