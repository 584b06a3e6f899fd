package dev.nabla.kernel;

import dev.nabla.data.Bundled;
import dev.nabla.data.Dataset;
import dev.nabla.loss.CrossEntropy;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Predictor;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.FitOptions;
import dev.nabla.train.Trainer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The child JVM of {@link PlainJvmTest}, started with whatever flags that test chooses (none, typically):
 * {@code fit} warms the kernels up as the CLI does, trains a small MLP on the bundled digits through
 * {@link Trainer#fit} (Adam with clip-by-norm, so the optimizer's lane-ordered sums run too), serves a
 * few images through a {@link Predictor}, trains two convolutions on the digits as 8 × 8 images, and prints the kernel mode and a SHA-256 of the weights' and
 * predictions' bits; {@code matmul} multiplies two matrices and prints the product's sum.
 */
public final class PlainJvmChild {
    private PlainJvmChild() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "fit" -> fit();
            case "matmul" -> {
                Tensor a = Tensor.randn(new Generator(1), 37, 53), b = Tensor.randn(new Generator(2), 53, 29);
                System.out.println("sum=" + a.matmul(b).sum().item());
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void fit() throws Exception {
        Kernels.warmUp();
        Dataset digits = Bundled.digits();
        Tensor x = digits.features().mul(1.0 / 16);
        Sequential model = Sequential.of(new Dense(32, Activation.relu()), new Dense(10)).build(3, 64);
        Adam adam = new Adam(model.parameters(), 1e-2);
        adam.setClipNorm(0.5);
        new Trainer(model, CrossEntropy.of(), adam)
                .fit(x, digits.targets(), FitOptions.defaults().epochs(2).batchSize(64).seed(5));
        Map<String, Tensor> results = new TreeMap<>(model.stateDict());
        results.put("predictions", Predictor.of(model).predict(x.slice(0, 0, 3)));
        // the convolutions' kernels too: their drivers choose between paths whose classes name the Vector API
        Tensor images = x.slice(0, 0, 128).reshape(128, 1, 8, 8);
        Sequential cnn = Sequential.of(
                new Conv2D(Conv2D.Config.of(32, 3).withPadding("same").withActivation(Activation.relu())),
                new Conv2D(Conv2D.Config.of(32, 3).withPadding("same")), new Flatten(), new Dense(10)).build(4, 1, 8, 8);
        new Trainer(cnn, CrossEntropy.of(), new Adam(cnn.parameters(), 1e-3))
                .fit(images, digits.targets().slice(0, 0, 128), FitOptions.defaults().epochs(1).batchSize(64).seed(6));
        cnn.stateDict().forEach((k, v) -> results.put("cnn." + k, v));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Map.Entry<String, Tensor> e : results.entrySet()) {
            sha.update(e.getKey().getBytes());
            for (float v : e.getValue().toFloatArray()) {
                int bits = Float.floatToRawIntBits(v);
                sha.update(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
            }
        }
        System.out.println("kernels=" + (KernelMode.vector() ? "vector" : "scalar"));
        System.out.println("weights=" + HexFormat.of().formatHex(sha.digest()));
    }
}
