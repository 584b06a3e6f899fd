package dev.nabla.cli;

import static dev.nabla.nn.Activation.relu;

import dev.nabla.data.FashionMnist;
import dev.nabla.nn.ActivationLayer;
import dev.nabla.nn.BatchNorm2d;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.MaxPool2D;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The networks {@code nabla bench --model} trains on Fashion-MNIST, each with cross-entropy and Adam at
 * lr 1e-3 (no schedule, so that every epoch does the same work): the MLP, and the CNNs of
 * {@code examples/fashion-mnist-cnn.json} and {@code fashion-mnist-cnn-bn.json} (a test keeps them the same). The PyTorch scripts in
 * {@code nabla-bench/pytorch} build the same networks.
 */
enum BenchNet {
    MLP("fashion-mnist-mlp", "784-256-128-10 ReLU, cross-entropy, Adam lr 1e-3", FashionMnist.SIDE * FashionMnist.SIDE) {
        @Override
        Layer[] layers() {
            return new Layer[] {new Dense(256, relu()), new Dense(128, relu()), new Dense(10)};
        }
    },
    CNN("fashion-mnist-cnn", "examples/fashion-mnist-cnn.json: conv3x3(32)-conv3x3(32)-pool-conv3x3(64)-conv3x3(64)-"
            + "pool-dropout(0.4)-dense(10), ReLU, 'same' padding; cross-entropy, Adam lr 1e-3", 1, FashionMnist.SIDE,
            FashionMnist.SIDE) {
        @Override
        Layer[] layers() {
            return new Layer[] {conv(32), conv(32), new MaxPool2D(2), conv(64), conv(64), new MaxPool2D(2),
                new Flatten(), new Dropout(0.4), new Dense(10)};
        }
    },
    CNN_BN("fashion-mnist-cnn-bn", "examples/fashion-mnist-cnn-bn.json: 2 x (2 x (conv3x3 + batch norm + ReLU) + pool)-"
            + "dense(128, ReLU)-dropout(0.3)-dense(10), no conv bias, 'same' padding; cross-entropy, Adam lr 1e-3", 1,
            FashionMnist.SIDE, FashionMnist.SIDE) {
        @Override
        Layer[] layers() {
            return batchNormCnn();
        }
    };

    private final String benchmark;
    private final String architecture;
    private final int[] sample;

    BenchNet(String benchmark, String architecture, int... sample) {
        this.benchmark = benchmark;
        this.architecture = architecture;
        this.sample = sample;
    }

    /** The report's "benchmark" name, as the PyTorch script writes it. */
    String benchmark() {
        return benchmark;
    }

    String architecture() {
        return architecture;
    }

    /** The layers, unbuilt. */
    abstract Layer[] layers();

    /** The network freshly initialised from the seed: the same weights for every thread count. */
    Sequential build(long seed) {
        return Sequential.of(layers()).build(seed, sample);
    }

    /** Images flattened to {@code [N, 784]} as this network takes them ([N, 1, 28, 28] for the CNN). */
    Tensor view(Tensor flat) {
        int[] dims = new int[sample.length + 1];
        dims[0] = flat.dim(0);
        System.arraycopy(sample, 0, dims, 1, sample.length);
        return flat.reshape(dims);
    }

    /** The input shape of one sample, as the latency table names it: [1, 784] or [1, 1, 28, 28]. */
    String singleInput() {
        StringBuilder b = new StringBuilder("[1");
        for (int d : sample) {
            b.append(", ").append(d);
        }
        return b.append(']').toString();
    }

    /**
     * The layers of {@code examples/fashion-mnist-cnn-bn.json}: four convolutions without bias, each with
     * batch norm and ReLU (which {@link Sequential} runs as one op), pooled after each pair, a dense 128
     * (ReLU) with dropout 0.3, and the output layer (a test keeps it the example's).
     */
    static Layer[] batchNormCnn() {
        List<Layer> l = new ArrayList<>();
        for (int channels : new int[] {32, 32, 0, 64, 64, 0}) {
            if (channels == 0) {
                l.add(new MaxPool2D(2));
                continue;
            }
            l.add(new Conv2D(Conv2D.Config.of(channels, 3).withPadding("same").withoutBias()
                    .withKernelInit(Init.heUniform())));
            l.add(new BatchNorm2d());
            l.add(new ActivationLayer(relu()));
        }
        l.add(new Flatten());
        l.add(new Dense(new Dense.Config(128, relu(), true, Init.heUniform(), Init.zeros())));
        l.add(new Dropout(0.3));
        l.add(new Dense(10));
        return l.toArray(Layer[]::new);
    }

    private static Conv2D conv(int channels) {
        return new Conv2D(Conv2D.Config.of(channels, 3).withPadding("same").withActivation(relu())
                .withKernelInit(Init.heUniform()));
    }
}
