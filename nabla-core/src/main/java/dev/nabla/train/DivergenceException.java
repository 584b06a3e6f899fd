package dev.nabla.train;

/**
 * Training produced a loss or a gradient that is NaN or infinite, or (with rollback on) a loss that kept
 * exploding. Thrown before the optimizer touched the weights, so the model still holds the last finite
 * ones. The message names the epoch, the batch and, when one is to blame, the layer.
 */
public final class DivergenceException extends ArithmeticException {
    private final int epoch;
    private final int batch;
    private final String parameter;
    private final String layer;

    public DivergenceException(int epoch, int batch, String parameter, String what) {
        this(epoch, batch, parameter, null, what);
    }

    /** {@code layer}: the dotted path of the layer to blame ({@code layers.1}), or null when none is. */
    public DivergenceException(int epoch, int batch, String parameter, String layer, String what) {
        super("training diverged at epoch " + (epoch + 1) + ", batch " + (batch + 1) + ": " + what
                + "; the weights were not updated (try a lower learning rate, gradient clipping, or input normalisation)");
        this.epoch = epoch;
        this.batch = batch;
        this.parameter = parameter;
        this.layer = layer;
    }

    /** 0-based epoch of the update that diverged. */
    public int epoch() {
        return epoch;
    }

    /** 0-based batch within the epoch. */
    public int batch() {
        return batch;
    }

    /**
     * The parameter whose gradient was not finite, the first the backward pass reaches (it runs from the
     * last layer to the first), or null when the loss was not finite.
     */
    public String parameter() {
        return parameter;
    }

    /**
     * The dotted path of the layer to blame ({@code layers.1}, {@code nodes.h1}; {@code ""} for the model
     * itself): the first whose output was not finite, or the one owning {@link #parameter()}; null when
     * no layer is to blame (the input batch, a loss that overflowed from finite outputs, or one that
     * exploded).
     */
    public String layer() {
        return layer;
    }
}
