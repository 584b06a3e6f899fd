package dev.nabla.spec;

import dev.nabla.data.Dataset;
import dev.nabla.data.FittedTransform;
import dev.nabla.data.Splits;
import dev.nabla.data.Transform;
import dev.nabla.loss.BinaryCrossEntropy;
import dev.nabla.loss.BinaryCrossEntropyWithLogits;
import dev.nabla.loss.Loss;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The data side of a run: the source read, split (test, then validation off the end of training), the
 * transforms fitted on the training part only, and the tensors the trainer sees. Splitting comes before
 * fitting so that no statistic of a held-out sample reaches the model.
 */
record PreparedData(DataSplits splits, List<FittedTransform> transforms, Tensor trainX, Tensor trainY, Tensor valX,
                    Tensor valY, Tensor testX, Tensor testY, List<String> classNames) {

    static PreparedData prepare(DataSpec spec, Loss loss, long seed) throws IOException {
        SourceSpec.Parts parts = spec.source().load(seed);
        Dataset train = parts.train(), test = parts.test(), validation = null;
        if (spec.testSplit() > 0) {
            Splits.Split s = split("$.data.test_split", () -> Splits.trainTest(parts.train(), spec.testSplit(), seed,
                    spec.stratify() && parts.train().isClassification()));
            train = s.train();
            test = s.test();
        }
        if (spec.validationSplit() > 0) {
            Dataset whole = train;
            Splits.Split s = split("$.data.validation_split", () -> Splits.holdOutLast(whole, spec.validationSplit()));
            train = s.train();
            validation = s.test();
        }
        List<FittedTransform> fitted = fit(spec.transforms(), train.features());
        return new PreparedData(new DataSplits(train, validation, test), fitted,
                features(fitted, train), targets(train, loss), features(fitted, validation), targets(validation, loss),
                features(fitted, test), targets(test, loss), train.classNames());
    }

    /**
     * The same data with each sample viewed in the model's declared {@code input} shape when that holds
     * as many values and differs (rows of 784 pixels, or 28×28 images, as {@code [1, 28, 28]} for a
     * convolution); else this. A declared shape of another size is left for the model to refuse.
     */
    PreparedData shapedFor(Shape input) {
        Shape sample = sampleShape();
        if (input == null || input.equals(sample) || input.size() != sample.size()) {
            return this;
        }
        return new PreparedData(splits, transforms, view(trainX, input), trainY, view(valX, input), valY, view(testX, input),
                testY, classNames);
    }

    /** {@code x [N, ...]} viewed as {@code [N, sample...]}; null stays null. */
    static Tensor view(Tensor x, Shape sample) {
        if (x == null) {
            return null;
        }
        int[] dims = new int[sample.rank() + 1];
        dims[0] = x.dim(0);
        System.arraycopy(sample.dims(), 0, dims, 1, sample.rank());
        return x.reshape(dims);
    }

    /** The per-sample input shape the model is built for. */
    Shape sampleShape() {
        int[] dims = trainX.shape().dims();
        return Shape.of(Arrays.copyOfRange(dims, 1, dims.length));
    }

    private interface SplitStep {
        Splits.Split run();
    }

    /**
     * A split the data cannot give (too few samples, a class of one) is the spec's setting's fault, said in
     * the spec's terms: Splits names its Java method and parameter ({@code trainTest: testFraction 0.9 of 8
     * samples ...}), the spec has a key ({@code $.data.test_split: 0.9 of 8 samples ...}).
     */
    private static Splits.Split split(String path, SplitStep step) {
        try {
            return step.run();
        } catch (IllegalArgumentException e) {
            String problem = e.getMessage().replaceFirst("^(trainTest|holdOutLast): ((testFraction|fraction) )?", "");
            throw new SpecException(path, problem, e);
        }
    }

    /** Each transform is fitted on the training features as the ones before it leave them. */
    private static List<FittedTransform> fit(List<Transform> transforms, Tensor trainFeatures) {
        List<FittedTransform> fitted = new ArrayList<>();
        Tensor x = trainFeatures;
        for (int i = 0; i < transforms.size(); i++) {
            try {
                FittedTransform f = transforms.get(i).fit(x);
                fitted.add(f);
                x = f.apply(x);
            } catch (IllegalArgumentException e) {
                throw new SpecException("$.data.transforms[" + i + "]", e.getMessage(), e);
            }
        }
        return fitted;
    }

    /** Through {@link TrainedModel#preprocess}, the path a saved model's predictions take too. */
    private static Tensor features(List<FittedTransform> fitted, Dataset d) {
        return d == null ? null : TrainedModel.preprocess(fitted, d.features(), DType.FLOAT32);
    }

    /**
     * Targets in the form the loss takes: float32 for regression; binary class labels {@code [N]} as a
     * float column {@code [N, 1]} for the binary cross-entropies (whose models end in one unit).
     */
    private static Tensor targets(Dataset d, Loss loss) {
        if (d == null) {
            return null;
        }
        Tensor y = d.targets();
        boolean binaryLoss = loss instanceof BinaryCrossEntropy || loss instanceof BinaryCrossEntropyWithLogits;
        if (y.dtype() == DType.INT32 && binaryLoss && y.rank() == 1) {
            return y.to(DType.FLOAT32).reshape(y.dim(0), 1);
        }
        return y.dtype().isFloating() && y.dtype() != DType.FLOAT32 ? y.to(DType.FLOAT32) : y;
    }
}
