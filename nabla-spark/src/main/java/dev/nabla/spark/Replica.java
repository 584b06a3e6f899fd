package dev.nabla.spark;

import dev.nabla.loss.CrossEntropy;
import dev.nabla.loss.Loss;
import dev.nabla.loss.NLL;
import dev.nabla.loss.ReducedLoss;
import dev.nabla.loss.Reduction;
import dev.nabla.nn.Graph;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Layers;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Optimizer;
import dev.nabla.spec.ExperimentSpec;
import dev.nabla.spec.PenaltySpec;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Penalty;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One task's copy of the model and its optimizer, built from the spec text and seed, so every replica
 * (and the single-machine run it must equal) starts from the same bits. It computes its share of a
 * global batch's gradient and reads and writes the gradient and the parameters as one flat vector, the
 * parameters in {@code namedParameters()} order.
 */
final class Replica {
    final ExperimentSpec spec;
    final Layer model;
    final Optimizer optimizer;
    final Loss loss;
    final List<Penalty> penalties;
    final DType dtype;
    final boolean classification;
    private final List<Parameter> params;
    private final int size;

    Replica(String specText, int features, DType dtype, long runSteps) {
        this.spec = ExperimentSpec.parse(specText, Path.of("."), "spark");
        this.dtype = dtype;
        this.model = build(spec, features, dtype);
        this.loss = spec.loss();
        this.classification = loss instanceof CrossEntropy || loss instanceof NLL;
        this.optimizer = spec.optimizer().create(model.parameters());
        optimizer.setSchedule(spec.schedule().forRun(runSteps));
        this.penalties = spec.penalties().stream().map(PenaltySpec::create).toList();
        this.params = model.parameters();
        this.size = (int) model.parameterCount();
        model.train();
    }

    /** The spec's model built for samples of {@code features} values, in {@code dtype}, from the spec's seed. */
    static Layer build(ExperimentSpec spec, int features, DType dtype) {
        Layer model = Layers.read(spec.model().architecture(), "$.model");
        Shape sample = Shape.of(features);
        switch (model) {
            case Sequential s -> s.build(spec.seed(), dtype, features);
            case Graph g -> g.build(spec.seed(), dtype, Map.of(g.inputNames().get(0), sample));
            default -> model.build(sample, new Generator(spec.seed()), dtype);
        }
        return model;
    }

    /**
     * Why this spec cannot train synchronously with the single-machine result, or null. Batch
     * normalisation's statistics would be of each task's share, not the global batch; dropout's masks
     * would come from each replica's generator instead of the single machine's one.
     */
    String notDistributable() {
        Map<String, Tensor> buffers = model.namedBuffers();
        if (!buffers.isEmpty()) {
            return "the layer holding " + buffers.keySet().iterator().next() + " keeps batch statistics (batch "
                    + "normalisation), which each task would compute over its share of the batch only";
        }
        if (!model.namedGenerators().isEmpty()) {
            return "the layer " + model.namedGenerators().keySet().iterator().next() + " draws random numbers (dropout), "
                    + "which each replica would draw from its own generator, not the single machine's";
        }
        if (loss instanceof ReducedLoss r && r.reduction() == Reduction.NONE) {
            return "the loss has reduction none; synchronous training needs mean or sum";
        }
        return null;
    }

    /** What a task's mean loss is multiplied by so that the tasks' gradients sum to the global batch's. */
    double share(int local, int global) {
        boolean sum = loss instanceof ReducedLoss r && r.reduction() == Reduction.SUM;
        return sum ? 1 : (double) local / global;
    }

    int size() {
        return size;
    }

    /**
     * Forward and backward of this task's rows of the batch (x may be null: no rows), the loss weighted by
     * {@code share}, plus the penalties when {@code withPenalties} (one task adds them, once). Returns the
     * objective summed over the rows, for the epoch's mean loss.
     */
    double backward(Tensor x, Tensor y, double share, boolean withPenalties, int rows) {
        optimizer.zeroGrad();
        Tensor total = null;
        double sum = 0;
        if (x != null) {
            Tensor l = loss.compute(model.forward(x), y);
            sum = l.item() * rows;
            total = l.mul(share);
        }
        if (withPenalties) {
            for (Penalty p : penalties) {
                Tensor term = p.compute(model);
                if (term != null) {
                    sum += term.item() * rows;
                    total = total == null ? term : total.add(term.to(total.dtype()));
                }
            }
        }
        if (total != null) {
            total.backward();
        }
        return sum;
    }

    /** The gradient as one vector (zeros where a parameter has none) into {@code flat[0, size)}. */
    void gradients(double[] flat) {
        int at = 0;
        for (Parameter p : params) {
            Tensor g = p.grad();
            int n = p.size();
            if (g == null) {
                java.util.Arrays.fill(flat, at, at + n, 0);
            } else {
                copyOut(g, flat, at);
            }
            at += n;
        }
    }

    /** Installs {@code flat[0, size)} as every parameter's gradient. */
    void setGradients(double[] flat) {
        int at = 0;
        for (Parameter p : params) {
            int n = p.size();
            p.value().setGrad(Tensor.of(dtype, java.util.Arrays.copyOfRange(flat, at, at + n), p.shape().dims()));
            at += n;
        }
    }

    double[] parameters() {
        double[] flat = new double[size];
        int at = 0;
        for (Parameter p : params) {
            copyOut(p.value(), flat, at);
            at += p.size();
        }
        return flat;
    }

    void setParameters(double[] flat) {
        int at = 0;
        for (Parameter p : params) {
            int n = p.size();
            p.assign(Tensor.of(dtype, java.util.Arrays.copyOfRange(flat, at, at + n), p.shape().dims()));
            at += n;
        }
    }

    private static void copyOut(Tensor t, double[] flat, int at) {
        if (t.dtype() == DType.FLOAT64) {
            System.arraycopy(t.f64(), 0, flat, at, t.size());
        } else {
            float[] f = t.f32();
            for (int i = 0; i < t.size(); i++) {
                flat[at + i] = f[i];
            }
        }
    }
}
