package dev.nabla.train;

import static dev.nabla.nn.Activation.relu;
import static dev.nabla.nn.Activation.sigmoid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.config.ConfigException;
import dev.nabla.config.ConfigReader;
import dev.nabla.data.Bundled;
import dev.nabla.data.Dataset;
import dev.nabla.loss.CrossEntropy;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gradient-flow recorder on the bundled digits: it leaves training bit for bit as it was, records at
 * the steps it says, and its numbers are the gradients and activations a hand-written backward gives.
 */
class GradientFlowTest {
    private static final Dataset DIGITS = Bundled.digits();
    private static final Tensor X = DIGITS.features().div(16).slice(0, 0, 256);
    private static final Tensor Y = DIGITS.targets().slice(0, 0, 256);

    private static Sequential model() {
        return Sequential.of(new Dense(32, relu()), new Dropout(0.1), new Dense(16, sigmoid()), new Dense(10)).build(7, 64);
    }

    private static Map<String, Tensor> train(Sequential m, Callback... callbacks) {
        new Trainer(m, CrossEntropy.of(), new Adam(m.parameters(), 1e-2))
                .fit(X, Y, FitOptions.defaults().epochs(2).batchSize(32).seed(3).callbacks(callbacks));
        return m.stateDict();
    }

    @Test
    void recordingLeavesTheWeightsBitForBitAsWithout() {
        Map<String, Tensor> plain = train(model());
        GradientFlow flow = new GradientFlow(GradientFlow.Config.DEFAULT.withEvery(1));
        Map<String, Tensor> watched = train(model(), flow);
        assertEquals(16, flow.records().size(), "every one of 2 x 8 steps recorded");
        plain.forEach((k, t) -> assertArrayEquals(t.toFloatArray(), watched.get(k).toFloatArray(), k));
    }

    @Test
    void recordsEveryNthUpdateWithEachLayerInModelOrder() {
        GradientFlow flow = new GradientFlow(GradientFlow.Config.DEFAULT.withEvery(5));
        train(model(), flow);
        List<FlowRecord> r = flow.records();
        assertEquals(List.of(0L, 5L, 10L, 15L), r.stream().map(FlowRecord::step).toList());
        assertEquals(List.of(0, 0, 1, 1), r.stream().map(FlowRecord::epoch).toList());
        FlowRecord first = r.get(0);
        assertEquals(List.of("layers.0", "layers.1", "layers.2", "layers.3"), first.layers().stream().map(LayerFlow::path).toList());
        assertEquals("relu", first.layers().get(0).activation());
        assertNull(first.layers().get(1).activation(), "a dropout layer has no activation to judge");
        assertEquals(List.of("weight", "bias"), List.copyOf(first.layers().get(0).parameterGradients().keySet()));
        assertTrue(first.layers().get(1).parameterGradients().isEmpty());
        assertTrue(Double.isNaN(first.layers().get(0).saturatedFraction()));
        assertTrue(first.layers().get(2).saturatedFraction() >= 0 && Double.isNaN(first.layers().get(2).deadFraction()));
    }

    @Test
    void theFirstRecordHoldsTheGradientsOfTheInitialWeights() {
        GradientFlow flow = new GradientFlow(GradientFlow.Config.DEFAULT.withEvery(100));
        Sequential m = Sequential.of(new Dense(32, relu()), new Dense(16, sigmoid()), new Dense(10)).build(7, 64);
        new Trainer(m, CrossEntropy.of(), new Adam(m.parameters(), 1e-2))
                .fit(X, Y, FitOptions.defaults().epochs(1).batchSize(256).shuffle(false).callbacks(flow));
        // by hand: the same weights, the same full batch
        Sequential same = Sequential.of(new Dense(32, relu()), new Dense(16, sigmoid()), new Dense(10)).build(7, 64);
        Tensor h1 = same.layers().get(0).forward(X).retainGrad();
        Tensor h2 = same.layers().get(1).forward(h1).retainGrad();
        Tensor loss = CrossEntropy.of().compute(same.layers().get(2).forward(h2), Y);
        loss.backward();
        LayerFlow l0 = flow.records().get(0).layers().get(0), l1 = flow.records().get(0).layers().get(1);
        assertEquals(loss.item(), flow.records().get(0).loss(), 1e-6);
        assertEquals(norm(h1), l0.output().norm(), 1e-4 * norm(h1));
        assertEquals(norm(h1.grad()), l0.outputGradient().norm(), 1e-6 * norm(h1.grad()));
        assertEquals(norm(h2.grad()), l1.outputGradient().norm(), 1e-6 * norm(h2.grad()));
        Tensor w0 = same.namedParameters().get("layers.0.weight").grad();
        assertEquals(norm(w0), l0.weightGradient().norm(), 1e-6 * norm(w0));
        assertEquals(32L * 256, l0.output().count());
        assertEquals(32L * 256, java.util.Arrays.stream(l0.output().histogram().counts()).sum());
        // dead units: outputs 0 for every sample, counted by hand
        double[] v = h1.toDoubleArray();
        int dead = 0;
        for (int u = 0; u < 32; u++) {
            boolean alive = false;
            for (int s = 0; s < 256; s++) {
                alive |= v[s * 32 + u] > 0;
            }
            dead += alive ? 0 : 1;
        }
        assertEquals(dead / 32.0, l0.deadFraction(), 0);
    }

