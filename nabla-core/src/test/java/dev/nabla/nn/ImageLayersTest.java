package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.GradCheck;
import dev.nabla.config.ConfigException;
import dev.nabla.io.ModelFile;
import dev.nabla.kernel.Parallel;
import dev.nabla.loss.CrossEntropy;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image layers as parts of a model: buffers beside parameters, model files, gradients of whole
 * layers (float64), errors at the call, and the same bits for any thread count.
 */
class ImageLayersTest {

    private static Sequential cnn(long seed, DType dtype) {
        return Sequential.of(
                new Conv2D(Conv2D.Config.of(4, 3).withPadding("same").withActivation(Activation.relu())).named("conv1"),
                new BatchNorm2d(), new MaxPool2D(2),
                new Conv2D(Conv2D.Config.of(6, 3).withGroups(2)).named("conv2"), new BatchNorm2d(),
                new GlobalAvgPool2D(), new Dense(3)).build(seed, dtype, 2, 10, 10);
    }

    @Test
    void buffersAreStateButNotParameters() {
        Sequential model = cnn(1, DType.FLOAT32);
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.1.running_mean",
                "layers.1.running_var", "layers.1.num_batches_tracked", "layers.3.weight", "layers.3.bias", "layers.4.weight",
                "layers.4.bias", "layers.4.running_mean", "layers.4.running_var", "layers.4.num_batches_tracked",
                "layers.6.weight", "layers.6.bias"), new ArrayList<>(model.stateDict().keySet()));
        assertEquals(6, model.namedBuffers().size());
        assertFalse(model.namedParameters().keySet().stream().anyMatch(k -> k.contains("running") || k.contains("batches")));
        assertEquals(DType.INT32, model.namedBuffers().get("layers.1.num_batches_tracked").dtype());

        // a training step moves the running statistics, never through the optimizer
        Tensor x = Tensor.randn(new Generator(2), 8, 2, 10, 10), y = Tensor.of(new int[] {0, 1, 2, 0, 1, 2, 0, 1}, 8);
        Adam adam = new Adam(model.parameters(), 1e-2);
        CrossEntropy.of().compute(model.forward(x), y).backward();
        adam.step();
        assertEquals(1.0, model.namedBuffers().get("layers.4.num_batches_tracked").item());
        assertFalse(model.namedBuffers().get("layers.1.running_mean").toDoubleArray()[0] == 0.0);
    }

    @Test
    void modelFilesCarryTheRunningStatistics(@TempDir Path dir) throws Exception {
        Sequential model = cnn(3, DType.FLOAT32);
        Tensor x = Tensor.randn(new Generator(4), 5, 2, 10, 10);
        for (int i = 0; i < 3; i++) {
            model.forward(x);
        }
        model.eval();
        Tensor before = model.forward(x);
        Path file = dir.resolve("cnn.safetensors");
        ModelFile.save(file, model);
        Layer loaded = ModelFile.load(file);
        loaded.eval();
        assertArrayEquals(before.toFloatArray(), loaded.forward(x).toFloatArray());
        assertEquals(3.0, loaded.namedBuffers().get("layers.1.num_batches_tracked").item());
        assertEquals(model.stateDict().keySet(), loaded.stateDict().keySet());
    }

    @Test
    void wholeLayersPassGradCheckInFloat64() {
        GradCheck.Options opt = GradCheck.Options.defaults();
        for (Layer layer : List.of(new BatchNorm2d(), new BatchNorm1d(),
                new Conv1D(Conv1D.Config.of(3, 3).withPadding("same").withDilation(2)),
                new Conv2D(Conv2D.Config.of(4, 2).withStride(2).withActivation(Activation.tanh())))) {
            boolean oneD = layer instanceof BatchNorm1d || layer instanceof Conv1D;
            Tensor x = Tensor.uniform(new Generator(5), DType.FLOAT64, -1, 1, oneD ? new int[] {4, 2, 6} : new int[] {3, 2, 5, 5})
                    .requiresGrad(true);
            layer.build(dev.nabla.tensor.Shape.of(java.util.Arrays.copyOfRange(x.shape().dims(), 1, x.rank())), new Generator(6),
                    DType.FLOAT64);
            for (Parameter p : layer.parameters()) {
                p.assign(Tensor.uniform(new Generator(7), DType.FLOAT64, 0.5, 1.5, p.shape().dims()));
            }
            List<Tensor> leaves = new ArrayList<>(List.of(x));
            layer.parameters().forEach(p -> leaves.add(p.value()));
            GradCheck.Report r = GradCheck.checkLeaves(layer.toString(), () -> layer.forward(x), opt, leaves);
            assertTrue(r.passed(), r.toString());
        }
    }

    @Test
    void errorsNameTheLayerWhatItExpectedAndWhatCame() {
        Sequential model = Sequential.of(new Conv2D(8, 3).named("conv1"), new Flatten(), new Dense(10)).build(0, 1, 28, 28);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.forward(Tensor.zeros(32, 784)));
        assertEquals("Conv2D 'conv1': expected input [*, 1, 28, 28], got [32, 784]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.forward(Tensor.zeros(32, 3, 28, 28)));
        assertEquals("Conv2D 'conv1': expected input [*, 1, 28, 28], got [32, 3, 28, 28]", e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> Sequential.of(new Conv2D(4, 7).named("big")).build(0, 1, 5, 5));
        assertTrue(e.getMessage().contains("Conv2D 'big': the kernel 7x7 is larger than the padded input 5x5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sequential.of(new Conv2D(Conv2D.Config.of(4, 3).withGroups(2))).build(0, 3, 5, 5));
        assertTrue(e.getMessage().contains("groups (2) must divide the input channels, got 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sequential.of(new MaxPool2D(2)).build(0, 784));
        assertTrue(e.getMessage().contains("MaxPool2D: expected input [*, channels, height, width], got per-sample shape [784]"),
                e.getMessage());

        ConfigException c = assertThrows(ConfigException.class,
                () -> Layers.read(Map.of("type", "Conv2D", "out_channels", 4, "kernel_size", 3, "stride", 0), "layers[0]"));
        assertTrue(c.getMessage().contains("layers[0].stride: must be 2 integers >= 1, got [0, 0]"), c.getMessage());
        c = assertThrows(ConfigException.class,
                () -> Layers.read(Map.of("type", "Conv2D", "out_channels", 4, "kernel_size", 3, "dilation", List.of(1, 0)), "m"));
        assertTrue(c.getMessage().contains("m.dilation: must be 2 integers >= 1, got [1, 0]"), c.getMessage());
        c = assertThrows(ConfigException.class,
                () -> Layers.read(Map.of("type", "Conv2D", "out_channels", 4, "kernel_size", 3, "padding", "full"), "m"));
        assertTrue(c.getMessage().contains("m.padding: must be \"same\", \"valid\" or a size, got \"full\""), c.getMessage());
        c = assertThrows(ConfigException.class, () -> Layers.read(Map.of("type", "BatchNorm2d", "momentum", 2), "m"));
        assertTrue(c.getMessage().contains("m.momentum: must be between 0 and 1, got 2.0"), c.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sequential.of(new BatchNorm1d()).build(0, 4).forward(Tensor.zeros(1, 4)));
        assertTrue(e.getMessage().contains("expected more than 1 value per channel when training"), e.getMessage());
    }

    @Test
    void theFunctionalOpsNameThemselvesAndBothShapes() {
        Tensor x = Tensor.zeros(2, 3, 5, 5);
        int[] one = {1, 1}, none = {0, 0, 0, 0};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dev.nabla.autograd.Conv2d.apply(x, Tensor.zeros(4, 2, 3, 3), null, one, none, one, 1));
        assertEquals("conv2d: the weight [4, 2, 3, 3] takes 2 input channels, but the input [2, 3, 5, 5] has 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> dev.nabla.autograd.Conv2d.apply(x, Tensor.zeros(4, 3, 7, 7), null, one, new int[] {1, 0, 0, 0}, one, 1));
        assertEquals("conv2d: the kernel 7x7 is larger than the padded input 6x5 (input [2, 3, 5, 5])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> dev.nabla.autograd.Conv2d.apply(x, Tensor.zeros(4, 3, 3, 3), null, new int[] {0, 1}, none, one, 1));
        assertEquals("conv2d: stride must be >= 1, got [0, 1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> dev.nabla.autograd.Conv2d.apply(x, Tensor.zeros(4, 3, 3, 3), null, one, none, new int[] {1, 0}, 1));
        assertEquals("conv2d: dilation must be >= 1, got [1, 0]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> dev.nabla.autograd.Conv2d.apply(Tensor.zeros(2, 75), Tensor.zeros(4, 3, 3, 3), null, one, none, one, 1));
        assertEquals("conv2d: expected input [N, C, H, W], got [2, 75]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sequential.of(new BatchNorm2d().named("bn"))
                .build(0, 3, 5, 5).forward(Tensor.zeros(2, 4, 5, 5)));
        assertEquals("BatchNorm2d 'bn': expected input [*, 3, 5, 5], got [2, 4, 5, 5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sequential.of(new Conv2D(8, 3).named("c")).build(0, 784));
        assertTrue(e.getMessage().endsWith("got per-sample shape [784]; rows of 784 values are viewed as images or "
                + "signals when the model declares its \"input\" shape, e.g. [1, 28, 28]"), e.getMessage());
    }

    @Test
    void configsRoundTripThroughTheRegistry() {
        for (Layer layer : List.of(new Conv2D(Conv2D.Config.of(4, 3).withPadding("same").withDilation(2)),
                new Conv1D(Conv1D.Config.of(2, 5).withStride(2).withPadding(1)), new MaxPool2D(3), new AvgPool2D(2),
                new GlobalAvgPool2D(), new BatchNorm1d(), new BatchNorm2d(new BatchNorm2d.Config(1e-3, 0.2, false, true)),
                new Reshape(1, -1, 4))) {
            Map<String, Object> written = Layers.write(layer);
            assertEquals(written, Layers.write(Layers.read(written, "layer")), written.toString());
        }
        assertEquals("same", Layers.write(new Conv2D(Conv2D.Config.of(4, 3).withPadding("same"))).get("padding"));
    }

    @Test
    void trainingStepsGiveTheSameBitsForAnyThreadCount() {
        List<float[]> runs = new ArrayList<>();
        for (int threads : new int[] {1, 2, 3}) {
            int previous = Parallel.setThreads(threads);
            try {
                Sequential model = cnn(8, DType.FLOAT32);
                Adam adam = new Adam(model.parameters(), 1e-2);
                Generator g = new Generator(9);
                for (int step = 0; step < 3; step++) {
                    Tensor x = Tensor.randn(g, 40, 2, 10, 10);
                    int[] labels = g.permutation(40);
                    for (int i = 0; i < labels.length; i++) {
                        labels[i] %= 3;
                    }
                    Tensor y = Tensor.of(labels, 40);
                    adam.zeroGrad();
                    CrossEntropy.of().compute(model.forward(x), y).backward();
                    adam.step();
                }
                List<Float> all = new ArrayList<>();
                model.stateDict().values().forEach(t -> { for (double v : t.toDoubleArray()) all.add((float) v); });
                float[] flat = new float[all.size()];
                for (int i = 0; i < flat.length; i++) {
                    flat[i] = all.get(i);
                }
                runs.add(flat);
            } finally {
                Parallel.setThreads(previous);
            }
        }
        assertArrayEquals(runs.get(0), runs.get(1), "1 and 2 threads");
        assertArrayEquals(runs.get(0), runs.get(2), "1 and 3 threads");
    }
}
