package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.GradCheck;
import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gradients through a graph, in float64: with respect to the inputs by {@link GradCheck}, and with
 * respect to every parameter by central differences computed here (GradCheck perturbs its own copies
 * of the inputs, so it cannot reach parameters held by the layers).
 */
class GraphGradTest {
    private static final double EPS = 1e-6, ATOL = 1e-6, RTOL = 1e-5;

    /** Two inputs, a skip connection, every merge type, two outputs; smooth activations only. */
    private static Graph graph() {
        return Graph.builder().input("a", 3).input("b", 4)
                .node("ha", GraphTest.dense(5, Activation.tanh()), "a")
                .node("hb", GraphTest.dense(5, Activation.sigmoid()), "b")
                .node("h2", GraphTest.dense(5, Activation.tanh()), "ha")
                .node("skip", Merge.add(), "ha", "h2")
                .node("prod", Merge.multiply(), "skip", "hb")
                .node("avg", Merge.average(), "prod", "ha", "hb")
                .node("cat", Merge.concat(), "avg", "b")
                .node("head1", GraphTest.dense(2, Activation.identity()), "cat")
                .node("head2", GraphTest.dense(3, Activation.gelu()), "skip")
                .output("head1", "head2")
                .build(17, DType.FLOAT64);
    }

    /** Both outputs side by side, so one scalar projection covers them. */
    private static Tensor joined(Graph g, Tensor a, Tensor b) {
        Map<String, Tensor> out = g.forward(Map.of("a", a, "b", b));
        return Tensor.concat(1, out.get("head1"), out.get("head2"));
    }

    @Test
    void gradientsWithRespectToTheInputsPassGradCheck() {
        Graph g = graph();
        Tensor a = GraphTest.randn(1, 4, 3), b = GraphTest.randn(2, 4, 4);
        GradCheck.Report r = GradCheck.check("graph", xs -> joined(g, xs[0], xs[1]), a, b);
        assertTrue(r.passed(), r.toString());
        assertEquals(4 * 3 + 4 * 4, r.elementsChecked());
    }

    @Test
    void gradientsOfEveryParameterMatchCentralDifferences() {
        Graph g = graph();
        Tensor a = GraphTest.randn(1, 4, 3), b = GraphTest.randn(2, 4, 4);
        Tensor w = Tensor.normal(new Generator(99), DType.FLOAT64, 0, 1, 4, 5);
        g.zeroGrad();
        joined(g, a, b).mul(w).sum().backward();
        int checked = 0;
        for (Map.Entry<String, Parameter> e : g.namedParameters().entrySet()) {
            Parameter p = e.getValue();
            assertNotNull(p.grad(), e.getKey() + " got no gradient");
            double[] data = p.value().f64();
            double[] grad = p.grad().f64();
            for (int j = 0; j < data.length; j++) {
                double saved = data[j];
                data[j] = saved + EPS;
                double plus = loss(g, a, b, w);
                data[j] = saved - EPS;
                double minus = loss(g, a, b, w);
                data[j] = saved;
                double numeric = (plus - minus) / (2 * EPS);
                assertTrue(Math.abs(grad[j] - numeric) <= ATOL + RTOL * Math.abs(numeric),
                        e.getKey() + "[" + j + "]: analytic " + grad[j] + ", numeric " + numeric);
                checked++;
            }
        }
        assertEquals(g.parameterCount(), checked);
        assertEquals(10, g.parameters().size(), "weight and bias of five Dense nodes");
    }

    private static double loss(Graph g, Tensor a, Tensor b, Tensor w) {
        try (NoGrad ignored = NoGrad.enter()) {
            return joined(g, a, b).mul(w).sum().item();
        }
    }

    @Test
    void aValueReadTwiceGetsBothContributions() {
        // y = x + x·x (Add of x and Multiply(x, x)): dy/dx = 1 + 2x
        Graph g = Graph.builder().input("x", 3)
                .node("sq", Merge.multiply(), "x", "x")
                .node("y", Merge.add(), "x", "sq")
                .output("y").build(0, DType.FLOAT64);
        Tensor x = Tensor.of(new double[] {-1, 0.5, 2}, 1, 3).requiresGrad(true);
        g.forward(x).sum().backward();
        assertEquals(-1.0, x.grad().get(0, 0), 1e-15);
        assertEquals(2.0, x.grad().get(0, 1), 1e-15);
        assertEquals(5.0, x.grad().get(0, 2), 1e-15);
    }
}
