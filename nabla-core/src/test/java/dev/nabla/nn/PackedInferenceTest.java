package dev.nabla.nn;

import static dev.nabla.nn.Activation.relu;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nabla.autograd.NoGrad;
import dev.nabla.loss.CrossEntropy;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Predictor: single-sample inference reads a packed copy of each dense weight, kept between calls. Its
 * output must be the bits the same sample gets inside a large batch (which packs afresh), and must
 * follow every change of the weights: an optimizer step, a load, a raw write declared with markModified.
 * Outside a Predictor nothing is cached, so a raw write needs no declaration there.
 */
class PackedInferenceTest {
    private final Sequential model = Sequential.of(new Dense(200, relu()), new Dense(70, relu()), new Dense(5))
            .build(3, 300);
    private final Tensor batch = Tensor.uniform(new Generator(4), DType.FLOAT32, -1, 1, 40, 300);

    /** Each sample alone (packed weights) against the batch of 40 (unpacked), row by row. */
    private void assertAloneEqualsBatch(String when) {
        Predictor predictor = Predictor.of(model);
        try (NoGrad ignored = NoGrad.enter()) {
            float[] all = model.forward(batch).toFloatArray();
            for (int i = 0; i < 40; i += 13) {
                float[] alone = predictor.predict(batch.indexSelect(0, i)).toFloatArray();
                assertArrayEquals(Arrays.copyOfRange(all, i * 5, i * 5 + 5), alone, when + ": sample " + i);
            }
        }
    }

    @Test
    void aloneMatchesTheBatchBeforeAndAfterEveryKindOfWeightChange() {
        assertAloneEqualsBatch("fresh");
        assertAloneEqualsBatch("second call (cached)");

        float[] before;
        before = Predictor.of(model).predict(batch.indexSelect(0, 0)).toFloatArray();
        model.train();
        Optimizer opt = new Adam(model.parameters(), 0.05);
        CrossEntropy.of().compute(model.forward(batch), Tensor.of(new int[40], 40)).backward();
        opt.step();
        assertFalse(Arrays.equals(before, Predictor.of(model).predict(batch.indexSelect(0, 0)).toFloatArray()),
                "the step changed the output");
        assertAloneEqualsBatch("after an optimizer step");

        Parameter w = model.parameters().getFirst();
        w.assign(Tensor.uniform(new Generator(9), DType.FLOAT32, -1, 1, w.shape().dims()));
        assertAloneEqualsBatch("after assign");

        float[] raw = w.value().f32();
        for (int i = 0; i < raw.length; i++) {
            raw[i] *= -1;
        }
        w.value().markModified();
        assertAloneEqualsBatch("after a raw write and markModified");
    }

    @Test
    void withoutAPredictorARawWriteIsSeenAtOnce() {
        Tensor x = batch.indexSelect(0, 1);
        Parameter w = model.parameters().getFirst();
        try (NoGrad ignored = NoGrad.enter()) {
            Predictor.of(model).predict(x); // packs w
            float[] before = model.forward(x).toFloatArray();
            float[] raw = w.value().f32();
            for (int i = 0; i < raw.length; i++) {
                raw[i] += 0.5f; // no markModified: a plain forward must not use the packed copy
            }
            float[] after = model.forward(x).toFloatArray();
            assertFalse(Arrays.equals(before, after), "the raw write changed the plain forward's output");
        }
    }

    /**
     * Batched calls reuse the previous call's intermediate arrays (a StepArena per thread): every output
     * stays the caller's and readable after later calls, and each is the plain forward's bits.
     */
    @Test
    void batchedCallsReuseMemoryAndKeepEveryOutput() {
        Predictor predictor = Predictor.of(model);
        Tensor big = Tensor.uniform(new Generator(5), DType.FLOAT32, -1, 1, 300, 300);
        Tensor[] outs = new Tensor[4];
        for (int i = 0; i < outs.length; i++) {
            outs[i] = predictor.predict(i % 2 == 0 ? big : batch);
        }
        float[] bigExpected;
        float[] smallExpected;
        try (NoGrad ignored = NoGrad.enter()) {
            bigExpected = model.forward(big).toFloatArray();
            smallExpected = model.forward(batch).toFloatArray();
        }
        for (int i = 0; i < outs.length; i++) {
            assertArrayEquals(i % 2 == 0 ? bigExpected : smallExpected, outs[i].toFloatArray(), "call " + i);
        }
    }

    /**
     * Convolutions whose batches run Winograd's F(4×4, 3×3) (32 channels each side) and F(2×2, 3×3)'s (8 → 8, no
     * F(4×4) below two vectors of channels): a Predictor keeps each kernel's transform across calls, and its
     * output is the plain forward's bits before and after an optimizer step. A raw write it is not told of
     * leaves its output as it was, which is how this test knows the transform was kept (and why such writes
     * must be declared).
     */
    @Test
    void batchedConvolutionsKeepTheirWinogradTransform() {
        Sequential cnn = Sequential.of(
                new Conv2D(Conv2D.Config.of(32, 3).withPadding("same").withActivation(Activation.relu())),
                new Conv2D(Conv2D.Config.of(32, 3).withPadding("same").withActivation(Activation.relu())),
                new Conv2D(Conv2D.Config.of(8, 3).withPadding("same")),
                new Conv2D(Conv2D.Config.of(8, 3).withPadding("same")),
                new Flatten(), new Dense(3)).build(11, 2, 12, 12);
        Tensor images = Tensor.uniform(new Generator(6), DType.FLOAT32, -1, 1, 5, 2, 12, 12);
        Predictor predictor = Predictor.of(cnn);
        for (String when : new String[] {"fresh", "cached"}) {
            assertArrayEquals(plain(cnn, images), predictor.predict(images).toFloatArray(), when);
        }
        cnn.train();
        Optimizer opt = new Adam(cnn.parameters(), 0.05);
        CrossEntropy.of().compute(cnn.forward(images), Tensor.of(new int[5], 5)).backward();
        opt.step();
        cnn.eval();
        float[] stepped = plain(cnn, images);
        assertArrayEquals(stepped, predictor.predict(images).toFloatArray(), "after an optimizer step");
        for (int layer : new int[] {2, 6}) { // the second 32 → 32 kernel (F(4×4)), then the last 8 → 8 (F(2×2))
            float[] raw = cnn.parameters().get(layer).value().f32();
            for (int i = 0; i < raw.length; i++) {
                raw[i] *= -1;
            }
            assertArrayEquals(stepped, predictor.predict(images).toFloatArray(), "parameter " + layer
                    + ": a raw write without markModified, the kept transform");
            cnn.parameters().get(layer).value().markModified();
            float[] now = plain(cnn, images);
            assertFalse(Arrays.equals(stepped, now), "parameter " + layer + ": the write changed the plain output");
            assertArrayEquals(now, predictor.predict(images).toFloatArray(), "parameter " + layer + ": declared");
            stepped = now;
        }
    }

    private static float[] plain(Sequential model, Tensor x) {
        try (NoGrad ignored = NoGrad.enter()) {
            return model.forward(x).toFloatArray();
        }
    }
}
