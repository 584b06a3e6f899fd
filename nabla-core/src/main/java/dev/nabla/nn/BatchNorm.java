package dev.nabla.nn;

import dev.nabla.autograd.BatchNormOp;
import dev.nabla.autograd.NoGrad;
import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.kernel.BinaryOp;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Batch normalisation (Ioffe and Szegedy, 2015) with PyTorch's semantics, names and defaults, so a
 * state dict round-trips: per channel (axis 1), over the batch and any spatial axes,
 *
 * <pre>
 *   y = (x − E[x]) / √(Var[x] + ε) · weight + bias
 * </pre>
 *
 * In training the batch's own mean and biased variance are used, and the buffers {@code running_mean}
 * (zeros) and {@code running_var} (ones) move towards the batch's mean and unbiased variance by
 * {@code momentum}: {@code r ← (1 − momentum)·r + momentum·batch}; {@code num_batches_tracked} counts
 * the updates. In evaluation the running statistics are used. Without {@code track_running_stats} there
 * are no buffers and the batch statistics are used in both modes. The buffers are in the state dict
 * (model files, checkpoints) and updated in place, never by an optimizer. Forward and backward are one
 * fused kernel each ({@link BatchNormOp}: a channel's statistics and its normalisation in one call); in a
 * {@link Sequential}, a ReLU layer right after it runs inside the same kernels (see {@link #forwardRelu}).
 */
abstract sealed class BatchNorm extends Layer permits BatchNorm1d, BatchNorm2d {
    /** The settings both layers have; PyTorch's defaults in {@link #DEFAULT}. */
    record Settings(double eps, double momentum, boolean affine, boolean trackRunningStats) {
        static final Settings DEFAULT = new Settings(1e-5, 0.1, true, true);

        Settings check(String owner) {
            Check.positive(owner, "eps", eps);
            Check.that(momentum >= 0 && momentum <= 1, owner, "momentum", "between 0 and 1", momentum);
            return this;
        }

        static Settings read(ConfigReader c) {
            c.allowOnly("eps", "momentum", "affine", "track_running_stats");
            return new Settings(c.number("eps", DEFAULT.eps()), c.number("momentum", DEFAULT.momentum()),
                    c.bool("affine", DEFAULT.affine()), c.bool("track_running_stats", DEFAULT.trackRunningStats()));
        }
    }

    private Parameter weight;
    private Parameter bias;
    private int[] broadcast;

    abstract Settings settings();

    /** The per-sample ranks this layer takes ([C] and [C, L]; or [C, H, W]), and how to name them. */
    abstract boolean accepts(int rank);

    abstract String expected();

    @Override
    protected final Shape doBuild(Shape input, Generator g, DType dtype) {
        if (!accepts(input.rank())) {
            throw new IllegalArgumentException(label() + ": expected input " + expected() + ", got per-sample shape " + input);
        }
        int channels = input.dim(0);
        broadcast = new int[input.rank() + 1];
        java.util.Arrays.fill(broadcast, 1);
        broadcast[1] = channels;
        if (settings().affine()) {
            weight = registerParameter("weight", new Parameter(Tensor.ones(dtype, channels)));
            bias = registerParameter("bias", new Parameter(Tensor.zeros(dtype, channels)));
        }
        if (settings().trackRunningStats()) {
            registerBuffer("running_mean", Tensor.zeros(dtype, channels));
            registerBuffer("running_var", Tensor.ones(dtype, channels));
            registerBuffer("num_batches_tracked", Tensor.zeros(DType.INT32));
        }
        return input;
    }

    @Override
    protected final Tensor call(Tensor x) {
        return normalise(x, false);
    }

    /** Whether {@link Sequential} may run this layer and {@code next} as one op ({@link #forwardRelu}). */
    final boolean fusesWith(Layer next) {
        return next instanceof ActivationLayer a && a.activation() instanceof Activation.ReLU && fusible()
                && next.fusible();
    }

    /**
     * This layer's forward and a following ReLU's as one op: the values and gradients of the two layers,
     * without the normalised values ever stored (in training three sweeps over the activations forward
     * instead of four, two backward instead of three).
     */
    final Tensor forwardRelu(Tensor x) {
        checkInput(x);
        return normalise(x, true);
    }

    private Tensor normalise(Tensor x, boolean relu) {
        Settings s = settings();
        boolean batchStats = isTraining() || !s.trackRunningStats();
        int count = x.size() / Math.max(1, broadcast[1]);
        if (batchStats && count <= 1 && isTraining()) {
            throw new IllegalArgumentException(label() + ": expected more than 1 value per channel when training, got input "
                    + x.shape() + " (use a batch of 2 or more, or eval())");
        }
        Tensor[] out = BatchNormOp.apply(x, weight == null ? null : weight.value(), bias == null ? null : bias.value(),
                batchStats ? null : buffer("running_mean"), batchStats ? null : buffer("running_var"), batchStats, s.eps(), relu);
        if (isTraining() && s.trackRunningStats()) {
            update(out[1], out[2], count);
        }
        return out[0];
    }

    /** The running statistics one step towards the batch's (its variance made unbiased), in place. */
    private void update(Tensor mean, Tensor variance, int count) {
        double m = settings().momentum();
        Tensor runningMean = buffer("running_mean"), runningVar = buffer("running_var");
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor keep = Tensor.scalar(runningMean.dtype(), 1 - m).to(runningMean.device());
            runningMean.applyInPlace(BinaryOp.MUL, keep).addInPlace(mean, m);
            runningVar.applyInPlace(BinaryOp.MUL, keep).addInPlace(variance, m * count / (count - 1.0));
            Tensor batches = buffer("num_batches_tracked");
            batches.set(batches.item() + 1);
        }
    }

    /** The scale [C]; null before build or without affine. */
    public final Parameter weight() {
        return weight;
    }

    /** The shift [C]; null before build or without affine. */
    public final Parameter bias() {
        return bias;
    }

    /** The running mean [C] (a buffer); null before build or without running statistics. */
    public final Tensor runningMean() {
        return buffer("running_mean");
    }

    /** The running (unbiased) variance [C] (a buffer); null before build or without running statistics. */
    public final Tensor runningVar() {
        return buffer("running_var");
    }

    @Override
    protected final String describe() {
        Settings s = settings();
        return getClass().getSimpleName() + "(" + (weight == null ? "" : weight.shape().dim(0) + ", ") + "eps=" + s.eps()
                + ", momentum=" + s.momentum() + ", affine=" + s.affine() + ", track_running_stats=" + s.trackRunningStats() + ")";
    }
}
