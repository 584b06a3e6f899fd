package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DenseAndSequentialTest {

    @Test
    void denseComputesXTimesWTransposedPlusBias() {
        Dense d = new Dense(2);
        d.build(dev.nabla.tensor.Shape.of(3), new Generator(0), DType.FLOAT64);
        d.weight().assign(Tensor.of(new double[][] {{1, 2, 3}, {-1, 0, 1}}));
        d.bias().assign(Tensor.of(new double[] {0.5, -0.5}));
        Tensor y = d.forward(Tensor.of(new double[][] {{1, 1, 1}, {2, 0, -1}}));
        assertArrayEquals(new double[] {6.5, -0.5, -0.5, -3.5}, y.toDoubleArray(), 1e-12);
        assertEquals("Dense(3 -> 2, bias=true)", d.toString());
    }

    @Test
    void wrongInputShapeNamesTheLayerAndBothShapes() {
        Sequential m = Sequential.of(new Dense(16, Activation.relu()).named("fc1"), new Dense(10)).build(0, 784);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(32, 28, 28)));
        assertTrue(e.getMessage().contains("'fc1'") && e.getMessage().contains("[*, 784]") && e.getMessage().contains("[32, 28, 28]"),
                e.getMessage());
    }

    @Test
    void sizesAreWrittenOnceAndParametersNamedByDottedPaths() {
        Sequential m = Sequential.of(new Flatten(), new Dense(8, Activation.relu()), new Dropout(0.1), new Dense(3)).build(1, 2, 5);
        assertEquals(List.of("layers.1.weight", "layers.1.bias", "layers.3.weight", "layers.3.bias"),
                List.copyOf(m.namedParameters().keySet()));
        assertEquals(dev.nabla.tensor.Shape.of(8, 10), m.namedParameters().get("layers.1.weight").shape());
        assertEquals(8 * 10 + 8 + 3 * 8 + 3, m.parameterCount());
        assertTrue(m.summary().contains("total parameters: 115"), m.summary());
        assertTrue(m.toString().contains("(1): Dense(10 -> 8, bias=true, activation=relu)"), m.toString());
    }

    @Test
    void sameSeedSameParametersDifferentSeedDifferent() {
        float[] a = Sequential.of(new Dense(4)).build(5, 3).stateDict().get("layers.0.weight").toFloatArray();
        float[] b = Sequential.of(new Dense(4)).build(5, 3).stateDict().get("layers.0.weight").toFloatArray();
        float[] c = Sequential.of(new Dense(4)).build(6, 3).stateDict().get("layers.0.weight").toFloatArray();
        assertArrayEquals(a, b);
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
    }

    @Test
    void stateDictRoundTripsAndStrictLoadNamesEveryProblemWithoutTouchingTheModel() {
        Sequential src = Sequential.of(new Dense(4), new Dense(2)).build(1, 3);
        Sequential dst = Sequential.of(new Dense(4), new Dense(2)).build(2, 3);
        dst.loadStateDict(src.stateDict());
        Tensor x = Tensor.randn(new Generator(3), 5, 3);
        assertArrayEquals(src.forward(x).toFloatArray(), dst.forward(x).toFloatArray());

        Map<String, Tensor> bad = new java.util.LinkedHashMap<>(src.stateDict());
        bad.remove("layers.1.bias");
        bad.put("layers.9.weight", Tensor.zeros(1));
        bad.put("layers.0.weight", Tensor.zeros(4, 4));
        float[] before = dst.stateDict().get("layers.1.weight").toFloatArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dst.loadStateDict(bad));
        assertTrue(e.getMessage().contains("missing keys [layers.1.bias]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected keys [layers.9.weight]"), e.getMessage());
        assertTrue(e.getMessage().contains("'layers.0.weight' has shape [4, 4] in the state but [4, 3] in the model"), e.getMessage());
        assertArrayEquals(before, dst.stateDict().get("layers.1.weight").toFloatArray(), "a failed load changes nothing");
    }

    @Test
    void dropoutScalesSurvivorsInTrainingAndIsIdentityInEval() {
        Sequential m = Sequential.of(new Dropout(0.25)).build(7, 1000);
        Tensor x = Tensor.ones(4, 1000);
        Tensor y = m.forward(x);
        double[] v = y.toDoubleArray();
        long zeros = java.util.Arrays.stream(v).filter(d -> d == 0).count();
        assertTrue(java.util.Arrays.stream(v).allMatch(d -> d == 0 || Math.abs(d - 1 / 0.75) < 1e-6));
        assertEquals(1000, zeros, 100, "about a quarter dropped");
        m.eval();
        assertArrayEquals(x.toFloatArray(), m.forward(x).toFloatArray());
        m.train();
        Tensor leaf = Tensor.ones(2, 1000).requiresGrad(true);
        Tensor out = m.forward(leaf);
        out.sum().backward();
        assertArrayEquals(out.toFloatArray(), leaf.grad().toFloatArray(), "the gradient is the same mask, scaled");
    }

    @Test
    void badHyperparametersAndLateOptionsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertTrue(e.getMessage().contains("p") && e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dense(0));
        assertThrows(IllegalArgumentException.class, () -> Activation.leakyRelu(-1));
        Dense d = new Dense(2);
        Sequential.of(d).build(0, 3);
        assertThrows(IllegalStateException.class, () -> d.activation(Activation.relu()));
        IllegalArgumentException notFlat = assertThrows(IllegalArgumentException.class,
                () -> Sequential.of(new Dense(2)).build(0, 3, 4));
        assertTrue(notFlat.getMessage().contains("Flatten"), notFlat.getMessage());
    }

    @Test
    void activationsMatchTheirFormulas() {
        Tensor x = Tensor.of(new double[] {-2, -0.5, 0, 0.5, 2});
        try (NoGrad ignored = NoGrad.enter()) {
            assertArrayEquals(new double[] {0, 0, 0, 1, 1}, Activation.step().apply(x).toDoubleArray());
            assertArrayEquals(new double[] {-1, -1, 0, 1, 1}, Activation.sign().apply(x).toDoubleArray());
            assertArrayEquals(new double[] {-0.2, -0.05, 0, 0.5, 2}, Activation.leakyRelu(0.1).apply(x).toDoubleArray(), 1e-15);
            for (int i = 0; i < 5; i++) {
                double v = x.get(i);
                assertEquals(v / (1 + Math.exp(-v)), Activation.swish().apply(x).get(i), 1e-15);
                assertEquals(v > 0 ? v : Math.exp(v) - 1, Activation.elu().apply(x).get(i), 1e-15);
            }
            // GELU(1) = 1 * Phi(1) = 0.8413447460685429; tanh approximation 0.8411919906082768
            assertEquals(0.8413447460685429, Activation.gelu().apply(Tensor.of(new double[] {1})).item(), 1e-14);
            assertEquals(0.8411919906082768, new Activation.GELU(true).apply(Tensor.of(new double[] {1})).item(), 1e-14);
        }
    }
}
