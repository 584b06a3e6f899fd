package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A mistake fails where it is made, naming the op, what was expected and what was received: both
 * shapes as Shape.toString prints them, or the axis and the rank.
 */
class ErrorMessagesTest {

    private static <T extends Throwable> void assertMessage(Class<T> type, Executable e, String... parts) {
        T ex = assertThrows(type, e);
        String m = ex.getMessage();
        for (String p : parts) {
            assertTrue(m != null && m.contains(p), () -> "message '" + m + "' should contain '" + p + "'");
        }
    }

    private static void assertIllegal(Executable e, String... parts) {
        assertMessage(IllegalArgumentException.class, e, parts);
    }

    private static Tensor z(int... dims) {
        return Tensor.zeros(dims);
    }

    // ---------------------------------------------------------------- elementwise shape mismatches

    @Test
    void binaryOpsNameBothShapes() {
        assertIllegal(() -> z(2, 3).add(z(3, 2)), "add", "[2, 3]", "[3, 2]");
        assertIllegal(() -> z(2, 3).sub(z(2)), "sub", "[2, 3]", "[2]");
        assertIllegal(() -> z(2, 3).mul(z(4, 3)), "mul", "[2, 3]", "[4, 3]");
        assertIllegal(() -> z(5).div(z(2, 3)), "div", "[5]", "[2, 3]");
        assertIllegal(() -> z(2, 1, 4).maximum(z(3, 3)), "maximum", "[2, 1, 4]", "[3, 3]");
        assertIllegal(() -> z(2, 3).minimum(z(3, 2)), "minimum", "[2, 3]", "[3, 2]");
        assertIllegal(() -> z(2, 3).gt(z(3, 2)), "gt", "[2, 3]", "[3, 2]");
        assertIllegal(() -> z(2, 3).eq(z(3)).add(z(2, 2)), "add", "[2, 3]", "[2, 2]");
    }

    // ---------------------------------------------------------------- matmul

    @Test
    void matmulInnerSizes() {
        assertIllegal(() -> z(32, 784).matmul(z(256, 10)), "matmul", "[32, 784]", "[256, 10]");
        assertIllegal(() -> z(2, 3).matmul(z(2, 3)), "matmul", "[2, 3]");
        assertIllegal(() -> z(4, 2, 3).matmul(z(4, 4, 5)), "matmul", "[4, 2, 3]", "[4, 4, 5]");
    }

    @Test
    void matmulWithVectorsShowsTheShapesPassed() {
        assertIllegal(() -> z(3).matmul(z(4, 2)), "matmul", "[3]", "[4, 2]");
        assertIllegal(() -> z(2, 4).matmul(z(3)), "matmul", "[2, 4]", "[3]");
        assertIllegal(() -> z(3).matmul(z(4)), "matmul", "[3]", "[4]");
        assertIllegal(() -> z(3).matmul(Tensor.scalar(1)), "matmul", "[3]", "[]");
    }

    @Test
    void matmulBatchAxesShowTheFullShapes() {
        assertIllegal(() -> z(2, 3, 4).matmul(z(5, 4, 2)), "matmul", "[2, 3, 4]", "[5, 4, 2]");
    }

    // ---------------------------------------------------------------- layout ops

    @Test
    void concatAndStack() {
        assertIllegal(() -> Tensor.concat(0, z(2, 3), z(2, 4)), "concat", "[2, 3]", "[2, 4]");
        assertIllegal(() -> Tensor.concat(1, z(2, 3), z(3, 3)), "concat", "[2, 3]", "[3, 3]");
        assertIllegal(() -> Tensor.concat(0, z(2, 3), z(3)), "concat", "[2, 3]", "[3]");
        assertIllegal(() -> Tensor.concat(0, z(2), Tensor.zeros(DType.FLOAT64, 2)), "concat", "float32", "float64");
        assertIllegal(() -> Tensor.concat(0), "concat");
        assertIllegal(() -> Tensor.concat(2, z(2, 3), z(2, 3)), "concat", "axis 2", "rank 2");
        assertIllegal(() -> Tensor.stack(0, z(2), z(3)), "stack", "[2]", "[3]");
        assertIllegal(() -> Tensor.stack(0), "stack");
    }

