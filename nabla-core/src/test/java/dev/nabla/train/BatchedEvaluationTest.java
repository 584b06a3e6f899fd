package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.autograd.NoGrad;
import dev.nabla.data.FittedTransform;
import dev.nabla.loss.CrossEntropy;
import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNorm2d;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.MaxPool2D;
import dev.nabla.nn.Sequential;
import dev.nabla.spec.TrainedModel;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Evaluation and prediction run batch after batch with each batch's intermediate tensors taking the
 * arrays of the batch before (a step arena): the results must be those of one pass over all the samples,
 * for a network with convolutions, batch norm and pooling, whose intermediates are many and large.
 */
class BatchedEvaluationTest {
    private static final int N = 700;

    private static Sequential model() {
        Sequential m = Sequential.of(new Conv2D(Conv2D.Config.of(8, 3).withPadding("same")), new BatchNorm2d(),
                new dev.nabla.nn.ActivationLayer(Activation.relu()), new MaxPool2D(2), new Flatten(),
                new Dense(10)).build(3, 1, 28, 28);
        m.eval();
        return m;
    }

    private static Tensor images() {
        return Tensor.uniform(new Generator(7), DType.FLOAT32, 0, 1, N, 1, 28, 28);
    }

    @Test
    void predictionInSeveralBatchesIsTheOnePassForward() {
        Sequential m = model();
        Tensor x = images();
        Tensor whole;
        try (NoGrad ignored = NoGrad.enter()) {
            whole = m.forward(x);
        }
        // 700 images of 784 values: five batches of at most 167
        TrainedModel trained = new TrainedModel(m, List.<FittedTransform>of(), List.of(), null, 0, List.of());
        Tensor batched = trained.predict(x);
        assertArrayEquals(whole.toFloatArray(), batched.toFloatArray());
    }

    @Test
    void evaluationInSeveralBatchesAddsUpToTheOnePassLoss() {
        Sequential m = model();
        Tensor x = images();
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            labels[i] = i % 10;
        }
        Tensor y = Tensor.of(labels, N);
        Trainer trainer = new Trainer(m, CrossEntropy.of(), new dev.nabla.optim.SGD(m.parameters(), 0.1));
        Map<String, Double> batched = trainer.evaluate(x, y, 64, List.of(Metric.accuracy()), List.of());
        Map<String, Double> once = trainer.evaluate(x, y, N, List.of(Metric.accuracy()), List.of());
        assertEquals(once.get("loss"), batched.get("loss"), 1e-6);
        assertEquals(once.get("accuracy"), batched.get("accuracy"), 0);
    }
}
