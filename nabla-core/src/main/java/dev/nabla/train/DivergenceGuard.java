package dev.nabla.train;

import dev.nabla.nn.Module;
import dev.nabla.nn.NonFiniteSearch;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.ReduceMath;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a NaN or an infinity from reaching the weights, and says where it came from. The contract, per
 * step: {@link #beforeForward}; after the forward, {@link #checkLoss} (no backward runs through a
 * non-finite loss); after the backward and before the optimizer step, {@link #checkGradients}. Each check
 * answers null when all is well, or the {@link Divergence} found; the loop then rolls back or throws
 * {@link Divergence#at}, and the optimizer has not stepped either way.
 *
 * <p>Healthy steps pay for a copy of each dropout generator's four longs and one pass over the gradients
 * (split across the kernels' pool). The search for the layer to blame, a second forward of the batch,
 * runs only once the loss came out non-finite.
 */
final class DivergenceGuard {
    private final Module model;
    private final List<Generator> generators;
    private final long[][] generatorStates;
    /** The parameters in the order the backward pass reaches them (made at the first check, once built). */
    private List<Map.Entry<String, Parameter>> backwardOrder;

    DivergenceGuard(Module model) {
        this.model = model;
        this.generators = List.copyOf(model.namedGenerators().values());
        this.generatorStates = new long[generators.size()][];
    }

    /** Remembers where the dropout generators stand, so a search replays the very same forward. */
    void beforeForward() {
        for (int i = 0; i < generatorStates.length; i++) {
            generatorStates[i] = generators.get(i).state();
        }
    }

    /**
     * Null if the loss is finite; else the divergence, naming the first layer whose output was not finite
     * (a second forward of {@code input}, the batch's features, with the generators set back).
     */
    Divergence checkLoss(double value, Tensor input) {
        if (Double.isFinite(value)) {
            return null;
        }
        for (int i = 0; i < generatorStates.length; i++) {
            generators.get(i).setState(generatorStates[i]);
        }
        String loss = "the loss is " + value;
        NonFiniteSearch.Finding f;
        try {
            f = NonFiniteSearch.firstNonFiniteOutput(model, input);
        } catch (RuntimeException e) {
            // the divergence is the news; a failed search must not hide it behind an error of its own
            return new Divergence(null, null, loss + " (a second forward of the batch, to find the layer, failed: "
                    + e.getMessage() + ")");
        }
        if (f == null) {
            return new Divergence(null, null, loss + ", though every layer's output is finite (the loss itself overflowed)");
        }
        if (f.path() == null) {
            return new Divergence(null, null, loss + ": the input batch itself holds a NaN or an infinity");
        }
        return new Divergence(null, f.path(), loss + ": the first layer whose output is not finite is " + f);
    }

    /**
     * Null if every gradient is finite, else the first non-finite one the backward pass reaches, by name
     * and layer: the backward runs from the last layer to the first, so that is where the NaN or infinity
     * appeared; the layers before it only inherit it.
     */
    Divergence checkGradients() {
        if (backwardOrder == null) {
            backwardOrder = backwardOrder(model);
        }
        for (Map.Entry<String, Parameter> e : backwardOrder) {
            Tensor g = e.getValue().grad();
            if (g != null && !finite(g)) {
                NonFiniteSearch.Finding layer = NonFiniteSearch.layerOf(model, e.getKey());
                return new Divergence(e.getKey(), layer.path(), "the gradient of '" + e.getKey() + "' (" + layer
                        + ") is not finite, the first such parameter the backward pass reaches");
            }
        }
        return null;
    }

    /** The model's parameters, layers last to first, each layer's own in their order. */
    private static List<Map.Entry<String, Parameter>> backwardOrder(Module model) {
        Map<String, List<Map.Entry<String, Parameter>>> byLayer = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            int dot = e.getKey().lastIndexOf('.');
            byLayer.computeIfAbsent(dot < 0 ? "" : e.getKey().substring(0, dot), k -> new ArrayList<>()).add(e);
        }
        List<List<Map.Entry<String, Parameter>>> layers = new ArrayList<>(byLayer.values());
        List<Map.Entry<String, Parameter>> out = new ArrayList<>();
        for (int i = layers.size() - 1; i >= 0; i--) {
            out.addAll(layers.get(i));
        }
        return List.copyOf(out);
    }

    /** One pass over the gradient, split across the pool (a read of every gradient each step). */
    private static boolean finite(Tensor g) {
        return ReduceMath.allFinite(g);
    }

    /**
     * What went wrong: a parameter whose gradient was not finite (its name, else null), the layer to blame
     * (its path, else null), and the words for it.
     */
    record Divergence(String parameter, String layer, String what) {
        /** The exception that stops the fit at this 0-based epoch and batch. */
        DivergenceException at(int epoch, int batch) {
            return new DivergenceException(epoch, batch, parameter, layer, what);
        }
    }
}
