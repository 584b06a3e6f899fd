package dev.nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.kernel.FusedActivation;
import dev.nabla.kernel.Parallel;
import dev.nabla.nn.Activation;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The convolution with its activation in one op ({@link Conv2d} with a {@link FusedActivation}) against the
 * convolution followed by the activation as a layer applies it on its own ({@link Activation}'s records): the
 * values and the gradients of x, W and b, in float32. ReLU, tanh and sigmoid run the same loops either way, so
 * they must match to the bit; leaky ReLU's composite is relu(x) − slope·relu(−x), so it matches to rounding.
 * Three shapes take the kernel's three paths: one image split by pixels, samples of 16×16 pixels one per
 * product, and 6×6 samples several to a product.
 */
class ConvFusedTest {
    private static final double SLOPE = 0.1;

    @Test
    void fusedActivationsMatchTheConvolutionFollowedByTheActivation() {
        int[][] shapes = {{1, 12, 12}, {3, 16, 16}, {5, 6, 6}};
        int before = Parallel.setThreads(2);
        try {
            for (FusedActivation act : new FusedActivation[] {FusedActivation.RELU, FusedActivation.LEAKY_RELU,
                FusedActivation.TANH, FusedActivation.SIGMOID}) {
                for (int[] shape : shapes) {
                    List<float[]> fused = run(act, true, shape), composite = run(act, false, shape);
                    for (int i = 0; i < fused.size(); i++) {
                        String what = act + " " + shape[0] + "x" + shape[1] + "x" + shape[2] + ", tensor " + i;
                        if (act == FusedActivation.LEAKY_RELU) {
                            float[] f = fused.get(i), c = composite.get(i);
                            for (int j = 0; j < f.length; j++) {
                                assertEquals(c[j], f[j], 1e-6 * Math.max(1, Math.abs(c[j])), what + " at " + j);
                            }
                        } else {
                            assertArrayEquals(composite.get(i), fused.get(i), what);
                        }
                    }
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** The output, then the gradients of x, w and b of sum(y · r) for a fixed random r. */
    private static List<float[]> run(FusedActivation act, boolean fused, int[] shape) {
        Generator g = new Generator(7);
        Tensor x = Tensor.uniform(g, DType.FLOAT32, -1, 1, shape[0], 3, shape[1], shape[2]).requiresGrad(true);
        Tensor w = Tensor.uniform(g, DType.FLOAT32, -0.5, 0.5, 4, 3, 3, 3).requiresGrad(true);
        Tensor b = Tensor.uniform(g, DType.FLOAT32, -0.5, 0.5, 4).requiresGrad(true);
        int[] one = {1, 1}, pad = {1, 1, 1, 1};
        Tensor y = fused ? Conv2d.apply(x, w, b, one, pad, one, 1, act, SLOPE)
                : activation(act).apply(Conv2d.apply(x, w, b, one, pad, one, 1));
        y.mul(Tensor.uniform(g, DType.FLOAT32, -1, 1, y.shape().dims())).sum().backward();
        return new ArrayList<>(List.of(y.detach().f32(), x.grad().f32(), w.grad().f32(), b.grad().f32()));
    }

    private static Activation activation(FusedActivation act) {
        return switch (act) {
            case RELU -> new Activation.ReLU();
            case LEAKY_RELU -> new Activation.LeakyReLU(SLOPE);
            case TANH -> new Activation.Tanh();
            case SIGMOID -> new Activation.Sigmoid();
            case IDENTITY -> new Activation.Identity();
        };
    }
}
