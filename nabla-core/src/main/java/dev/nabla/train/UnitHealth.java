package dev.nabla.train;

/** The counts behind {@link LayerFlow}'s dead and saturated fractions, over a batch's outputs [batch, units...]. */
final class UnitHealth {
    private UnitHealth() {}

    /** The fraction of units (everything but the batch axis) whose output is 0 or below for every sample. */
    static double deadFraction(double[] v, int batch) {
        if (batch == 0 || v.length == 0) {
            return Double.NaN;
        }
        int units = v.length / batch;
        int dead = 0;
        for (int u = 0; u < units; u++) {
            boolean alive = false;
            for (int s = 0; s < batch && !alive; s++) {
                alive = v[s * units + u] > 0;
            }
            dead += alive ? 0 : 1;
        }
        return (double) dead / units;
    }

    /** The fraction of values below {@code lo} or above {@code hi}. */
    static double outsideFraction(double[] v, double lo, double hi) {
        if (v.length == 0) {
            return Double.NaN;
        }
        int n = 0;
        for (double x : v) {
            n += x < lo || x > hi ? 1 : 0;
        }
        return (double) n / v.length;
    }
}
