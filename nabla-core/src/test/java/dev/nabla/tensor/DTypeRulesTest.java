package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** float32 with float64 promotes to float64; int32 never enters arithmetic; gradients keep their leaf's dtype. */
class DTypeRulesTest {

    private static void assertRefused(Executable e, String... parts) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        for (String p : parts) {
            assertTrue(ex.getMessage().contains(p), () -> "message '" + ex.getMessage() + "' should contain '" + p + "'");
        }
    }

    @Test
    void promotionTable() {
        assertEquals(DType.FLOAT32, DType.promote("add", DType.FLOAT32, DType.FLOAT32));
        assertEquals(DType.FLOAT64, DType.promote("add", DType.FLOAT32, DType.FLOAT64));
        assertEquals(DType.FLOAT64, DType.promote("add", DType.FLOAT64, DType.FLOAT32));
        assertEquals(DType.FLOAT64, DType.promote("add", DType.FLOAT64, DType.FLOAT64));
        assertRefused(() -> DType.promote("add", DType.INT32, DType.FLOAT32), "add", "int32");
        assertRefused(() -> DType.promote("add", DType.FLOAT64, DType.INT32), "add", "int32");
        assertEquals(4, DType.FLOAT32.byteSize());
        assertEquals(8, DType.FLOAT64.byteSize());
        assertEquals("float32", DType.FLOAT32.toString());
    }

    @Test
    void float32WithFloat64GivesFloat64ComputedOnTheFloatValue() {
        Tensor f = Tensor.of(new float[] {0.1f, 3f});
        Tensor d = Tensor.of(new double[] {0.2, 0.7});
        double f0 = 0.1f;   // 0.10000000149011612: the float32 value, widened exactly
        Tensor[] rs = {f.add(d), d.add(f), f.sub(d), f.mul(d), f.div(d), f.maximum(d), f.minimum(d)};
        double[][] expected = {
            {f0 + 0.2, 3 + 0.7}, {0.2 + f0, 0.7 + 3}, {f0 - 0.2, 3 - 0.7}, {f0 * 0.2, 3 * 0.7},
            {f0 / 0.2, 3 / 0.7}, {0.2, 3}, {f0, 0.7}
        };
        for (int i = 0; i < rs.length; i++) {
            assertEquals(DType.FLOAT64, rs[i].dtype(), "result " + i);
            assertArrayEquals(expected[i], rs[i].toDoubleArray(), 0.0, "result " + i);
        }
        Tensor m = Tensor.of(new float[][] {{0.1f, 1}}).matmul(Tensor.of(new double[][] {{0.3}, {2}}));
        assertEquals(DType.FLOAT64, m.dtype());
        assertEquals(f0 * 0.3 + 2, m.item(), 1e-15);
        assertEquals(DType.FLOAT64, f.gt(d).dtype());
    }

    @Test
    void sameTypesStayAndConstantsTakeTheTensorsType() {
        Tensor f = Tensor.of(new float[] {1, 2});
        Tensor d = Tensor.of(new double[] {1, 2});
        assertEquals(DType.FLOAT32, f.add(f).dtype());
        assertEquals(DType.FLOAT64, d.mul(d).dtype());
        assertEquals(DType.FLOAT32, f.mul(0.1).dtype());
        assertEquals((float) (2 * (double) 0.1f), (float) f.mul(0.1).get(1));
        assertEquals(DType.FLOAT64, d.mul(0.1).dtype());
        assertEquals(0.2, d.mul(0.1).get(1));
        assertEquals(DType.FLOAT32, f.exp().dtype());
        assertEquals(DType.FLOAT64, d.sum().dtype());
    }

    @Test
    void int32ArithmeticIsRefusedNamingTheOp() {
        Tensor i = Tensor.of(new int[] {1, 2});
        Tensor f = Tensor.of(new float[] {1, 2});
        String[][] names = {{"add"}, {"sub"}, {"mul"}, {"div"}, {"maximum"}, {"minimum"}};
        @SuppressWarnings("unchecked")
        BinaryOperator<Tensor>[] ops = new BinaryOperator[] {
            (BinaryOperator<Tensor>) Tensor::add, (BinaryOperator<Tensor>) Tensor::sub,
            (BinaryOperator<Tensor>) Tensor::mul, (BinaryOperator<Tensor>) Tensor::div,
            (BinaryOperator<Tensor>) Tensor::maximum, (BinaryOperator<Tensor>) Tensor::minimum};
        for (int k = 0; k < ops.length; k++) {
            BinaryOperator<Tensor> op = ops[k];
            assertRefused(() -> op.apply(i, f), names[k][0], "int32");
            assertRefused(() -> op.apply(f, i), names[k][0], "int32");
            assertRefused(() -> op.apply(i, i), names[k][0], "int32");
        }
        assertRefused(() -> i.reshape(2, 1).matmul(Tensor.of(new int[] {1, 2}, 1, 2)), "matmul", "int32");
        assertRefused(() -> f.reshape(2, 1).matmul(Tensor.of(new int[] {1, 2}, 1, 2)), "matmul", "int32");
    }

    @Test
    void int32WithAConstantIsRefusedNamingTheOp() {
        Tensor i = Tensor.of(new int[] {1, 2});
        assertRefused(() -> i.add(1), "add", "int32");
        assertRefused(() -> i.sub(1), "sub", "int32");
        assertRefused(() -> i.mul(0.5), "mul", "int32");
        assertRefused(() -> i.div(2), "div", "int32");
    }

    @Test
    void int32ComparisonsAreExactAndGiveFloat32() {
        Tensor labels = Tensor.of(new int[] {2, 0, 1, 1});
        Tensor predicted = Tensor.of(new float[][] {{0, 1, 5}, {3, 1, 2}, {0, 0, 1}, {0, 7, 1}}).argmax(1);
        Tensor hits = predicted.eq(labels);
        assertEquals(DType.FLOAT32, hits.dtype());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1, 1, 0, 1}, hits.toFloatArray());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1, 0, 0, 0}, labels.gt(1.5).toFloatArray());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0, 1, 0, 0},
                Tensor.of(new int[] {16777217, 3, 5, 9}).eq(Tensor.of(new int[] {16777216, 3, 4, 8})).mul(
                        Tensor.of(new float[] {1, 1, 1, 1})).toFloatArray(), "compared exactly, not through float32");
    }

    @Test
    void int32UnaryOpsAndReductionsAreRefusedNamingTheOp() {
        Tensor i = Tensor.of(new int[] {1, 2});
        String[] names = {"exp", "log", "tanh", "sigmoid", "relu", "abs", "sqrt", "sum", "max", "softmax", "logSoftmax", "logSumExp"};
        @SuppressWarnings("unchecked")
        UnaryOperator<Tensor>[] ops = new UnaryOperator[] {
            (UnaryOperator<Tensor>) Tensor::exp, (UnaryOperator<Tensor>) Tensor::log,
            (UnaryOperator<Tensor>) Tensor::tanh, (UnaryOperator<Tensor>) Tensor::sigmoid,
            (UnaryOperator<Tensor>) Tensor::relu, (UnaryOperator<Tensor>) Tensor::abs,
            (UnaryOperator<Tensor>) Tensor::sqrt, (UnaryOperator<Tensor>) t -> t.sum(),
            (UnaryOperator<Tensor>) t -> t.max(), (UnaryOperator<Tensor>) t -> t.softmax(0),
            (UnaryOperator<Tensor>) t -> t.logSoftmax(0), (UnaryOperator<Tensor>) t -> t.logSumExp(0)};
        for (int k = 0; k < ops.length; k++) {
            UnaryOperator<Tensor> op = ops[k];
            assertRefused(() -> op.apply(i), names[k], "int32");
        }
        assertRefused(() -> i.argmax(0), "argmax", "int32");
    }

    @Test
    void int32CannotRequireGrad() {
        assertRefused(() -> Tensor.of(new int[] {1}).requiresGrad(true), "int32");
        assertRefused(() -> Tensor.zeros(DType.INT32, 2).requiresGrad(true), "int32");
    }

    @Test
    void conversionsBetweenTypes() {
        Tensor d = Tensor.of(new double[] {0.1, -2.5});
        Tensor f = d.to(DType.FLOAT32);
        assertEquals(DType.FLOAT32, f.dtype());
        assertArrayEquals(new float[] {0.1f, -2.5f}, f.f32());
        Tensor back = f.to(DType.FLOAT64);
        assertEquals((double) 0.1f, back.get(0));
        Tensor i = Tensor.of(new float[] {3, -4}).to(DType.INT32);
        assertEquals(DType.INT32, i.dtype());
        assertArrayEquals(new int[] {3, -4}, i.i32());
        assertArrayEquals(new float[] {3, -4}, i.to(DType.FLOAT32).f32());
    }

    @Test
    void float32LeafUsedInAFloat64OpGetsAFloat32Gradient() {
        Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        Tensor w = Tensor.of(new double[] {3, 4}).requiresGrad(true);
        Tensor loss = x.mul(w).sum();
        assertEquals(DType.FLOAT64, loss.dtype());
        loss.backward();
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertArrayEquals(new float[] {3, 4}, x.grad().f32());
        assertEquals(DType.FLOAT64, w.grad().dtype());
        assertArrayEquals(new double[] {1, 2}, w.grad().f64());

        // through an explicit conversion: d/dx sum((x as float64)^2) = 2x
        Tensor y = Tensor.of(new float[] {1.5f, -2}).requiresGrad(true);
        y.to(DType.FLOAT64).pow(2).sum().backward();
        assertEquals(DType.FLOAT32, y.grad().dtype());
        assertArrayEquals(new float[] {3, -4}, y.grad().f32());

        // and a float64 gradient passed in for a float32 output
        Tensor z = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        z.mul(2).backward(Tensor.of(new double[] {0.5, 1}));
        assertEquals(DType.FLOAT32, z.grad().dtype());
        assertArrayEquals(new float[] {1, 2}, z.grad().f32());
    }
}
