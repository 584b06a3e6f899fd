package dev.nabla.train;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sample-weighted sums of the loss and each metric over an epoch, which a checkpoint can carry. */
final class EpochSums {
    private final List<Metric> metrics;
    private final double[][] sums;
    private double lossSum;
    private double count;

    EpochSums(List<Metric> metrics) {
        this.metrics = metrics;
        this.sums = new double[metrics.size()][2];
    }

    void add(double batchLoss, int size, Tensor prediction, Tensor target) {
        lossSum += batchLoss * size;
        count += size;
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = 0; i < metrics.size(); i++) {
                double[] s = metrics.get(i).batch(prediction, target);
                sums[i][0] += s[0];
                sums[i][1] += s[1];
            }
        }
    }

    /** Samples summed so far. */
    double count() {
        return count;
    }

    /** The mean loss over the samples so far (NaN before any). */
    double meanLoss() {
        return lossSum / count;
    }

    Map<String, Double> logs() {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", lossSum / count);
        for (int i = 0; i < metrics.size(); i++) {
            logs.put(metrics.get(i).name(), sums[i][0] / sums[i][1]);
        }
        return logs;
    }

    /** The running sums, flat: loss sum, count, then each metric's sum and count. */
    double[] toArray() {
        double[] a = new double[2 + 2 * sums.length];
        a[0] = lossSum;
        a[1] = count;
        for (int i = 0; i < sums.length; i++) {
            a[2 + 2 * i] = sums[i][0];
            a[3 + 2 * i] = sums[i][1];
        }
        return a;
    }

    /** Sums from {@link #toArray()}. */
    static EpochSums fromArray(List<Metric> metrics, double[] a) {
        EpochSums s = new EpochSums(metrics);
        if (a.length != 2 + 2 * metrics.size()) {
            throw new IllegalArgumentException("checkpoint: running sums for " + (a.length - 2) / 2
                    + " metrics, the fit has " + metrics.size());
        }
        s.lossSum = a[0];
        s.count = a[1];
        for (int i = 0; i < s.sums.length; i++) {
            s.sums[i][0] = a[2 + 2 * i];
            s.sums[i][1] = a[3 + 2 * i];
        }
        return s;
    }
}
