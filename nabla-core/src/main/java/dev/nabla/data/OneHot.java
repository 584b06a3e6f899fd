package dev.nabla.data;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

/**
 * One-hot encoding of class indices: label k of C classes becomes a row of C zeros with a 1 at k. Needed
 * by losses and metrics that compare a probability vector with a target vector (MSE on class scores,
 * a hand-written cross-entropy); {@code CrossEntropy} itself takes the int32 indices directly.
 */
public final class OneHot {
    private OneHot() {}

    /**
     * float32 {@code [N, numClasses]} from int32 labels {@code [N]}; every label must be in
     * {@code [0, numClasses)}, else the error names the first bad one and where it is.
     */
    public static Tensor encode(Tensor labels, int numClasses) {
        if (labels.dtype() != DType.INT32) {
            throw new IllegalArgumentException("OneHot: labels must be int32 class indices, got " + labels.dtype() + " "
                    + labels.shape());
        }
        if (labels.rank() != 1) {
            throw new IllegalArgumentException("OneHot: labels must be [N], got " + labels.shape());
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("OneHot: numClasses must be >= 1, got " + numClasses);
        }
        int[] y = labels.toIntArray();
        float[] out = new float[y.length * numClasses];
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= numClasses) {
                throw new IllegalArgumentException("OneHot: label " + y[i] + " at index " + i + " is out of range for "
                        + numClasses + " classes (valid: 0 to " + (numClasses - 1) + ")");
            }
            out[i * numClasses + y[i]] = 1;
        }
        return Tensor.of(out, y.length, numClasses);
    }
}
