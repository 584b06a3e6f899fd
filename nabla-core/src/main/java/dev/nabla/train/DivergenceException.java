package dev.nabla.train;

/**
 * Training produced a loss or a gradient that is NaN or infinite. Thrown before the optimizer touched
 * the weights, so the model still holds the last finite ones.
 */
public final class DivergenceException extends ArithmeticException {
    private final int epoch;
    private final int batch;
    private final String parameter;

    public DivergenceException(int epoch, int batch, String parameter, String what) {
        super("training diverged at epoch " + (epoch + 1) + ", batch " + (batch + 1) + ": " + what
                + "; the weights were not updated (try a lower learning rate, gradient clipping, or input normalisation)");
        this.epoch = epoch;
        this.batch = batch;
        this.parameter = parameter;
    }

    /** 0-based epoch of the update that diverged. */
    public int epoch() {
        return epoch;
    }

    /** 0-based batch within the epoch. */
    public int batch() {
        return batch;
    }

    /** The first parameter (in model order) whose gradient was not finite, or null when the loss was. */
    public String parameter() {
        return parameter;
    }
}
