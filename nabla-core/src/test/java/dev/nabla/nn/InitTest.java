package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Initialisers draw from the distributions torch.nn.init defines, with the right fans. */
class InitTest {
    private static final Shape W = Shape.of(200, 300); // [out, in]: fanIn 300, fanOut 200

    private static double[] stats(Tensor t) {
        double[] d = t.toDoubleArray();
        double mean = 0, sq = 0, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (double v : d) {
            mean += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        mean /= d.length;
        for (double v : d) {
            sq += (v - mean) * (v - mean);
        }
        return new double[] {mean, Math.sqrt(sq / d.length), min, max};
    }

    private static Tensor draw(Init init) {
        return init.sample(new Generator(1), DType.FLOAT64, W);
    }

    @Test
    void glorotUniformIsBoundedBySqrtSixOverFanSum() {
        double a = Math.sqrt(6.0 / 500);
        double[] s = stats(draw(Init.glorotUniform()));
        assertTrue(s[2] >= -a && s[3] <= a);
        assertEquals(a / Math.sqrt(3), s[1], 0.02 * a);
        assertEquals(0, s[0], 0.01 * a);
    }

    @Test
    void glorotNormalHasStdSqrtTwoOverFanSum() {
        assertEquals(Math.sqrt(2.0 / 500), stats(draw(Init.glorotNormal()))[1], 0.02 * Math.sqrt(2.0 / 500));
    }

    @Test
    void heNormalAndUniformUseFanInWithGainSqrtTwo() {
        double std = Math.sqrt(2.0 / 300);
        assertEquals(std, stats(draw(Init.heNormal()))[1], 0.02 * std);
        double[] u = stats(draw(Init.heUniform()));
        double bound = Math.sqrt(6.0 / 300);
        assertTrue(u[2] >= -bound && u[3] <= bound);
        assertEquals(bound / Math.sqrt(3), u[1], 0.02 * bound);
        double stdOut = Math.sqrt(2.0 / 200);
        assertEquals(stdOut, stats(new Init.HeNormal(Init.FanMode.FAN_OUT, Math.sqrt(2)).sample(new Generator(1), DType.FLOAT64, W))[1],
                0.02 * stdOut);
    }

    @Test
    void uniformNormalZerosAndConstant() {
        double[] u = stats(draw(Init.uniform(-0.5, 1.5)));
        assertTrue(u[2] >= -0.5 && u[3] <= 1.5);
        assertEquals(0.5, u[0], 0.01);
        double[] n = stats(draw(Init.normal(3, 0.5)));
        assertEquals(3, n[0], 0.01);
        assertEquals(0.5, n[1], 0.01);
        assertArrayEquals(new double[60000], draw(Init.zeros()).toDoubleArray());
        assertEquals(2.5, stats(draw(Init.constant(2.5)))[0], 0.0);
    }

    @Test
    void orthogonalRowsAreOrthonormalTimesGain() {
        for (Shape s : new Shape[] {Shape.of(6, 10), Shape.of(10, 6), Shape.of(7, 7)}) {
            Tensor q = new Init.Orthogonal(2.0).sample(new Generator(3), DType.FLOAT64, s);
            boolean wide = s.dim(0) <= s.dim(1);
            Tensor gram = wide ? q.matmul(q.t()) : q.t().matmul(q);
            int k = Math.min(s.dim(0), s.dim(1));
            assertTrue(gram.allClose(Tensor.eye(DType.FLOAT64, k).mul(4), 0, 1e-12), s + ": " + gram);
        }
    }

    @Test
    void sameSeedSameWeights() {
        assertArrayEquals(draw(Init.heNormal()).toDoubleArray(), draw(Init.heNormal()).toDoubleArray());
    }

    @Test
    void badSettingsAndShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Init.uniform(1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Init.normal(0, -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Init.glorotUniform().sample(new Generator(0), DType.FLOAT32, Shape.of(10)));
        assertTrue(e.getMessage().contains("[10]"), e.getMessage());
    }
}
