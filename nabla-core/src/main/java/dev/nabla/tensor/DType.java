package dev.nabla.tensor;

/**
 * Element types. {@link #FLOAT32} is the default; every op also runs in {@link #FLOAT64}, which the
 * gradient checks use. {@link #INT32} holds indices and class labels (argmax, gather); it carries no
 * gradient and arithmetic refuses it.
 *
 * <p>Promotion rule for binary ops: FLOAT32 with FLOAT64 gives FLOAT64 (as in PyTorch and NumPy);
 * INT32 never mixes silently with a floating type: convert it with {@code Tensor.to(dtype)}.
 */
public enum DType {
    FLOAT32(4, "float32"),
    FLOAT64(8, "float64"),
    INT32(4, "int32");

    private final int byteSize;
    private final String label;

    DType(int byteSize, String label) {
        this.byteSize = byteSize;
        this.label = label;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** True for the types that carry gradients. */
    public boolean isFloating() {
        return this != INT32;
    }

    /** The wider of two floating types; refuses INT32, naming the op. */
    public static DType promote(String op, DType a, DType b) {
        if (!a.isFloating() || !b.isFloating()) {
            throw new IllegalArgumentException(op + ": needs floating tensors, got " + a + " and " + b
                    + " (convert indices with to(DType.FLOAT32) first)");
        }
        return a == FLOAT64 || b == FLOAT64 ? FLOAT64 : FLOAT32;
    }

    @Override
    public String toString() {
        return label;
    }
}
