package dev.nabla.data;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Device;
import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Samples along axis 0: features {@code [N, ...]} (float32 or float64) and targets {@code [N]} int32
 * class indices for classification, or {@code [N, k]} floats for regression. Class names, when known,
 * turn predicted indices back into labels; feature names come from a CSV header.
 *
 * @param classNames the label of each class index (empty for regression or when unnamed)
 * @param featureNames the name of each feature column (empty when unnamed)
 */
public record Dataset(Tensor features, Tensor targets, List<String> featureNames, List<String> classNames) {

    public Dataset {
        if (features.rank() == 0 || targets.rank() == 0 || features.dim(0) != targets.dim(0)) {
            throw new IllegalArgumentException("Dataset: features " + features.shape() + " and targets " + targets.shape()
                    + " must have the same number of samples along axis 0");
        }
        if (!features.dtype().isFloating()) {
            throw new IllegalArgumentException("Dataset: features must be floating, got " + features.dtype());
        }
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
        if (!classNames.isEmpty() && targets.dtype() != DType.INT32) {
            throw new IllegalArgumentException("Dataset: class names need int32 class-index targets, got " + targets.dtype());
        }
    }

    /** A dataset without names. */
    public static Dataset of(Tensor features, Tensor targets) {
        return new Dataset(features, targets, List.of(), List.of());
    }

    /** Number of samples. */
    public int size() {
        return features.dim(0);
    }

    /** True when targets are int32 class indices. */
    public boolean isClassification() {
        return targets.dtype() == DType.INT32;
    }

    /** Number of classes: the names' count, else one more than the largest index. */
    public int numClasses() {
        if (!isClassification()) {
            throw new IllegalStateException("Dataset: regression targets " + targets.shape() + " have no classes");
        }
        if (!classNames.isEmpty()) {
            return classNames.size();
        }
        int max = -1;
        for (int v : LayoutMath.toDevice(targets, Device.CPU).i32()) { // no copy on the CPU
            max = Math.max(max, v);
        }
        return max + 1;
    }

    /** The samples at the given indices, in that order (names kept). */
    public Dataset subset(int... indices) {
        return new Dataset(features.indexSelect(0, indices), targets.indexSelect(0, indices), featureNames, classNames);
    }

    /** Samples [from, to) (names kept). */
    public Dataset slice(int from, int to) {
        return new Dataset(features.slice(0, from, to), targets.slice(0, from, to), featureNames, classNames);
    }
}
