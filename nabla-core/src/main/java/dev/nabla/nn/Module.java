package dev.nabla.nn;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.Device;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A piece of a network, in PyTorch's pattern: it owns parameters and child modules registered by
 * name, is found by walking children, and names its parameters with dotted paths
 * ({@code layers.0.weight}). {@link #forward} is the computation.
 *
 * <p>Besides parameters a module may hold <em>buffers</em> (PyTorch's {@code register_buffer}): tensors
 * that are part of its state but not trained, such as batch normalisation's running statistics. They
 * are in {@link #stateDict()} (so model files and checkpoints carry them) and move with {@link #to},
 * but not in {@link #parameters()}, so no optimizer, penalty or gradient check sees them. A module
 * updates its buffers in place (under {@code NoGrad}) and reads them through {@link #buffer}.
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The module's computation on one input. */
    public abstract Tensor forward(Tensor input);

    /** Registers (or replaces) a parameter under {@code name}; returns it. */
    protected final Parameter registerParameter(String name, Parameter p) {
        checkName(name);
        parameters.put(name, p);
        return p;
    }

    /**
     * Registers (or replaces) a buffer under {@code name}: state that is saved and loaded but not trained
     * (it must not require grad); returns it.
     */
    protected final Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        if (value.requiresGrad()) {
            throw new IllegalArgumentException("buffer '" + name + "' requires grad; a trained tensor is a Parameter");
        }
        if (parameters.containsKey(name)) {
            throw new IllegalArgumentException("'" + name + "' is already a parameter of " + getClass().getSimpleName());
        }
        buffers.put(name, value);
        return value;
    }

    /** This module's own buffer {@code name}, as it is now (moved by {@link #to}); null if there is none. */
    protected final Tensor buffer(String name) {
        return buffers.get(name);
    }

    /** Registers a child module under {@code name}; returns it. */
    protected final <M extends Module> M registerModule(String name, M child) {
        checkName(name);
        children.put(name, child);
        ((Module) child).setTraining(training);
        return child;
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("module and parameter names must be non-empty and without '.', got '" + name + "'");
        }
    }

    /** Direct children, in registration order. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** This module's own parameters (not its children's). */
    protected final Map<String, Parameter> ownParameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** Every parameter of this module and its descendants, by dotted path, in a stable order. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, Map<String, Parameter> out) {
        parameters.forEach((n, p) -> out.put(prefix + n, p));
        children.forEach((n, m) -> m.collect(prefix + n + ".", out));
    }

    /** Every buffer of this module and its descendants, by dotted path ({@code layers.1.running_mean}). */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectBuffers("", out);
        return out;
    }

    private void collectBuffers(String prefix, Map<String, Tensor> out) {
        buffers.forEach((n, b) -> out.put(prefix + n, b));
        children.forEach((n, m) -> m.collectBuffers(prefix + n + ".", out));
    }

    /**
     * Parameters and buffers by dotted path, in PyTorch's {@code state_dict} order: a module's parameters,
     * then its buffers, then each child's.
     */
    private void collectState(String prefix, Map<String, Tensor> out) {
        parameters.forEach((n, p) -> out.put(prefix + n, p.value()));
        buffers.forEach((n, b) -> out.put(prefix + n, b));
        children.forEach((n, m) -> m.collectState(prefix + n + ".", out));
    }

    /**
     * The generators this module and its descendants draw from while they run (each {@link Stochastic}
     * one that has its generator), by dotted path, {@code ""} for this module: what a checkpoint saves so
     * that a resumed fit draws the same numbers.
     */
    public final Map<String, Generator> namedGenerators() {
        Map<String, Generator> out = new LinkedHashMap<>();
        collectGenerators("", out);
        return out;
    }

    private void collectGenerators(String path, Map<String, Generator> out) {
        if (this instanceof Stochastic s && s.generator() != null) {
            out.put(path, s.generator());
        }
        children.forEach((n, m) -> m.collectGenerators(path.isEmpty() ? n : path + "." + n, out));
    }

    /** Every parameter, in the order of {@link #namedParameters()}. */
    public final List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Total number of trainable values. */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.size();
        }
        return n;
    }

    /** Clears every parameter's gradient. */
    public final void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /**
     * Moves every parameter to {@code device} in place: the {@link Parameter} objects stay, each now
     * holding a copy of its value there (as PyTorch's {@code module.to(device)}), so an optimizer built
     * after this updates them on the device. Build the model first; returns this.
     */
    public Module to(Device device) {
        for (Parameter p : parameters()) {
            p.moveTo(device);
        }
        moveBuffers(device);
        return this;
    }

    private void moveBuffers(Device device) {
        buffers.replaceAll((n, b) -> b.device().equals(device) ? b : b.to(device));
        children.values().forEach(c -> c.moveBuffers(device));
    }

    /** Copies of every parameter's and buffer's values by dotted name (PyTorch's order). */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        out.replaceAll((n, t) -> t.copy());
        return out;
    }

    /**
     * Loads parameters and buffers by dotted name; with {@code strict}, missing and unexpected names are
     * errors. Shapes must match, and a buffer's dtype too.
     */
    public final void loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = new LinkedHashMap<>();
        collectState("", own);
        Map<String, Tensor> ownBuffers = namedBuffers();
        List<String> problems = new ArrayList<>();
        TreeSet<String> missing = new TreeSet<>(own.keySet());
        missing.removeAll(state.keySet());
        TreeSet<String> unexpected = new TreeSet<>(state.keySet());
        unexpected.removeAll(own.keySet());
        if (strict && !missing.isEmpty()) {
            problems.add("missing keys " + missing);
        }
        if (strict && !unexpected.isEmpty()) {
            problems.add("unexpected keys " + unexpected);
        }
        state.forEach((n, t) -> {
            Tensor p = own.get(n);
            if (p != null && !p.shape().equals(t.shape())) {
                problems.add("'" + n + "' has shape " + t.shape() + " in the state but " + p.shape() + " in the model");
            } else if (ownBuffers.containsKey(n) && p.dtype() != t.dtype()) {
                problems.add("'" + n + "' is " + t.dtype() + " in the state but " + p.dtype() + " in the model");
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict into " + getClass().getSimpleName() + ": "
                    + String.join("; ", problems));
        }
        // Checked everything first: a failed load leaves the model untouched, never half-loaded.
        Map<String, Parameter> params = namedParameters();
        state.forEach((n, t) -> {
            Parameter p = params.get(n);
            if (p != null) {
                p.assign(t);
            } else if (ownBuffers.containsKey(n)) {
                try (NoGrad ignored = NoGrad.enter()) {
                    ownBuffers.get(n).copyFrom(t);
                }
            }
        });
    }

    /** Loads strictly. */
    public final void loadStateDict(Map<String, Tensor> state) {
        loadStateDict(state, true);
    }

    /** Training mode (dropout active); returns this. */
    public Module train() {
        setTraining(true);
        return this;
    }

    /** Evaluation mode (dropout off); returns this. */
    public Module eval() {
        setTraining(false);
        return this;
    }

    private void setTraining(boolean flag) {
        training = flag;
        children.values().forEach(c -> c.setTraining(flag));
    }

    public final boolean isTraining() {
        return training;
    }

    /** One line describing this module's own configuration, e.g. {@code Dense(784 -> 256, bias=true)}. */
    protected String describe() {
        return getClass().getSimpleName() + "()";
    }

    @Override
    public String toString() {
        if (children.isEmpty()) {
            return describe();
        }
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append("(\n");
        children.forEach((n, m) -> sb.append("  (").append(n).append("): ")
                .append(m.toString().replace("\n", "\n  ")).append('\n'));
        return sb.append(')').toString();
    }
}
