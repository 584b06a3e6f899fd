package dev.nabla.nn;

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
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
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
        return this;
    }

    /** Copies of every parameter's values by dotted name. */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedParameters().forEach((n, p) -> out.put(n, p.value().copy()));
        return out;
    }

    /** Loads values by dotted name; with {@code strict}, missing and unexpected names are errors. */
    public final void loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Parameter> own = namedParameters();
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
            Parameter p = own.get(n);
            if (p != null && !p.shape().equals(t.shape())) {
                problems.add("'" + n + "' has shape " + t.shape() + " in the state but " + p.shape() + " in the model");
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict into " + getClass().getSimpleName() + ": "
                    + String.join("; ", problems));
        }
        // Checked everything first: a failed load leaves the model untouched, never half-loaded.
        state.forEach((n, t) -> {
            Parameter p = own.get(n);
            if (p != null) {
                p.assign(t);
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
