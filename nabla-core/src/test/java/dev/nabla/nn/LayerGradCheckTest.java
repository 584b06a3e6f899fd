package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every activation and layer passes GradCheck in float64, with respect to its input and to each of its
 * parameters (the parameter's values are fed in as GradCheck inputs and loaded into the layer).
 */
class LayerGradCheckTest {

    static Stream<Activation> activations() {
        return Stream.of(Activation.identity(), Activation.sigmoid(), Activation.tanh(), Activation.relu(),
                Activation.leakyRelu(0.1), Activation.swish(), Activation.swish(1.7), Activation.elu(0.8),
                Activation.gelu(), new Activation.GELU(true), Activation.softmax(), Activation.logSoftmax(),
                Activation.step(), Activation.sign(), Activation.softplus(), new Activation.Softplus(2, 3));
    }

    /** Inputs kept at least 0.2 away from 0, where relu-like functions have their kink. */
    private static Tensor input(long seed, int... dims) {
        Generator g = new Generator(seed);
        Tensor t = Tensor.uniform(g, DType.FLOAT64, 0.2, 2, dims);
        double[] d = t.f64();
        for (int i = 0; i < d.length; i++) {
            d[i] = g.nextDouble() < 0.5 ? -d[i] : d[i];
        }
        return t;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void activationLayerPassesGradCheck(Activation a) {
        ActivationLayer layer = new ActivationLayer(a);
        GradCheck.Report r = GradCheck.check(a.name(), x -> layer.forward(x[0]), input(1, 4, 5));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void denseWithBiasAndActivationPassesGradCheckForInputAndParameters() {
        checkLayerParameters(new Dense(3, Activation.tanh()), 4);
    }

    @Test
    void distributionHeadsPassGradCheckForInputAndParameters() {
        checkLayerParameters(new GaussianHead(2), 3);
        checkLayerParameters(new GaussianHead(new GaussianHead.Config(1, GaussianHead.Variance.EXP, 1e-3)), 3);
        checkLayerParameters(new MixtureDensityHead(3, 2), 4);
        checkLayerParameters(new MixtureDensityHead(new MixtureDensityHead.Config(2, 3, GaussianMixture.Covariance.FULL, 0.01)), 3);
    }

    @Test
    void denseWithoutBiasPassesGradCheck() {
        checkLayerParameters(new Dense(5).withoutBias(), 3);
    }

    @Test
    void sequentialWithFlattenPassesGradCheck() {
        Sequential s = Sequential.of(new Flatten(), new Dense(4, Activation.elu()), new Dense(2, Activation.logSoftmax()));
        s.build(3, DType.FLOAT64, 2, 3);
        GradCheck.Report r = GradCheck.check("sequential", x -> s.forward(x[0]), input(2, 5, 2, 3));
        assertTrue(r.passed(), r.toString());
        checkParameters("sequential", s, input(3, 5, 2, 3));
    }

    private static void checkLayerParameters(Layer layer, int inFeatures) {
        layer.build(Shape.of(inFeatures), new Generator(4), DType.FLOAT64);
        Tensor x = input(5, 6, inFeatures);
        GradCheck.Report r = GradCheck.check(layer.toString(), in -> layer.forward(in[0]), x);
        assertTrue(r.passed(), r.toString());
        checkParameters(layer.toString(), layer, x);
    }

    /** Checks the gradient with respect to every parameter at once, perturbing them in place. */
    private static void checkParameters(String name, Layer m, Tensor x) {
        List<Tensor> leaves = m.parameters().stream().map(Parameter::value).toList();
        GradCheck.Report r = GradCheck.checkLeaves(name + " parameters", () -> m.forward(x), GradCheck.Options.defaults(), leaves);
        assertTrue(r.passed(), r.toString());
        assertTrue(r.elementsChecked() == m.parameterCount());
    }
}
