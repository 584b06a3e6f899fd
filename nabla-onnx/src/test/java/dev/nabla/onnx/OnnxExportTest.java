package dev.nabla.onnx;

import static dev.nabla.onnx.Models.maxDiff;
import static dev.nabla.onnx.Models.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.Activation;
import dev.nabla.nn.ActivationLayer;
import dev.nabla.nn.AvgPool2D;
import dev.nabla.nn.BatchNorm1d;
import dev.nabla.nn.BatchNorm2d;
import dev.nabla.nn.Conv1D;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.GaussianHead;
import dev.nabla.nn.GaussianMixture;
import dev.nabla.nn.GlobalAvgPool2D;
import dev.nabla.nn.Layer;
import dev.nabla.nn.LayerNorm;
import dev.nabla.nn.MaxPool2D;
import dev.nabla.nn.MixtureDensityHead;
import dev.nabla.nn.Reshape;
import dev.nabla.nn.Sequential;
import dev.nabla.onnx.proto.ModelProto;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every exportable layer, run in ONNX Runtime and compared with Nabla's forward on random inputs. */
class OnnxExportTest {
    static final double TOLERANCE = 1e-5;

    private static Arguments c(String name, int[] input, Supplier<Layer> layers) {
        return Arguments.of(name, input, layers);
    }

    static Stream<Arguments> layers() {
        int[] flat = {6};
        int[] image = {3, 8, 8};
        int[] signal = {3, 10};
        List<Arguments> cases = new java.util.ArrayList<>();
        cases.add(c("Dense", flat, () -> Sequential.of(new Dense(4))));
        cases.add(c("Dense without bias", flat, () -> Sequential.of(new Dense(4).withoutBias())));
        for (String a : List.of("linear", "step", "sign", "sigmoid", "tanh", "relu", "leaky_relu", "swish", "elu", "gelu",
                "softplus", "softmax", "log_softmax")) {
            Activation act = Activation.REGISTRY.read(dev.nabla.config.ConfigReader.of(Map.of("name", a), "activation"));
            cases.add(c("Dense + " + a, flat, () -> Sequential.of(new Dense(5, act))));
        }
        cases.add(c("gelu tanh", flat, () -> Sequential.of(new Dense(5), new ActivationLayer(new Activation.GELU(true)))));
        cases.add(c("swish beta", flat, () -> Sequential.of(new Dense(5), new ActivationLayer(Activation.swish(1.7)))));
        cases.add(c("softplus beta", flat, () -> Sequential.of(new Dense(5), new ActivationLayer(new Activation.Softplus(2, 3)))));
        cases.add(c("Dropout", flat, () -> Sequential.of(new Dense(5), new Dropout(0.5))));
        cases.add(c("Reshape", flat, () -> Sequential.of(new Reshape(2, 3), new Flatten(), new Dense(2))));
        cases.add(c("Conv2D", image, () -> Sequential.of(new Conv2D(Conv2D.Config.of(4, 3).withStride(2).withPadding(1)))));
        cases.add(c("Conv2D same", image, () -> Sequential.of(new Conv2D(Conv2D.Config.of(4, 4).withPadding("same")
                .withActivation(Activation.relu())))));
        cases.add(c("Conv2D dilated grouped", image, () -> Sequential.of(new Conv2D(Conv2D.Config.of(6, 3).withDilation(2)
                .withGroups(3)))));
        cases.add(c("Conv1D", signal, () -> Sequential.of(new Conv1D(Conv1D.Config.of(4, 3).withPadding(1).withStride(2)))));
        cases.add(c("Conv1D same", signal, () -> Sequential.of(new Conv1D(Conv1D.Config.of(2, 4).withPadding("same")))));
        cases.add(c("MaxPool2D", image, () -> Sequential.of(new MaxPool2D(2))));
        cases.add(c("MaxPool2D padded", image, () -> Sequential.of(new MaxPool2D(new MaxPool2D.Config(new int[] {3, 3},
                new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1})))));
        cases.add(c("AvgPool2D", image, () -> Sequential.of(new AvgPool2D(2))));
        cases.add(c("AvgPool2D padded", image, () -> Sequential.of(new AvgPool2D(new AvgPool2D.Config(new int[] {3, 3},
                new int[] {2, 2}, new int[] {1, 1}, false)))));
        cases.add(c("GlobalAvgPool2D", image, () -> Sequential.of(new GlobalAvgPool2D(), new Dense(2))));
        cases.add(c("BatchNorm2d", image, () -> Sequential.of(new BatchNorm2d())));
        cases.add(c("BatchNorm1d", flat, () -> Sequential.of(new Dense(4), new BatchNorm1d())));
        cases.add(c("BatchNorm1d over a signal", signal, () -> Sequential.of(new BatchNorm1d())));
        cases.add(c("LayerNorm", flat, () -> Sequential.of(new Dense(4), new LayerNorm())));
        cases.add(c("GaussianHead", flat, () -> Sequential.of(new GaussianHead(2))));
        cases.add(c("GaussianHead exp", flat, () -> Sequential.of(new GaussianHead(new GaussianHead.Config(2,
                GaussianHead.Variance.EXP, 1e-3)))));
        cases.add(c("MixtureDensityHead", flat, () -> Sequential.of(new MixtureDensityHead(MixtureDensityHead.Config.of(3, 2)))));
        cases.add(c("MixtureDensityHead full", flat, () -> Sequential.of(new MixtureDensityHead(new MixtureDensityHead.Config(2, 2,
                GaussianMixture.Covariance.FULL, 1e-4)))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void runsInOnnxRuntimeAsInNabla(String name, int[] input, Supplier<Layer> layers) {
        Sequential model = (Sequential) layers.get();
        model.build(7, input);
        warmBatchNorm(model, input);
        model.eval();
        int[] batch = new int[input.length + 1];
        batch[0] = 5;
        System.arraycopy(input, 0, batch, 1, input.length);
        Tensor x = randn(11, batch);
        ModelProto proto = OnnxExport.toProto(model, Map.of());
        Tensor expected = model.forward(x);
        Tensor actual = Ort.run(proto, x);
        assertEquals(expected.shape(), actual.shape(), name);
        double diff = maxDiff(expected, actual);
        assertTrue(diff <= TOLERANCE, name + ": ONNX Runtime differs from Nabla by " + diff);
    }

    /** A few training batches so that the running statistics are not the initial zeros and ones. */
    static void warmBatchNorm(Layer model, int[] input) {
        int[] batch = new int[input.length + 1];
        batch[0] = 8;
        System.arraycopy(input, 0, batch, 1, input.length);
        model.train();
        for (int i = 0; i < 3; i++) {
            model.forward(randn(100 + i, batch).mul(2).add(0.5));
        }
    }
}