    @Test
    void aDeadLayerAndASaturatedOneAreSeenAsSuch() {
        Sequential m = Sequential.of(new Dense(8, relu()), new Dense(8, sigmoid()), new Dense(10)).build(1, 64);
        m.namedParameters().get("layers.0.bias").assign(Tensor.full(-100.0, 8)); // every unit below zero
        m.namedParameters().get("layers.1.weight").assign(Tensor.full(50.0, 8, 8)); // (unused input: dead)
        m.namedParameters().get("layers.1.bias").assign(Tensor.full(20.0, 8));    // sigmoid(20) = 1 - 2e-9
        GradientFlow flow = new GradientFlow(GradientFlow.Config.DEFAULT);
        new Trainer(m, CrossEntropy.of(), new Adam(m.parameters(), 1e-3))
                .fit(X, Y, FitOptions.defaults().epochs(1).batchSize(256).callbacks(flow));
        LayerFlow relu = flow.records().get(0).layers().get(0), sig = flow.records().get(0).layers().get(1);
        assertEquals(1.0, relu.deadFraction());
        assertEquals(0.0, relu.weightGradient().norm(), "a dead layer passes no gradient to its weights");
        assertEquals(1.0, sig.saturatedFraction());
    }

    @Test
    void theCsvHasARowPerLayerQuantityAndStep() {
        GradientFlow flow = new GradientFlow(GradientFlow.Config.DEFAULT.withEvery(5).withBins(8));
        train(model(), flow);
        String[] lines = FlowCsv.write(flow.records()).split("\n");
        assertTrue(lines[0].startsWith("step,epoch,loss,layer,label,activation,quantity,count,"), lines[0]);
        assertTrue(lines[0].endsWith(",hist_lo,hist_hi,bin_0,bin_1,bin_2,bin_3,bin_4,bin_5,bin_6,bin_7"), lines[0]);
        // per step: 3 dense layers x (output, output_grad, grad.weight, grad.bias) + dropout x (output, output_grad)
        assertEquals(1 + 4 * (3 * 4 + 2), lines.length);
        assertTrue(lines[1].startsWith("0,0,"), lines[1]);
        assertTrue(lines[1].contains(",layers.0,Dense,relu,output,1024,0,"), lines[1]);
        for (String line : lines) {
            assertEquals(18 + 8, line.split(",", -1).length, line);
        }
    }

    @Test
    void aSpecNamesItAndItsSettingsAreChecked() {
        CallbackConfig c = CallbackConfig.REGISTRY.read(ConfigReader.of(Map.of("name", "gradient_flow", "every", 20), "$.callbacks[0]"));
        assertEquals(new GradientFlow.Config(20, 32), c);
        String m = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> CallbackConfig.REGISTRY
                .read(ConfigReader.of(Map.of("name", "gradient_flow", "every", 0), "$.callbacks[0]"))).getMessage();
        assertTrue(m.contains("$.callbacks[0].every") && m.contains("must be > 0, got 0"), m);
    }

    private static double norm(Tensor t) {
        double s = 0;
        for (double v : t.toDoubleArray()) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
