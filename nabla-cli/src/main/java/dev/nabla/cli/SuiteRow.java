package dev.nabla.cli;

import static dev.nabla.nn.Activation.relu;
import static dev.nabla.nn.Activation.sigmoid;
import static dev.nabla.nn.Activation.tanh;

import dev.nabla.loss.CrossEntropy;
import dev.nabla.loss.Loss;
import dev.nabla.loss.MSE;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of {@code nabla bench --suite}: the networks the lectures train, each small enough to time in a
 * few seconds. {@code nabla-bench/pytorch/suite.py} builds the same rows by the same names (keep the two
 * in step: its ROWS table). Every row but the regression and inference rows trains on synthetic
 * Fashion-MNIST-shaped data (784 inputs in [0, 1), 10 classes) with cross-entropy and Adam at lr 1e-3.
 */
enum SuiteRow {
    MLP_RELU("mlp-relu", "784-256-128-10 ReLU, batch 128", 128, 24_000) {
        @Override Layer[] layers() { return mlp(relu()); }
    },
    MLP_SIGMOID("mlp-sigmoid", "784-256-128-10 sigmoid, batch 128", 128, 24_000) {
        @Override Layer[] layers() { return mlp(sigmoid()); }
    },
    MLP_TANH("mlp-tanh", "784-256-128-10 tanh, batch 128", 128, 24_000) {
        @Override Layer[] layers() { return mlp(tanh()); }
    },
    BATCH_32("batch-32", "784-256-128-10 ReLU, batch 32", 32, 12_000) {
        @Override Layer[] layers() { return mlp(relu()); }
    },
    BATCH_512("batch-512", "784-256-128-10 ReLU, batch 512", 512, 24_000) {
        @Override Layer[] layers() { return mlp(relu()); }
    },
    DEEP_SIGMOID("deep-sigmoid", "784-(64 sigmoid)x10-10, batch 128", 128, 24_000) {
        @Override Layer[] layers() {
            List<Layer> l = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                l.add(new Dense(64, sigmoid()));
            }
            l.add(new Dense(10));
            return l.toArray(Layer[]::new);
        }
    },
    WIDE("wide", "784-1024-1024-10 ReLU, batch 128", 128, 6_000) {
        @Override Layer[] layers() {
            return new Layer[] {new Dense(1024, relu()), new Dense(1024, relu()), new Dense(10)};
        }
    },
    SGD_MOMENTUM("sgd-momentum", "784-256-128-10 ReLU, SGD lr 0.01 momentum 0.9, batch 128", 128, 24_000) {
        @Override Layer[] layers() { return mlp(relu()); }
        @Override Optimizer optimizer(List<Parameter> p) { return new SGD(p, new SGD.Config(0.01, 0.9, false, 0)); }
    },
    FLOAT64("float64", "784-256-128-10 ReLU in float64, batch 128", 128, 12_000) {
        @Override Layer[] layers() { return mlp(relu()); }
        @Override DType dtype() { return DType.FLOAT64; }
    },
    REGRESSION("regression", "8-32-32-1 tanh, MSE, batch 32", 32, 24_000) {
        @Override Layer[] layers() { return new Layer[] {new Dense(32, tanh()), new Dense(32, tanh()), new Dense(1)}; }
        @Override int inputs() { return 8; }
        @Override Loss loss() { return MSE.of(); }
    },
    INFERENCE("inference", "784-256-128-10 ReLU forward, no grad: 10,000 rows in batches of 1,000", 1000, 10_000) {
        @Override Layer[] layers() { return mlp(relu()); }
    },
    CNN("cnn", "examples/fashion-mnist-cnn.json (2 x (2 conv3x3 + pool), dropout, dense), batch 128", 128, 1_536) {
        @Override Layer[] layers() { return BenchNet.CNN.layers(); }
        @Override int[] sample() { return new int[] {1, 28, 28}; }
    },
    CNN_BN("cnn-bn", "examples/fashion-mnist-cnn-bn.json (2 x (2 x (conv3x3 + batch norm + ReLU) + pool), dense 128, "
            + "dropout, dense), batch 128", 128, 1_536) {
        @Override Layer[] layers() { return BenchNet.CNN_BN.layers(); }
        @Override int[] sample() { return new int[] {1, 28, 28}; }
    };

    private final String id;
    private final String description;
    private final int batch;
    private final int samples;

    SuiteRow(String id, String description, int batch, int samples) {
        this.id = id;
        this.description = description;
        this.batch = batch;
        this.samples = samples;
    }

    String id() { return id; }

    String description() { return description; }

    int batch() { return batch; }

    /** Training samples per epoch (rows per pass for inference): sized so that a row takes a few seconds. */
    int samples() { return samples; }

    abstract Layer[] layers();

    int inputs() { return 784; }

    /** One sample's shape as the first layer takes it. */
    int[] sample() { return new int[] {inputs()}; }

    DType dtype() { return DType.FLOAT32; }

    Loss loss() { return CrossEntropy.of(); }

    Optimizer optimizer(List<Parameter> params) { return new Adam(params, 1e-3); }

    boolean classification() { return !(loss() instanceof MSE); }

    Sequential build(long seed) {
        return Sequential.of(layers()).build(seed, dtype(), sample());
    }

    /**
     * Floating-point operations per sample of this row's step (a multiply-add counts two): the dense and
     * convolution layers' products, which are all but a few percent of the work. A training step is the
     * forward, the weight gradients (as many multiply-adds again) and the input gradients of every
     * layer but the first (which has none to pass back); inference is the forward alone. Read against the
     * machine's FMA peak ({@link dev.nabla.kernel.FmaPeak}), it says how close a row runs to the hardware.
     */
    long flopsPerSample() {
        Sequential model = build(0);
        long forward = 0, first = -1;
        for (Layer layer : model.layers()) {
            long macs = multiplyAdds(layer);
            if (macs > 0 && first < 0) {
                first = macs;
            }
            forward += macs;
        }
        return 2 * (this == INFERENCE ? forward : 3 * forward - Math.max(0, first));
    }

    /** One sample's multiply-adds in a layer's forward: a weight's entries, times the output positions of a convolution. */
    private static long multiplyAdds(Layer layer) {
        if (layer instanceof Dense d) {
            return d.weight().size();
        }
        if (layer instanceof Conv2D c) {
            int[] out = c.outputShape().dims(); // [O, H, W]
            return (long) c.weight().size() * out[1] * out[2];
        }
        return 0;
    }

    static SuiteRow byId(String id) {
        for (SuiteRow r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        return null;
    }

    private static Layer[] mlp(Activation a) {
        return new Layer[] {new Dense(256, a), new Dense(128, a), new Dense(10)};
    }
}