    @Test
    void reshapeToTheWrongSize() {
        assertIllegal(() -> z(2, 3).reshape(4, 2), "reshape", "[2, 3]", "[4, 2]");
        assertIllegal(() -> z(2, 3).reshape(4, -1), "reshape", "[2, 3]", "[4, -1]");
        assertIllegal(() -> z(2, 3).reshape(-1, -1), "reshape", "-1");
        assertIllegal(() -> Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 4, 2), "[4, 2]", "6");
    }

    @Test
    void gatherIndexShapeAndRange() {
        Tensor x = z(2, 3);
        assertIllegal(() -> x.gather(1, Tensor.zeros(DType.INT32, 3, 1)), "gather", "[3, 1]", "[2, 3]");
        assertIllegal(() -> x.gather(1, Tensor.zeros(DType.INT32, 2)), "gather", "[2]", "[2, 3]");
        assertIllegal(() -> x.gather(1, Tensor.zeros(2, 1)), "gather", "int32", "float32");
        assertMessage(IndexOutOfBoundsException.class,
                () -> x.gather(1, Tensor.of(new int[] {0, 3}, 2, 1)), "gather", "3", "axis 1", "[2, 3]");
        assertMessage(IndexOutOfBoundsException.class,
                () -> x.gather(0, Tensor.of(new int[] {-1}, 1, 1)), "gather", "-1", "axis 0", "[2, 3]");
        assertIllegal(() -> x.gather(2, Tensor.zeros(DType.INT32, 2, 1)), "gather", "axis 2", "rank 2");
    }

    @Test
    void indexSelectOutOfRange() {
        assertMessage(IndexOutOfBoundsException.class, () -> z(3, 2).indexSelect(0, 0, 3),
                "indexSelect", "3", "axis 0", "[3, 2]");
        assertMessage(IndexOutOfBoundsException.class, () -> z(3, 2).indexSelect(1, -1),
                "indexSelect", "-1", "axis 1", "[3, 2]");
        assertIllegal(() -> z(3, 2).indexSelect(2, 0), "indexSelect", "axis 2", "rank 2");
    }

    @Test
    void broadcastToImpossible() {
        assertIllegal(() -> z(3).broadcastTo(2, 4), "broadcastTo", "[3]", "[2, 4]");
        assertIllegal(() -> z(2, 3).broadcastTo(3), "broadcastTo", "[2, 3]", "[3]");
        assertIllegal(() -> z(3, 2).broadcastTo(3, 1), "broadcastTo", "[3, 2]", "[3, 1]");
    }

    @Test
    void sliceOutOfRange() {
        assertIllegal(() -> z(2, 3).slice(1, 0, 5), "slice", "[2, 3]", "axis 1", "5");
        assertIllegal(() -> z(4).slice(0, -6, 2), "slice", "[4]");
        assertIllegal(() -> z(4).slice(0, 0, 4, -1), "slice", "step", "-1");
        assertIllegal(() -> z(2, 3).slice(2, 0, 1), "slice", "axis 2", "rank 2");
    }

    @Test
    void squeezeTransposeAndT() {
        assertIllegal(() -> z(2, 3).squeeze(0), "squeeze", "[2, 3]");
        assertIllegal(() -> z(2, 3, 4).t(), "t()", "[2, 3, 4]");
        assertIllegal(() -> z(2, 3).transpose(0, 2), "transpose", "axis 2", "rank 2");
        assertIllegal(() -> z(2, 3).unsqueeze(3), "unsqueeze", "axis 3", "rank 2");
        assertIllegal(() -> z(2, 3).flatten(2), "flatten", "axis 2", "rank 2");
    }

    // ---------------------------------------------------------------- axes

    @Test
    void invalidAxisNamesTheAxisAndTheRank() {
        Tensor x = z(2, 3);
        assertIllegal(() -> x.sum(5), "sum", "axis 5", "rank 2");
        assertIllegal(() -> x.sum(-3), "sum", "axis -3", "rank 2");
        assertIllegal(() -> x.mean(2), "mean", "axis 2", "rank 2");
        assertIllegal(() -> x.max(3), "max", "axis 3", "rank 2");
        assertIllegal(() -> x.min(-4), "min", "axis -4", "rank 2");
        assertIllegal(() -> x.softmax(-3), "softmax", "axis -3", "rank 2");
        assertIllegal(() -> x.logSoftmax(2), "logSoftmax", "axis 2", "rank 2");
        assertIllegal(() -> x.logSumExp(2), "logSumExp", "axis 2", "rank 2");
        assertIllegal(() -> x.argmax(2), "argmax", "axis 2", "rank 2");
        assertIllegal(() -> x.argmin(-3), "argmin", "axis -3", "rank 2");
        assertIllegal(() -> Tensor.scalar(1).sum(0), "sum", "axis 0", "rank 0");
        assertIllegal(() -> x.sum(new int[] {1, -1}, false), "sum", "twice");
    }

    @Test
    void permuteWrongLengthOrDuplicate() {
        Tensor x = z(2, 3, 4);
        assertIllegal(() -> x.permute(0, 1), "permute", "[2, 3, 4]", "[0, 1]");
        assertIllegal(() -> x.permute(0, 1, 2, 3), "permute", "[2, 3, 4]");
        assertIllegal(() -> x.permute(0, 0, 1), "permute", "0", "twice");
        assertIllegal(() -> x.permute(2, -1, 0), "permute", "2", "twice");
        assertIllegal(() -> x.permute(0, 1, 3), "permute", "axis 3", "rank 3");
    }

    // ---------------------------------------------------------------- element access and in-place ops

    @Test
    void indexingAndInPlaceShapes() {
        Tensor x = z(2, 3);
        assertIllegal(() -> x.get(1), "[2, 3]", "rank 2");
        assertMessage(IndexOutOfBoundsException.class, () -> x.get(0, 3), "3", "axis 1", "[2, 3]");
        assertMessage(IndexOutOfBoundsException.class, () -> x.set(1, -3, 0), "-3", "axis 0", "[2, 3]");
        assertIllegal(() -> x.addInPlace(z(3, 2), 1), "addInPlace", "[2, 3]", "[3, 2]");
        assertIllegal(() -> x.copyFrom(z(6)), "copyFrom", "[2, 3]", "[6]");
        assertIllegal(() -> x.setGrad(z(3)), "setGrad", "[2, 3]", "[3]");
    }
}
