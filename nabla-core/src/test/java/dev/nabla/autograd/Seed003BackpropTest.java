package dev.nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Seed 003's backpropagation, checked against autograd: the cross-entropy gradient through softmax
 * is f(x) - e(y), and a one-hidden-layer network's gradients equal the lecture's formulas
 * (written out here as plain loops, independently of the tensor code) to 1e-10 in float64.
 */
class Seed003BackpropTest {
    private static final int[] LABELS = {2, 0, 3, 3, 1};

    @Test
    void crossEntropyThroughSoftmaxGivesSoftmaxMinusOneHot() {
        Generator g = new Generator(3);
        Tensor z = Tensor.normal(g, DType.FLOAT64, 0, 2, 5, 4).requiresGrad(true);
        Tensor y = Tensor.of(LABELS, 5, 1);
        // The lecture's composition: nll = -log softmax(z)_y, summed over the samples.
        Tensor loss = z.softmax(1).log().gather(1, y).neg().sum();
        loss.backward();
        double[][] expected = softmaxMinusOneHot(z.toDoubleArray(), 5, 4);
        for (int s = 0; s < 5; s++) {
            for (int k = 0; k < 4; k++) {
                assertEquals(expected[s][k], z.grad().get(s, k), 1e-12, "sample " + s + " class " + k);
            }
        }
    }

    @Test
    void logSoftmaxFormGivesTheSameGradientAndStaysFiniteForHugeLogits() {
        Tensor z = Tensor.of(new double[] {1000, -1000, 0, 999}, 1, 4).requiresGrad(true);
        Tensor loss = z.logSoftmax(1).gather(1, Tensor.of(new int[] {3}, 1, 1)).neg().sum();
        loss.backward();
        double[][] expected = softmaxMinusOneHot(z.toDoubleArray(), 1, 4, 3);
        assertEquals(1.0 + Math.log1p(Math.exp(-1)), loss.item(), 1e-12);
        for (int k = 0; k < 4; k++) {
            assertEquals(expected[0][k], z.grad().get(0, k), 1e-12);
        }
    }

    @Test
    void twoLayerNetworkMatchesHandDerivedBackprop() {
        int n = 5, in = 3, hidden = 4, out = 4;
        Generator g = new Generator(42);
        Tensor x = Tensor.normal(g, DType.FLOAT64, 0, 1, n, in);
        Tensor wh = Tensor.normal(g, DType.FLOAT64, 0, 1, hidden, in).requiresGrad(true);
        Tensor bh = Tensor.normal(g, DType.FLOAT64, 0, 1, hidden).requiresGrad(true);
        Tensor wo = Tensor.normal(g, DType.FLOAT64, 0, 1, out, hidden).requiresGrad(true);
        Tensor bo = Tensor.normal(g, DType.FLOAT64, 0, 1, out).requiresGrad(true);

        // z^h = W^h x + b^h; h = tanh(z^h); z^o = W^o h + b^o; L = mean_s -log softmax(z^o)_y
        Tensor zo = x.matmul(wh.t()).add(bh).tanh().matmul(wo.t()).add(bo);
        Tensor loss = zo.logSoftmax(1).gather(1, Tensor.of(LABELS, n, 1)).neg().mean();
        loss.backward();

        Hand h = new Hand(x.toDoubleArray(), wh.toDoubleArray(), bh.toDoubleArray(), wo.toDoubleArray(),
                bo.toDoubleArray(), n, in, hidden, out);
        assertEquals(h.loss, loss.item(), 1e-12);
        assertClose(h.dWo, wo.grad());
        assertClose(h.dbo, bo.grad());
        assertClose(h.dWh, wh.grad());
        assertClose(h.dbh, bh.grad());
    }

    private static void assertClose(double[] expected, Tensor actual) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected[i], a[i], 1e-10, "element " + i);
        }
    }

    private static double[][] softmaxMinusOneHot(double[] z, int n, int k, int... labels) {
        int[] y = labels.length > 0 ? labels : LABELS;
        double[][] r = new double[n][k];
        for (int s = 0; s < n; s++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, z[s * k + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(z[s * k + j] - max);
            }
            for (int j = 0; j < k; j++) {
                r[s][j] = Math.exp(z[s * k + j] - max) / sum - (j == y[s] ? 1 : 0);
            }
        }
        return r;
    }

    /** Seed 003's backprop, sample by sample, in plain loops. */
    private static final class Hand {
        double loss;
        final double[] dWh, dbh, dWo, dbo;

        Hand(double[] x, double[] wh, double[] bh, double[] wo, double[] bo, int n, int in, int hidden, int out) {
            dWh = new double[hidden * in];
            dbh = new double[hidden];
            dWo = new double[out * hidden];
            dbo = new double[out];
            for (int s = 0; s < n; s++) {
                double[] h = new double[hidden];
                double[] zh = new double[hidden];
                for (int i = 0; i < hidden; i++) {
                    zh[i] = bh[i];
                    for (int j = 0; j < in; j++) {
                        zh[i] += wh[i * in + j] * x[s * in + j];
                    }
                    h[i] = Math.tanh(zh[i]);
                }
                double[] zo = new double[out];
                for (int i = 0; i < out; i++) {
                    zo[i] = bo[i];
                    for (int j = 0; j < hidden; j++) {
                        zo[i] += wo[i * hidden + j] * h[j];
                    }
                }
                double[] f = softmaxMinusOneHot(zo, 1, out, LABELS[s])[0];
                double fy = f[LABELS[s]] + 1;
                loss -= Math.log(fy) / n;
                // grad_zo = f(x) - e(y); grad_Wo = grad_zo h^T; grad_bo = grad_zo
                // grad_h = Wo^T grad_zo; grad_zh = grad_h * tanh'(zh) = grad_h * (1 - h^2)
                double[] gzh = new double[hidden];
                for (int i = 0; i < out; i++) {
                    double gzo = f[i] / n;
                    dbo[i] += gzo;
                    for (int j = 0; j < hidden; j++) {
                        dWo[i * hidden + j] += gzo * h[j];
                        gzh[j] += wo[i * hidden + j] * gzo;
                    }
                }
                for (int i = 0; i < hidden; i++) {
                    gzh[i] *= 1 - h[i] * h[i];
                    dbh[i] += gzh[i];
                    for (int j = 0; j < in; j++) {
                        dWh[i * in + j] += gzh[i] * x[s * in + j];
                    }
                }
            }
        }
    }
}
