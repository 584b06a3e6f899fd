package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Seed 004: the perceptron learns AND and OR, and cannot learn XOR (Minsky and Papert). */
class PerceptronTest {
    private static final Tensor INPUTS = Tensor.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});

    private static Tensor labels(double... v) {
        return Tensor.of(DType.FLOAT64, v);
    }

    @Test
    void learnsAndWithTheStepFunction() {
        Perceptron p = new Perceptron(2, Activation.step(), 0.1);
        Perceptron.Result r = p.fit(INPUTS, labels(0, 0, 0, 1), 100);
        assertTrue(r.converged(), r.toString());
        assertEquals(0, r.mistakesPerEpoch().getLast());
        assertArrayEquals(new double[] {0, 0, 0, 1}, p.predict(INPUTS).toDoubleArray());
    }

    @Test
    void learnsOrWithTheSignFunction() {
        Perceptron p = new Perceptron(2, Activation.sign(), 0.5);
        Perceptron.Result r = p.fit(INPUTS, labels(-1, 1, 1, 1), 100);
        assertTrue(r.converged(), r.toString());
        assertArrayEquals(new double[] {-1, 1, 1, 1}, p.predict(INPUTS).toDoubleArray());
    }

    @Test
    void doesNotConvergeOnXor() {
        Perceptron p = new Perceptron(2, Activation.step(), 0.1);
        Perceptron.Result r = p.fit(INPUTS, labels(0, 1, 1, 0), 200);
        assertFalse(r.converged());
        assertEquals(200, r.epochs());
        assertTrue(r.mistakesPerEpoch().stream().allMatch(m -> m > 0), "every epoch makes a mistake on XOR");
        double[] predictions = p.predict(INPUTS).toDoubleArray();
        assertFalse(java.util.Arrays.equals(new double[] {0, 1, 1, 0}, predictions));
    }

    @Test
    void refusesBadConfigurationAndLabels() {
        assertThrows(IllegalArgumentException.class, () -> new Perceptron(2, Activation.relu(), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Perceptron(2, Activation.step(), -0.1));
        Perceptron p = new Perceptron(2, Activation.step(), 0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.fit(INPUTS, labels(-1, 1, 1, 1), 10));
        assertTrue(e.getMessage().contains("0 or 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.predict(Tensor.zeros(4, 3)));
        assertTrue(e.getMessage().contains("[*, 2]") && e.getMessage().contains("[4, 3]"), e.getMessage());
    }
}
