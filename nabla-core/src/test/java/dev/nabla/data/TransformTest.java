package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Standardize, MinMax, Rescale and pipelines against values computed by hand. */
class TransformTest {
    static final Tensor TRAIN = Tensor.of(new double[][] {{1, 10}, {2, 20}, {3, 60}});

    @Test
    void standardizeMatchesHandComputation() {
        Standardize.Fitted s = new Standardize().fit(TRAIN);
        assertArrayEquals(new double[] {2, 30}, s.mean(), 1e-15);
        // population std: sqrt(((1-2)^2 + 0 + 1) / 3), sqrt((400 + 100 + 900) / 3)
        assertArrayEquals(new double[] {Math.sqrt(2.0 / 3), Math.sqrt(1400.0 / 3)}, s.std(), 1e-12);
        Tensor z = s.apply(TRAIN);
        assertEquals(DType.FLOAT64, z.dtype());
        assertArrayEquals(new double[] {-1 / Math.sqrt(2.0 / 3), -20 / Math.sqrt(1400.0 / 3)},
                z.slice(0, 0, 1).toDoubleArray(), 1e-12);
        // the training set comes out with mean 0 and std 1 per feature
        assertArrayEquals(new double[] {0, 0}, z.mean(0).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {1, 1}, z.pow(2).mean(0).toDoubleArray(), 1e-12);
    }

    @Test
    void appliedToTestDataUsesTheTrainingStatistics() {
        Standardize.Fitted s = new Standardize().fit(TRAIN);
        Tensor test = Tensor.of(new double[][] {{4, 30}, {2, 100}});
        double sd0 = Math.sqrt(2.0 / 3), sd1 = Math.sqrt(1400.0 / 3);
        assertArrayEquals(new double[] {2 / sd0, 0, 0, 70 / sd1}, s.apply(test).toDoubleArray(), 1e-12);
        // fitting on the test set would give other numbers: the fit is what the apply uses
        assertTrue(Math.abs(new Standardize().fit(test).apply(test).get(0, 0) - s.apply(test).get(0, 0)) > 0.1);
    }

    @Test
    void fitsAndAppliesToDataSets() {
        Splits.Split s = Splits.trainTest(Bundled.iris(), 0.2, 42, true);
        FittedTransform scale = new Standardize().fit(s.train());
        Dataset test = scale.apply(s.test());
        assertSame(s.test().targets(), test.targets());
        assertEquals(s.test().classNames(), test.classNames());
        assertArrayEquals(scale.apply(s.test().features()).toFloatArray(), test.features().toFloatArray());
    }

    @Test
    void constantFeatureIsCentredNotDividedByZero() {
        Tensor x = Tensor.of(new float[][] {{5, 1}, {5, 2}, {5, 3}});
        Standardize.Fitted s = new Standardize().fit(x);
        assertEquals(0, s.std()[0]);
        Tensor z = s.apply(x);
        assertEquals(DType.FLOAT32, z.dtype());
        assertArrayEquals(new float[] {0, 0, 0}, z.slice(1, 0, 1).toFloatArray());
        assertEquals(2, s.apply(Tensor.of(new float[][] {{7, 2}})).get(0, 0), 0);
        // 0.1f repeated: the mean in double may round, but the feature is still constant
        Tensor tenths = Tensor.full(0.1, 1000, 1);
        assertEquals(0, new Standardize().fit(tenths).std()[0]);
        assertEquals(0, new Standardize().fit(tenths).apply(tenths).abs().max().item(), 0);
    }

    @Test
    void statisticsArePerFeaturePositionOfImages() {
        Generator g = new Generator(1);
        Tensor images = Tensor.normal(g, DType.FLOAT32, 3, 2, 50, 2, 2);
        Standardize.Fitted s = new Standardize().fit(images);
        assertArrayEquals(new int[] {2, 2}, s.featureShape());
        assertEquals(4, s.mean().length);
        Tensor z = s.apply(images);
        assertArrayEquals(new int[] {50, 2, 2}, z.shape().dims());
        assertArrayEquals(new double[] {0, 0, 0, 0}, z.mean(0).toDoubleArray(), 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.apply(Tensor.zeros(5, 4)));
        assertEquals("Standardize: fitted on features [*, 2, 2], got [5, 4]", e.getMessage());
    }

