package dev.nabla.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Dataset;
import dev.nabla.nn.DistributionHead;
import dev.nabla.nn.GaussianMixture;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The uncertainty examples, trained as written (seed 0) and judged on their held-out test part: the mixture
 * density network beats the mean-squared-error fit's Gaussian NLL on the inverse problem and its 90%
 * intervals cover 85-95% of the points; the heteroscedastic Gaussian head's sigma follows the true noise
 * (0.05 + 0.3 x, examples/data/make_uncertainty_data.py) within 20% across x. Measured: MDN NLL -1.096 against
 * the MSE model's -0.070 (a likelihood e^1.03 times higher per point), coverage 0.900; worst sigma error 11.8%
 * (x = 0.95); seeds 1 and 2 (run by hand): NLL -1.103 and -1.088, coverage 0.910 and 0.880, worst sigma error
 * 15.0% and 9.5%. 10-20 s in all on two cores, most of it the two inverse-problem runs.
 */
class UncertaintyExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void theMixtureDensityNetworkRecoversTheInverseProblemsBranches() throws Exception {
        ExperimentResult mdn = Experiment.load(EXAMPLES.resolve("mdn-inverse.json")).run(RunListener.NONE);
        ExperimentResult mse = Experiment.load(EXAMPLES.resolve("mdn-inverse-mse.json")).run(RunListener.NONE);
        Dataset test = mdn.splits().test();
        assertEquals(400, test.size());
        Tensor y = test.targets().to(DType.FLOAT64).reshape(test.size(), 1);
        GaussianMixture p = DistributionHead.at(mdn.model()).distribution(mdn.predict(test.features()));
        double mdnNll = p.logProb(y.to(p.means().dtype())).neg().mean().item();
        double coverage = p.coverage(y, 0.9);
        // the MSE model as a Gaussian: its prediction as mean, its training MSE as the (one) variance
        Dataset train = mse.splits().train();
        Tensor trainY = train.targets().to(DType.FLOAT64).reshape(train.size(), 1);
        double variance = mse.predict(train.features()).to(DType.FLOAT64).sub(trainY).pow(2).mean().item();
        Tensor mean = mse.predict(test.features()).to(DType.FLOAT64);
        double mseNll = GaussianMixture.normal(mean, Tensor.full(DType.FLOAT64, variance, test.size(), 1)).logProb(y).neg().mean().item();
        System.Logger log = System.getLogger(UncertaintyExamplesTest.class.getName());
        log.log(System.Logger.Level.INFO, "inverse problem: MDN NLL {0}, MSE Gaussian NLL {1}, 90% coverage {2}",
                mdnNll, mseNll, coverage);
        assertTrue(mdnNll < mseNll - 0.75, "MDN NLL " + mdnNll + " vs MSE model's Gaussian NLL " + mseNll);
        assertTrue(coverage >= 0.85 && coverage <= 0.95, "90% interval coverage " + coverage);
    }

    @Test
    void theGaussianHeadsSigmaTracksTheTrueNoise() throws Exception {
        ExperimentResult r = Experiment.load(EXAMPLES.resolve("heteroscedastic.json")).run(RunListener.NONE);
        int n = 19;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.05 + 0.05 * i;
        }
        GaussianMixture p = DistributionHead.at(r.model()).distribution(r.predict(Tensor.of(x, n, 1).to(DType.FLOAT32)));
        double[] sigma = p.stddev().toDoubleArray();
        double worst = 0;
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double truth = 0.05 + 0.3 * x[i];
            worst = Math.max(worst, Math.abs(sigma[i] / truth - 1));
            seen.append(String.format(java.util.Locale.ROOT, " x=%.2f: %.4f vs %.4f;", x[i], sigma[i], truth));
        }
        System.getLogger(UncertaintyExamplesTest.class.getName()).log(System.Logger.Level.INFO,
                "heteroscedastic: worst relative sigma error {0}:{1}", worst, seen);
        assertTrue(worst <= 0.2, "worst relative error " + worst + ":" + seen);
    }
}
