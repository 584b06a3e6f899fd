package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.Linear;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dense runs identity, ReLU, leaky ReLU, tanh and sigmoid inside its product's op (one graph node) and
 * the other activations after it; either way its values and gradients are those of the activation
 * applied to the plain product.
 */
class DenseFusionTest {

    static Stream<Activation> activations() {
        return Stream.of(Activation.identity(), Activation.relu(), Activation.leakyRelu(0.2), Activation.tanh(),
                Activation.sigmoid(), Activation.elu(), Activation.swish(), Activation.softmax());
    }

    private static boolean fused(Activation a) {
        return a instanceof Activation.Identity || a instanceof Activation.ReLU || a instanceof Activation.LeakyReLU
                || a instanceof Activation.Tanh || a instanceof Activation.Sigmoid;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void denseEqualsTheActivationOfItsProduct(Activation a) {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Dense layer = new Dense(7, a).biasInit(Init.uniform(-1, 1));
            Sequential.of(layer).build(3, dtype, 5);
            Tensor x = Tensor.uniform(new Generator(4), dtype, -2, 2, 6, 5);
            Tensor weights = Tensor.uniform(new Generator(5), dtype, -1, 1, 6, 7);

            Tensor y = layer.forward(x);
            assertEquals(fused(a), y.gradFn().name().startsWith("linear"), a + ": " + y.gradFn().name());
            y.mul(weights).sum().backward();
            List<Tensor> fused = List.of(y.detach(), layer.weight().grad(), layer.bias().grad());

            layer.weight().zeroGrad();
            layer.bias().zeroGrad();
            Tensor reference = a.apply(Linear.apply(x, layer.weight().value(), layer.bias().value()));
            reference.mul(weights).sum().backward();
            List<Tensor> composite = List.of(reference.detach(), layer.weight().grad(), layer.bias().grad());

            double tol = dtype == DType.FLOAT32 ? 1e-6 : 1e-12;
            for (int i = 0; i < 3; i++) {
                assertTrue(fused.get(i).allClose(composite.get(i), tol, tol), a + " " + dtype + " output " + i);
            }
        }
    }
}
