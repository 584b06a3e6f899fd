package dev.nabla.spec;

import dev.nabla.data.Dataset;
import java.util.Objects;

/**
 * The parts an experiment's data was split into, as read (before transforms), so they can be fed to a
 * saved model's {@code predict}, which applies the transforms itself.
 *
 * @param train the samples trained on
 * @param validation the held-out end of the training part ({@code validation_split}), or null
 * @param test the source's test part or the {@code test_split}, or null
 */
public record DataSplits(Dataset train, Dataset validation, Dataset test) {
    public DataSplits {
        Objects.requireNonNull(train, "train");
    }
}
