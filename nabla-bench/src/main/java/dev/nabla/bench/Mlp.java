package dev.nabla.bench;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The Fashion-MNIST MLP (784-256-128-10, ReLU) written with the tensor API as a user would, until
 * nabla.nn has layers: weights [out, in], biases [out], PyTorch's default init
 * {@code U(-1/sqrt(in), 1/sqrt(in))}, loss = mean negative log-likelihood of log-softmax.
 */
final class Mlp {
    static final int[] SIZES = {784, 256, 128, 10};

    private final List<Tensor> weights = new ArrayList<>();
    private final List<Tensor> biases = new ArrayList<>();

    Mlp(Generator g) {
        for (int l = 0; l + 1 < SIZES.length; l++) {
            int in = SIZES[l];
            int out = SIZES[l + 1];
            double bound = 1 / Math.sqrt(in);
            weights.add(Tensor.uniform(g, DType.FLOAT32, -bound, bound, out, in).requiresGrad(true));
            biases.add(Tensor.uniform(g, DType.FLOAT32, -bound, bound, out).requiresGrad(true));
        }
    }

    /** Mean NLL of {@code labels} (int32 [batch, 1]) under the model's log-softmax of {@code x} [batch, 784]. */
    Tensor loss(Tensor x, Tensor labels) {
        Tensor h = x;
        for (int l = 0; l < weights.size(); l++) {
            h = h.matmul(weights.get(l).t()).add(biases.get(l));
            if (l + 1 < weights.size()) {
                h = h.relu();
            }
        }
        return h.logSoftmax(1).gather(1, labels).mean().neg();
    }

    List<Tensor> parameters() {
        List<Tensor> all = new ArrayList<>();
        for (int l = 0; l < weights.size(); l++) {
            all.add(weights.get(l));
            all.add(biases.get(l));
        }
        return all;
    }

    void zeroGrad() {
        parameters().forEach(Tensor::zeroGrad);
    }

    /** A batch of fake images: pixels uniform in [0, 1), as Fashion-MNIST scaled to [0, 1]. */
    static Tensor images(Generator g, int batch) {
        return Tensor.uniform(g, DType.FLOAT32, 0, 1, batch, SIZES[0]);
    }

    /** Random class labels, int32 [batch, 1], the index shape gather needs. */
    static Tensor labels(Generator g, int batch) {
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = g.nextInt(SIZES[SIZES.length - 1]);
        }
        return Tensor.of(y, batch, 1);
    }
}
