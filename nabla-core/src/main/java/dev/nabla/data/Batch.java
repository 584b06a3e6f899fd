package dev.nabla.data;

import dev.nabla.tensor.Tensor;

/**
 * One mini-batch from a {@link DataLoader}: the features and targets of some samples, and which samples
 * they are (their row numbers in the data set), so a caller can log or look up what the model saw.
 *
 * @param features {@code [B, ...]}, rows of the data set's features
 * @param targets {@code [B]} or {@code [B, k]}, the matching targets
 * @param indices the B row numbers, in batch order (the array itself, not a copy)
 */
public record Batch(Tensor features, Tensor targets, int[] indices) {

    public Batch {
        if (features.dim(0) != indices.length || targets.dim(0) != indices.length) {
            throw new IllegalArgumentException("Batch: features " + features.shape() + " and targets " + targets.shape()
                    + " must both have " + indices.length + " rows, one per index");
        }
    }

    /** Number of samples in this batch. */
    public int size() {
        return indices.length;
    }
}