    @Test
    void integerInputComesOutFloat32() {
        Tensor pixels = Tensor.of(new int[] {0, 255, 128, 64}, 2, 2);
        Tensor r = new Rescale(1.0 / 255).apply(pixels);
        assertEquals(DType.FLOAT32, r.dtype());
        assertArrayEquals(new float[] {0, 1, 128f / 255, 64f / 255}, r.toFloatArray(), 1e-7f);
    }

    @Test
    void fittingRefusesEmptyAndNonFiniteData() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Standardize().fit(Tensor.of(new double[][] {{1, 2}, {3, Double.NaN}})));
        assertEquals("Standardize: training value NaN at sample 1, feature 1 is not finite", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MinMax().fit(Tensor.zeros(0, 3)));
        assertEquals("MinMax: cannot fit on 0 samples [0, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Quantile().fit(Tensor.scalar(1)));
        assertTrue(e.getMessage().contains("sample axis"), e.getMessage());
    }

    @Test
    void minMaxMatchesHandComputation() {
        MinMax.Fitted m = new MinMax().fit(TRAIN);
        assertArrayEquals(new double[] {1, 10}, m.min());
        assertArrayEquals(new double[] {3, 60}, m.max());
        assertArrayEquals(new double[] {0, 0, 0.5, 0.2, 1, 1}, m.apply(TRAIN).toDoubleArray(), 1e-15);
        // test values outside the training range are not clipped
        assertArrayEquals(new double[] {1.5, -0.2}, m.apply(Tensor.of(new double[][] {{4, 0}})).toDoubleArray(), 1e-15);
        MinMax.Fitted sym = new MinMax(-1, 1).fit(TRAIN);
        assertArrayEquals(new double[] {-1, -1, 0, -0.6, 1, 1}, sym.apply(TRAIN).toDoubleArray(), 1e-15);
    }

    @Test
    void minMaxConstantFeatureMapsToLow() {
        Tensor x = Tensor.of(new double[][] {{5, 1}, {5, 2}});
        MinMax.Fitted m = new MinMax(2, 3).fit(x);
        assertArrayEquals(new double[] {2, 2, 2, 3}, m.apply(x).toDoubleArray());
        assertEquals(2, m.apply(Tensor.of(new double[][] {{9, 1}})).get(0, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MinMax(1, 1));
        assertEquals("MinMax: high must be finite and > low (1.0), got 1.0", e.getMessage());
    }

    @Test
    void rescaleNeedsNoFitting() {
        Rescale r = new Rescale(2, -1);
        assertSame(r, r.fit(TRAIN));
        assertArrayEquals(new double[] {1, 19, 3, 39, 5, 119}, r.apply(TRAIN).toDoubleArray());
        assertEquals(new Rescale(0.5, 0), new Rescale(0.5));
        assertThrows(IllegalArgumentException.class, () -> new Rescale(0));
        assertThrows(IllegalArgumentException.class, () -> new Rescale(Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new Rescale(1, Double.POSITIVE_INFINITY));
    }

    @Test
    void pipelineFitsEachStepOnThePreviousOutput() {
        FittedTransform f = Transform.pipeline(new Rescale(0.5), new Standardize()).fit(TRAIN);
        FittedTransform.Chain chain = (FittedTransform.Chain) f;
        assertEquals(2, chain.steps().size());
        Standardize.Fitted s = (Standardize.Fitted) chain.steps().get(1);
        assertArrayEquals(new double[] {1, 15}, s.mean(), 1e-15); // the mean of the rescaled data
        assertArrayEquals(new Standardize().fit(TRAIN).apply(TRAIN).toDoubleArray(), f.apply(TRAIN).toDoubleArray(), 1e-12);
        assertSame(s, FittedTransform.chain(s));
        assertThrows(IllegalArgumentException.class, () -> new Transform.Pipeline(java.util.List.of()));
    }

    @Test
    void fittedStateCannotBeChangedFromOutside() {
        Standardize.Fitted s = new Standardize().fit(TRAIN);
        s.mean()[0] = 100;
        assertEquals(2, s.mean()[0]);
        double[] mean = {0};
        Standardize.Fitted t = new Standardize.Fitted(new int[] {1}, mean, new double[] {1});
        mean[0] = 5;
        assertEquals(0, t.mean()[0]);
    }
}
