package dev.nabla.spark;

/**
 * A Spark run that cannot start or cannot go on: bad input (a column missing, a batch smaller than the
 * partition count), an unreachable master, a spec that cannot be distributed. The message names what and
 * where, in the user's terms; a failure inside a task reaches the driver with its own message, not as
 * Spark's stage-failure dump.
 */
public final class SparkTrainingException extends IllegalArgumentException {
    public SparkTrainingException(String message) {
        super(message);
    }

    public SparkTrainingException(String message, Throwable cause) {
        super(message, cause);
    }

    /** This exception if one is in {@code t}'s cause chain (a task's, sent back by Spark), else null. */
    static SparkTrainingException in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SparkTrainingException s) {
                return s;
            }
        }
        return null;
    }
}
