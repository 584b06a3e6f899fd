package dev.nabla.spark;

import dev.nabla.data.FittedTransform;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * One task's samples, those whose index is {@code rank mod p}, held as flat arrays in index order: the
 * sample with global index {@code i} is row {@code i / p}. Built once per stage attempt from the cached
 * partition.
 */
final class Shard {
    final int rank;
    final int p;
    final int rows;
    final int features;
    final int targets;
    private final double[] x;
    private final double[] y;

    private Shard(int rank, int p, int rows, int features, int targets, double[] x, double[] y) {
        this.rank = rank;
        this.p = p;
        this.rows = rows;
        this.features = features;
        this.targets = targets;
        this.x = x;
        this.y = y;
    }

    /** The shard, its features passed through {@code transform} (null: none) in float64. */
    static Shard of(Iterator<Example> it, int rank, int p, int features, int targets, FittedTransform transform) {
        List<Example> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        list.sort(Comparator.comparingLong(Example::index));
        double[] x = new double[list.size() * features];
        double[] y = new double[list.size() * targets];
        for (int r = 0; r < list.size(); r++) {
            Example e = list.get(r);
            if (e.index() != (long) r * p + rank) { // the partitioner's contract: a bug here, not bad input
                throw new IllegalStateException("spark: task " + rank + " of " + p + " holds sample " + e.index()
                        + " as its row " + r + "; expected sample " + ((long) r * p + rank));
            }
            System.arraycopy(e.x(), 0, x, r * features, features);
            System.arraycopy(e.y(), 0, y, r * targets, targets);
        }
        if (transform != null && !list.isEmpty()) {
            x = transform.apply(Tensor.of(DType.FLOAT64, x, list.size(), features)).f64().clone();
        }
        return new Shard(rank, p, list.size(), features, targets, x, y);
    }

    /** Whether this task holds sample {@code index}. */
    boolean holds(int index) {
        return index % p == rank;
    }

    /** The features of the given samples (all held here), as an [m, features] tensor. */
    Tensor features(int[] samples, int m, DType dtype) {
        double[] out = new double[m * features];
        for (int i = 0; i < m; i++) {
            System.arraycopy(x, (samples[i] / p) * features, out, i * features, features);
        }
        return Tensor.of(dtype, out, m, features);
    }

    /** The targets: class indices [m] (int32) for a classifier, else numbers [m, targets]. */
    Tensor targets(int[] samples, int m, DType dtype, boolean classes) {
        if (classes) {
            int[] out = new int[m];
            for (int i = 0; i < m; i++) {
                out[i] = (int) y[samples[i] / p];
            }
            return Tensor.of(out, m);
        }
        double[] out = new double[m * targets];
        for (int i = 0; i < m; i++) {
            System.arraycopy(y, (samples[i] / p) * targets, out, i * targets, targets);
        }
        return Tensor.of(dtype, out, m, targets);
    }
}
