package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.Parameter;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What the base class owns: skipping, per-parameter state and counts, gradients left alone, checkpoints. */
class OptimizerStateTest {

    private static Parameter param(double... values) {
        return new Parameter(Tensor.of(DType.FLOAT32, values));
    }

    /** loss = sum(w²) over the parameters given (only they get gradients). */
    private static void backward(Parameter... ps) {
        Tensor loss = null;
        for (Parameter p : ps) {
            Tensor term = p.value().pow(2).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
    }

    @Test
    void stepSkipsParametersWithoutGradientAndCountsUpdatesPerParameter() {
        Parameter a = param(1, 2), b = param(3);
        Optimizer opt = new Adam(List.of(a, b), 0.1);
        backward(a);
        opt.step();
        assertArrayEquals(new float[] {3}, b.value().toFloatArray(), "no gradient, no update");
        assertNull(opt.state(b), "no state before the first update");
        opt.zeroGrad();
        backward(a, b);
        opt.step();
        assertEquals(2, opt.stepCount());
        assertEquals(2, opt.state(a).step());
        assertEquals(1, opt.state(b).step(), "bias correction uses b's own count, as PyTorch's per-parameter 'step'");
        assertEquals(2.9f, b.value().toFloatArray()[0], 1e-6f, "Adam's first step moves by lr");
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Parameter a = param(1), b = param(2);
        Optimizer opt = new SGD(List.of(a, b), 0.1);
        backward(a, b);
        opt.zeroGrad();
        assertNull(a.grad());
        assertNull(b.grad());
    }

    @Test
    void clippingAndWeightDecayLeaveTheStoredGradientAlone() {
        Parameter a = param(3, 4);
        Optimizer opt = new SGD(List.of(a), SGD.Config.DEFAULT.withLr(0.1).withWeightDecay(0.5)).setClipNorm(1).setClipValue(7);
        backward(a);
        opt.step();
        assertArrayEquals(new float[] {6, 8}, a.grad().toFloatArray());
        // by value: (6, 8) -> (6, 7); by norm: / (√85 + 1e-6); then + 0.5·θ; θ -= 0.1·g
        double s = 1 / (Math.sqrt(85) + 1e-6);
        assertArrayEquals(new float[] {(float) (3 - 0.1 * (6 * s + 1.5)), (float) (4 - 0.1 * (7 * s + 2))},
                a.value().toFloatArray(), 1e-6f);
    }

    @Test
    void clippingANonFiniteGradientThrows() {
        Parameter a = param(1);
        Optimizer opt = new SGD(List.of(a), 0.1).setClipNorm(1);
        a.value().setGrad(Tensor.of(new float[] {Float.NaN}));
        ArithmeticException e = assertThrows(ArithmeticException.class, opt::step);
        assertEquals("SGD: cannot clip gradients whose global norm is NaN (the loss has diverged or overflowed)", e.getMessage());
    }

    @Test
    void stateDictNamesBuffersByParameterIndex() {
        Parameter a = param(1, 2), b = param(3);
        Optimizer opt = new Adam(List.of(a, b), Adam.Config.DEFAULT.withAmsgrad(true));
        backward(a);
        opt.step();
        Map<String, Tensor> dict = opt.stateDict();
        assertEquals(List.of("step", "lr_scale", "0.step", "0.exp_avg", "0.exp_avg_sq", "0.max_exp_avg_sq"),
                List.copyOf(dict.keySet()));
        assertEquals(1.0, dict.get("step").item());
        assertEquals(DType.FLOAT32, dict.get("0.exp_avg").dtype());
        dict.get("0.exp_avg").fill(42);
        assertTrue(opt.state(a).buffer("exp_avg").toFloatArray()[0] != 42f, "stateDict holds copies");
    }

    /** Two steps, checkpoint, three more: a fresh optimizer loaded from the checkpoint ends identical. */
    private static void resumesExactly(Function<List<Parameter>, Optimizer> make) {
        Parameter a = param(1, -2), b = param(0.5);
        Optimizer opt = make.apply(List.of(a, b));
        for (int i = 0; i < 2; i++) {
            opt.zeroGrad();
            backward(a, b);
            opt.step();
        }
        opt.setLearningRate(opt.learningRate() * 0.5);
        Map<String, Tensor> checkpoint = opt.stateDict();
        Parameter a2 = new Parameter(a.value().copy()), b2 = new Parameter(b.value().copy());
        Optimizer resumed = make.apply(List.of(a2, b2));
        resumed.loadStateDict(checkpoint);
        assertEquals(opt.learningRate(), resumed.learningRate(), 0.0);
        for (int i = 0; i < 3; i++) {
            for (Optimizer o : List.of(opt, resumed)) {
                o.zeroGrad();
                backward(o.parameters().toArray(Parameter[]::new));
                o.step();
            }
        }
        assertArrayEquals(a.value().toFloatArray(), a2.value().toFloatArray(), 0f);
        assertArrayEquals(b.value().toFloatArray(), b2.value().toFloatArray(), 0f);
        assertEquals(5, resumed.stepCount());
    }

    @Test
    void loadStateDictResumesTraining() {
        resumesExactly(p -> new Adam(p, Adam.Config.DEFAULT.withLr(0.1).withAmsgrad(true))
                .setSchedule(new LrSchedule.ExponentialDecay(0.9)));
        resumesExactly(p -> new SGD(p, SGD.Config.DEFAULT.withLr(0.1).withNesterov(0.9)));
        resumesExactly(p -> new RMSprop(p, RMSprop.Config.DEFAULT.withCentered(true).withMomentum(0.5)));
        resumesExactly(p -> new AdaGrad(p, AdaGrad.Config.DEFAULT.withLrDecay(0.1)));
        resumesExactly(p -> new AdamW(p, 0.1));
    }

    @Test
    void loadStateDictRefusesAMismatchAndChangesNothing() {
        Parameter a = param(1, 2);
        Optimizer opt = new Adam(List.of(a), 0.1);
        backward(a);
        opt.step();
        Map<String, Tensor> bad = new LinkedHashMap<>(opt.stateDict());
        bad.put("0.exp_avg", Tensor.zeros(3));
        bad.remove("0.exp_avg_sq");
        bad.put("0.momentum_buffer", Tensor.zeros(2));
        bad.put("step", Tensor.scalar(DType.FLOAT64, 7));
        Tensor before = opt.state(a).buffer("exp_avg").copy();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(bad));
        assertEquals("loadStateDict into Adam: '0.exp_avg' has shape [3] but parameter 0 has [2]; "
                + "missing key '0.exp_avg_sq'; unexpected keys [0.momentum_buffer]", e.getMessage());
        assertEquals(1, opt.stepCount());
        assertArrayEquals(before.toFloatArray(), opt.state(a).buffer("exp_avg").toFloatArray(), 0f);
    }

    @Test
    void toStringShowsTheConfig() {
        Optimizer opt = new Adam(List.of(param(1)), 1e-3).setClipNorm(1);
        assertEquals("Adam(betas=(0.9, 0.999), eps=1.0E-8, weightDecay=0.0, amsgrad=false, lr=0.001, clipNorm=1.0)",
                opt.toString());
        assertNotNull(new AdamW(List.of(param(1)), 1e-3).toString());
    }
}
