package dev.nabla.nn;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Rosenblatt's perceptron (seed 004): {@code h(x) = f(wᵀx + b)} with f the Heaviside step (labels 0/1)
 * or sign (labels -1/+1), trained by the perceptron rule, not by gradients:
 * {@code w ← w + η (y − h(x)) x}, {@code b ← b + η (y − h(x))}, one sample at a time, in order.
 *
 * <p>On linearly separable data (AND, OR) the rule stops making mistakes after finitely many epochs
 * (Novikoff's theorem); on XOR it never does, and {@link #fit} reports that it did not converge.
 */
public final class Perceptron {
    private final Activation activation;
    private final double learningRate;
    private final Tensor weights;
    private final Tensor bias;

    /** The outcome of {@link #fit}: whether an epoch went by without a mistake, and the mistakes per epoch. */
    public record Result(boolean converged, int epochs, List<Integer> mistakesPerEpoch) {}

    /**
     * A perceptron over {@code inputs} features with zero initial weights.
     *
     * @param activation {@link Activation#step()} (labels 0/1) or {@link Activation#sign()} (labels -1/+1)
     */
    public Perceptron(int inputs, Activation activation, double learningRate) {
        if (inputs <= 0) {
            throw new IllegalArgumentException("Perceptron: inputs must be > 0, got " + inputs);
        }
        if (!(activation instanceof Activation.Step) && !(activation instanceof Activation.Sign)) {
            throw new IllegalArgumentException("Perceptron: activation must be step or sign, got " + activation.name());
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("Perceptron: learning rate must be > 0, got " + learningRate);
        }
        this.activation = activation;
        this.learningRate = learningRate;
        this.weights = Tensor.zeros(DType.FLOAT64, inputs);
        this.bias = Tensor.zeros(DType.FLOAT64);
    }

    /** Outputs for a batch {@code x [N, inputs]}: shape [N]. */
    public Tensor predict(Tensor x) {
        checkInput(x);
        try (NoGrad ignored = NoGrad.enter()) {
            return activation.apply(x.to(DType.FLOAT64).matmul(weights).add(bias));
        }
    }

    /**
     * Applies the perceptron rule over the samples in order, epoch after epoch, until an epoch without
     * a mistake or {@code maxEpochs}. Labels must be 0/1 for step, -1/+1 for sign.
     */
    public Result fit(Tensor x, Tensor y, int maxEpochs) {
        checkInput(x);
        if (maxEpochs <= 0) {
            throw new IllegalArgumentException("Perceptron: maxEpochs must be > 0, got " + maxEpochs);
        }
        double[] labels = y.to(DType.FLOAT64).toDoubleArray();
        if (labels.length != x.dim(0)) {
            throw new IllegalArgumentException("Perceptron: " + x.dim(0) + " samples but " + labels.length + " labels");
        }
        checkLabels(labels);
        Tensor samples = x.to(DType.FLOAT64);
        List<Integer> mistakes = new ArrayList<>();
        try (NoGrad ignored = NoGrad.enter()) {
            for (int epoch = 1; epoch <= maxEpochs; epoch++) {
                int wrong = 0;
                for (int i = 0; i < labels.length; i++) {
                    Tensor xi = samples.slice(0, i, i + 1).reshape(weights.size());
                    double out = activation.apply(xi.mul(weights).sum().add(bias)).item();
                    double delta = learningRate * (labels[i] - out);
                    if (delta != 0) {
                        wrong++;
                        weights.addInPlace(xi, delta);
                        bias.addInPlace(Tensor.scalar(DType.FLOAT64, delta), 1);
                    }
                }
                mistakes.add(wrong);
                if (wrong == 0) {
                    return new Result(true, epoch, List.copyOf(mistakes));
                }
            }
        }
        return new Result(false, maxEpochs, List.copyOf(mistakes));
    }

    private void checkInput(Tensor x) {
        if (x.rank() != 2 || x.dim(1) != weights.size()) {
            throw new IllegalArgumentException("Perceptron: expected input [*, " + weights.size() + "], got " + x.shape());
        }
    }

    private void checkLabels(double[] labels) {
        boolean step = activation instanceof Activation.Step;
        for (double v : labels) {
            if (step ? (v != 0 && v != 1) : (v != -1 && v != 1)) {
                throw new IllegalArgumentException("Perceptron: labels must be " + (step ? "0 or 1" : "-1 or 1")
                        + " for " + activation.name() + ", got " + v);
            }
        }
    }

    /** The weights (a copy). */
    public Tensor weights() {
        return weights.copy();
    }

    /** The bias (a copy). */
    public double bias() {
        return bias.item();
    }
}
