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
import java.util.Locale;
import java.util.Map;

/**
 * Keeps a NaN or an infinity from reaching the weights, says where it came from, and watches the loss
 * for an explosion that stays finite. The contract, per step: {@link #beforeForward}; after the forward,
 * {@link #checkLoss} (no backward runs through a non-finite loss), then {@link #checkGrowth}; after the
 * backward and before the optimizer step, {@link #checkGradients}. Each check answers null when all is
 * well, or the {@link Divergence} found; the loop then rolls back or throws {@link Divergence#at}, and the
 * optimizer has not stepped either way.
 *
 * <p>Healthy steps pay for a comparison of the loss, a copy of each dropout generator's four longs, and
 * one pass over the gradients (split across the kernels' pool). The search for the layer to blame, a
 * second forward of the batch, runs only once the loss came out non-finite.
 */
final class DivergenceGuard {
    /**
     * How many times its reference (about where training started) the loss may grow before it counts as
     * exploding: three orders of magnitude, far past the noise of a healthy fit, whose loss falls below
     * where it started, and still early, long before float32 overflows (at ~3e38).
     */
    static final double EXPLOSION_FACTOR = 1e3;
    /** Library code reports through a logger; the nabla command shows its warnings on stderr. */
    private static final System.Logger LOG = System.getLogger("dev.nabla.train");

    private final Module model;
    /** With rollback on, an exploding loss is a divergence; without it, a warning. */
    private final boolean stopOnExplosion;
    private final List<Generator> generators;
    private final long[][] generatorStates;
    /** The parameters in the order the backward pass reaches them (made at the first check, once built). */
    private List<Map.Entry<String, Parameter>> backwardOrder;
    /** The first loss of the fit (NaN before it); the reference until the first epoch is logged. */
    private double firstLoss = Double.NaN;
    private boolean warned;

    DivergenceGuard(Module model, boolean stopOnExplosion) {
        this.model = model;
        this.stopOnExplosion = stopOnExplosion;
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
     * Null unless the loss is over {@link #EXPLOSION_FACTOR} times its reference: the first epoch's mean
     * loss once the history has it, before that the fit's first loss (after a resume into the first epoch,
     * its mean so far). An explosion is a divergence when rollback is on; otherwise it is said once, as a
     * warning on logger {@code dev.nabla.train}, and training goes on.
     */
    Divergence checkGrowth(double value, FitPosition p) {
        double firstEpoch = p.history.first("loss");
        if (Double.isNaN(firstLoss)) {
            // resumed into the first epoch: the mean so far stands in for a first loss this fit never saw
            firstLoss = p.sums != null && p.sums.count() > 0 ? p.sums.meanLoss() : value;
        }
        boolean logged = Double.isFinite(firstEpoch) && firstEpoch > 0;
        double reference = logged ? firstEpoch : firstLoss;
        if (!(reference > 0) || value <= EXPLOSION_FACTOR * reference) {
            return null; // a loss that is not positive has no orders of magnitude to grow by
        }
        String what = String.format(Locale.ROOT, "the loss %.4g is over %.0f times %s (%.4g): it is exploding", value,
                EXPLOSION_FACTOR, logged ? "the first epoch's mean loss" : "the first loss of the fit", reference);
        if (stopOnExplosion) {
            return new Divergence(null, null, what);
        }
        if (!warned) {
            warned = true;
            LOG.log(System.Logger.Level.WARNING, "training at epoch " + (p.epoch + 1) + ", batch " + (p.batch + 1) + ": "
                    + what + " (try a lower learning rate; rollbackOnDivergence, --rollback in the nabla command, "
                    + "goes back and lowers it); said once per fit");
        }
        return null;
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
        List<Tensor> grads = new ArrayList<>(backwardOrder.size());
        for (Map.Entry<String, Parameter> e : backwardOrder) {
            Tensor g = e.getValue().grad();
            if (g != null) {
                grads.add(g);
            }
        }
        if (ReduceMath.allFinite(grads)) {
            return null;  // the healthy step: one answer for all (a GPU waits once, not once per parameter)
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
        /** The exception that stops the fit at this 0-based epoch and batch, with why it was not rolled back. */
        DivergenceException at(int epoch, int batch, String noRollback) {
            return new DivergenceException(epoch, batch, parameter, layer, noRollback == null ? what : what + "; " + noRollback);
        }
    }
}
