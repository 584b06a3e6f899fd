package dev.nabla.nn;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.ReduceMath;
import dev.nabla.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where in a model a NaN or an infinity first appeared: the layer whose output, in the order the layers
 * ran, first held one ({@link #firstNonFiniteOutput}), or the layer that owns a parameter
 * ({@link #layerOf}). A fit asks this only after its loss came out non-finite, so healthy steps pay for
 * nothing but one read of a counter per layer: {@link Layer#forward} and {@link Merge#forward} hand their
 * output to {@link #observe}, which looks only while a search is running, at outputs of its own thread.
 *
 * <pre>{@code
 * NonFiniteSearch.Finding f = NonFiniteSearch.firstNonFiniteOutput(model, batch);  // null: all finite
 * f.path();   // "layers.1"
 * f.label();  // "Dense 'fc2'"
 * }</pre>
 */
public final class NonFiniteSearch {
    /**
     * Searches running, on any thread: a plain read of it is all a layer pays when it is 0, cheaper than
     * asking for a thread's own state on every forward of every layer.
     */
    private static final AtomicInteger RUNNING = new AtomicInteger();
    /** The search a thread is running, what its layers report to. */
    private static final ThreadLocal<Search> CURRENT = new ThreadLocal<>();
    /** The path of a layer that runs inside the model without being one of its registered modules. */
    private static final String UNREGISTERED = "?";

    private NonFiniteSearch() {}

    /**
     * A layer as the user knows it: its dotted path in the model ({@code layers.0}, {@code nodes.h1};
     * {@code ""} for the model itself, null for the model's input) and its label ({@code Dense 'fc1'}:
     * the type, and the name it was given).
     */
    public record Finding(String path, String label) {
        @Override
        public String toString() {
            if (path == null) {
                return "the input batch";
            }
            if (path.equals(UNREGISTERED)) {
                return label + " (a layer the model does not register as a module)";
            }
            return path.isEmpty() ? "the model (" + label + ")" : label + " at " + path;
        }
    }

    /**
     * Runs {@code model.forward(input)} once more without recording gradients and answers the first layer
     * whose output holds a NaN or an infinity, in the order the layers ran (an inner layer before the
     * container holding it), {@link Finding#path()} null when the input itself does; null when every
     * output is finite (then the loss itself overflowed). The model runs as it is: in training mode a
     * dropout layer draws from its generator, so set the generators back first for the same masks.
     */
    public static Finding firstNonFiniteOutput(Module model, Tensor input) {
        if (!ReduceMath.allFinite(input)) {
            return new Finding(null, "input");
        }
        Search search = new Search(paths(model));
        Search outer = CURRENT.get();
        CURRENT.set(search);
        RUNNING.incrementAndGet();
        try (NoGrad ignored = NoGrad.enter()) {
            model.forward(input);
        } finally {
            RUNNING.decrementAndGet();
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
        return search.found;
    }

    /**
     * The layer owning the parameter at dotted path {@code parameter} ({@code layers.1.weight} is owned by
     * {@code layers.1}); the model itself when the parameter is its own.
     */
    public static Finding layerOf(Module model, String parameter) {
        int dot = parameter.lastIndexOf('.');
        String path = dot < 0 ? "" : parameter.substring(0, dot);
        Module m = model;
        for (String part : path.isEmpty() ? new String[0] : path.split("\\.")) {
            m = m.children().get(part);
            if (m == null) {
                throw new IllegalArgumentException("the model has no module at '" + path + "' (from parameter '"
                        + parameter + "')");
            }
        }
        return new Finding(path, label(m));
    }

    /** Whether a search is running on any thread (then every layer's output must be seen: nothing is fused). */
    static boolean running() {
        return RUNNING.get() != 0;
    }

    /** Called by every layer with its output; returns it unchanged. */
    static Tensor observe(Layer layer, Tensor output) {
        if (RUNNING.get() != 0) {
            Search search = CURRENT.get();
            if (search != null) {
                search.check(layer, output);
            }
        }
        return output;
    }

    private static String label(Module m) {
        if (m instanceof Layer l) {
            return l.label();
        }
        return m.getClass().getSimpleName();
    }

    /** Every module of the model by identity, with its dotted path ("" for the model). */
    private static Map<Module, String> paths(Module model) {
        Map<Module, String> out = new IdentityHashMap<>();
        collect(model, "", out);
        return out;
    }

    private static void collect(Module m, String path, Map<Module, String> out) {
        out.putIfAbsent(m, path);
        m.children().forEach((name, child) -> collect(child, path.isEmpty() ? name : path + "." + name, out));
    }

    /** One search in progress: the first finding, kept; later outputs are not looked at. */
    private static final class Search {
        private final Map<Module, String> paths;
        private Finding found;

        Search(Map<Module, String> paths) {
            this.paths = paths;
        }

        void check(Layer layer, Tensor output) {
            if (found == null && !ReduceMath.allFinite(output)) {
                String path = paths.get(layer);
                found = new Finding(path == null ? UNREGISTERED : path, layer.label());
            }
        }
    }
}
