package dev.nabla.loss;

import static dev.nabla.loss.LossAsserts.assertClose;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Values and gradients pinned from PyTorch 1.13.0a0 (Debian's python3-torch), float64, printed by
 * {@code nabla-core/src/test/resources/golden/losses.py} for the same fixed inputs as below (change
 * both together). For each case: the loss under mean, sum and none, and the gradient of the mean
 * loss with respect to the prediction. BCE's gradient is not pinned: its inputs include p = 0 and 1,
 * where PyTorch's hand-written backward ((p - y) / max(p (1 - p), 1e-12)) and the derivative of the
 * clamped forward (ours) differ by design.
 */
class LossGoldenTest {
    private static final double TOL = 1e-12;

    private static final double[] PRED = {0.5, -1.2, 2.0, 0.1, 3.5, -0.7};
    private static final double[] TARGET = {0.0, -0.4, 0.3, 1.6, 0.9, -0.5};
    private static final double[] PROBS = {0.9, 0.2, 0.0, 1.0, 0.6, 0.35};
    private static final double[] PROB_TARGET = {1.0, 0.0, 1.0, 0.0, 1.0, 0.3};
    private static final double[] LOGITS = {0.8, -1.5, 3.0, 0.0, 1000.0, -1000.0};
    private static final double[] LOGIT_TARGET = {1.0, 0.0, 0.5, 1.0, 0.0, 1.0};
    private static final double[][] CLASS_LOGITS = {{1.0, 2.0, 0.5, -1.0}, {0.2, -0.3, 3.0, 1.5}, {-2.0, 0.0, 0.7, 0.1}};
    private static final int[] LABELS = {1, 2, 0};
    private static final int[] LABELS_IGNORED = {1, -100, 0};
    private static final double[][] SOFT = {{0.1, 0.6, 0.2, 0.1}, {0.0, 0.0, 1.0, 0.0}, {0.25, 0.25, 0.25, 0.25}};
    private static final int[] NLL_LABELS = {3, 0, 2};
    private static final double[] G_MEAN_IN = {0.5, -1.0, 2.0, 0.3, 0.0, 1.0};
    private static final double[] G_TARGET_IN = {0.2, -0.5, 1.0, 0.4, 0.5, 0.0};
    private static final double[] G_VAR_IN = {0.5, 1.2, 2.0, 0.1, 1e-8, 0.8};
    private static final double[] G_VAR_SHARED_IN = {0.5, 2.0, 0.8};

    private static final double[] G_MEAN = {20832.173284640656};
    private static final double[] G_SUM = {124993.03970784393};
    private static final double[] G_NONE = {-0.2565735902799726, 0.19532744506364397, 0.5965735902799727, -1.1012925464970227, 124993.09224472102, 0.5134282243428951};
    private static final double[] G_GRAD0 = {0.09999999999999999, -0.06944444444444445, 0.08333333333333333, -0.1666666666666667, -83333.33333333333, 0.20833333333333331};
    private static final double[] G_GRAD2 = {0.13666666666666666, 0.05497685185185185, 0.020833333333333332, 0.7499999999999999, -20833250000.0, -0.026041666666666657};
    private static final double[] GFULL_MEAN = {1.1107062746523044};
    private static final double[] GFULL_SUM = {6.664237647913827};
    private static final double[] GFULL_NONE = {0.6623649429247, 0.8223649429247, 1.5155121234846454, 1.2680121234846453, 0.9636167575475678, 1.4323667575475678};
    private static final double[] GFULL_GRAD0 = {0.09999999999999999, -0.16666666666666666, 0.08333333333333333, -0.008333333333333335, -0.10416666666666666, 0.20833333333333331};
    private static final double[] GFULL_GRAD2 = {0.21999999999999997, 0.06229166666666666, 0.045572916666666685};

    private static Tensor pred() {
        return Tensor.of(PRED, 2, 3);
    }

    private static Tensor target() {
        return Tensor.of(TARGET, 2, 3);
    }

    /** Checks one case under the three reductions, and the mean's gradient when {@code grad} is given. */
    private static void pin(String what, ReducedLoss loss, Tensor prediction, Tensor target, double[] mean, double[] sum,
                            double[] none, double[] grad) {
        assertClose(mean, loss.withReduction(Reduction.MEAN).compute(prediction, target), TOL, what + " mean");
        assertClose(sum, loss.withReduction(Reduction.SUM).compute(prediction, target), TOL, what + " sum");
        assertClose(none, loss.withReduction(Reduction.NONE).compute(prediction, target), TOL, what + " none");
        if (grad != null) {
            Tensor p = prediction.copy().requiresGrad(true);
            loss.withReduction(Reduction.MEAN).compute(p, target).backward();
            assertClose(grad, p.grad(), TOL, what + " gradient");
        }
    }

    @Test
    void regressionLossesMatchPyTorch() {
        pin("MSE", MSE.of(), pred(), target(),
                new double[] {2.138333333333333},
                new double[] {12.83},
                new double[] {0.25, 0.6399999999999999, 2.8899999999999997, 2.25, 6.760000000000001, 0.03999999999999998},
                new double[] {0.16666666666666666, -0.2666666666666666, 0.5666666666666667, -0.5, 0.8666666666666667, -0.06666666666666665});
        pin("MAE", MAE.of(), pred(), target(),
                new double[] {1.2166666666666666},
                new double[] {7.3},
                new double[] {0.5, 0.7999999999999999, 1.7, 1.5, 2.6, 0.19999999999999996},
                new double[] {0.16666666666666666, -0.16666666666666666, 0.16666666666666666, -0.16666666666666666, 0.16666666666666666, -0.16666666666666666});
        pin("Huber", Huber.of(), pred(), target(),
                new double[] {0.7941666666666666},
                new double[] {4.765},
                new double[] {0.125, 0.31999999999999995, 1.2, 1.0, 2.1, 0.01999999999999999},
                new double[] {0.08333333333333333, -0.1333333333333333, 0.16666666666666666, -0.16666666666666666, 0.16666666666666666, -0.033333333333333326});
        pin("Huber0.7", Huber.of(0.7), pred(), target(),
                new double[] {0.6308333333333334},
                new double[] {3.785},
                new double[] {0.125, 0.31499999999999995, 0.945, 0.8049999999999999, 1.575, 0.01999999999999999},
                new double[] {0.08333333333333333, -0.11666666666666665, 0.11666666666666665, -0.11666666666666665, 0.11666666666666665, -0.033333333333333326});
        pin("SmoothL1-0.5", SmoothL1.of(0.5), pred(), target(),
                new double[] {0.9816666666666666},
                new double[] {5.89},
                new double[] {0.25, 0.5499999999999999, 1.45, 1.25, 2.35, 0.03999999999999998},
                new double[] {0.16666666666666666, -0.16666666666666666, 0.16666666666666666, -0.16666666666666666, 0.16666666666666666, -0.06666666666666665});
    }

    @Test
    void binaryLossesMatchPyTorch() {
        pin("BCE", BinaryCrossEntropy.of(), Tensor.of(PROBS, 2, 3), Tensor.of(PROB_TARGET, 2, 3),
                new double[] {33.57597072822539},
                new double[] {201.45582436935234},
                new double[] {0.10536051565782628, 0.2231435513142097, 100.0, 100.0, 0.5108256237659907, 0.6164946786143213},
                null);
        pin("BCEWithLogits", BinaryCrossEntropyWithLogits.of(), Tensor.of(LOGITS, 2, 3), Tensor.of(LOGIT_TARGET, 2, 3),
                new double[] {333.8023747460107},
                new double[] {2002.8142484760642},
                new double[] {0.3711006659477777, 0.20141327798275246, 1.548587351573742, 0.6931471805599453, 1000.0, 1000.0},
                new double[] {-0.051670919812064585, 0.030404253967726058, 0.07542902113707223, -0.08333333333333333, 0.16666666666666666, -0.16666666666666666});
    }

    @Test
    void classificationLossesMatchPyTorch() {
        pin("CE", CrossEntropy.of(), Tensor.of(CLASS_LOGITS), Tensor.of(LABELS, 3),
                new double[] {1.407119266002269},
                new double[] {4.2213577980068075},
                new double[] {0.49518189808585605, 0.2782553225636516, 3.4479205773572996},
                new double[] {0.07473593934940037, -0.13017998746704096, 0.045329638597835176, 0.010114409519805408, 0.015346503571827829, 0.00930812493570302, -0.08096550292324552, 0.056310874415714675, -0.3227294274484001, 0.07835285545155252, 0.15778327480360677, 0.08659329719324083});
        pin("CEIgnored", CrossEntropy.of(), Tensor.of(CLASS_LOGITS), Tensor.of(LABELS_IGNORED, 3),
                new double[] {1.9715512377215778},
                new double[] {3.9431024754431556},
                new double[] {0.49518189808585605, 0.0, 3.4479205773572996},
                new double[] {0.11210390902410057, -0.19526998120056144, 0.06799445789675276, 0.015171614279708113, 0.0, 0.0, 0.0, 0.0, -0.48409414117260013, 0.11752928317732879, 0.23667491220541015, 0.12988994578986124});
        pin("CESmooth", CrossEntropy.of().withLabelSmoothing(0.1), Tensor.of(CLASS_LOGITS), Tensor.of(LABELS, 3),
                new double[] {1.459619266002269},
                new double[] {4.378857798006807},
                new double[] {0.6326818980858561, 0.4682553225636516, 3.2779205773572997},
                new double[] {0.06640260601606707, -0.10517998746704092, 0.03699630526450186, 0.001781076186472078, 0.0070131702384944984, 0.0009747916023696874, -0.05596550292324551, 0.04797754108238135, -0.2977294274484001, 0.07001952211821921, 0.1494499414702735, 0.07825996385990752});
        pin("CESoft", CrossEntropy.of(), Tensor.of(CLASS_LOGITS), Tensor.of(SOFT),
                new double[] {1.0737859326689358},
                new double[] {3.2213577980068075},
                new double[] {1.1951818980858562, 0.2782553225636516, 1.7479205773572994},
                new double[] {0.041402606016067045, 0.0031533458662923804, -0.021337028068831494, -0.023218923813527925, 0.015346503571827829, 0.00930812493570302, -0.08096550292324552, 0.056310874415714675, -0.0727294274484001, -0.004980477881780807, 0.07444994147027342, 0.0032599638599074923});
        pin("CESoftSmooth", CrossEntropy.of().withLabelSmoothing(0.2), Tensor.of(CLASS_LOGITS), Tensor.of(SOFT),
                new double[] {1.2454525993356025},
                new double[] {3.7363577980068077},
                new double[] {1.3301818980858562, 0.6582553225636516, 1.7479205773572994},
                new double[] {0.03140260601606706, 0.02648667919962573, -0.024670361402164828, -0.03321892381352792, -0.0013201630948388372, -0.007358541730963648, -0.030965502923245528, 0.039644207749048005, -0.0727294274484001, -0.004980477881780807, 0.07444994147027342, 0.0032599638599074923});
        pin("NLL", NLL.of(), Tensor.of(CLASS_LOGITS), Tensor.of(NLL_LABELS, 3),
                new double[] {0.03333333333333336},
                new double[] {0.10000000000000009},
                new double[] {1.0, -0.2, -0.7},
                new double[] {0.0, 0.0, 0.0, -0.3333333333333333, -0.3333333333333333, 0.0, 0.0, 0.0, 0.0, 0.0, -0.3333333333333333, 0.0});
    }

    @Test
    void gaussianNllMatchesPyTorchIncludingTheStraightThroughClamp() {
        gaussian("GaussianNLL", GaussianNLL.of(), Tensor.of(G_VAR_IN, 3, 2), G_MEAN, G_SUM, G_NONE, G_GRAD0, G_GRAD2);
        gaussian("GaussianNLL full, variance [3, 1]", GaussianNLL.of().withFull(true), Tensor.of(G_VAR_SHARED_IN, 3, 1),
                GFULL_MEAN, GFULL_SUM, GFULL_NONE, GFULL_GRAD0, GFULL_GRAD2);
    }

    private static void gaussian(String what, GaussianNLL loss, Tensor variance, double[] mean, double[] sum,
                                 double[] none, double[] gradMean, double[] gradVariance) {
        Tensor m = Tensor.of(G_MEAN_IN, 3, 2);
        Tensor t = Tensor.of(G_TARGET_IN, 3, 2);
        assertClose(mean, loss.compute(m, t, variance), TOL, what + " mean");
        assertClose(sum, loss.withReduction(Reduction.SUM).compute(m, t, variance), TOL, what + " sum");
        assertClose(none, loss.withReduction(Reduction.NONE).compute(m, t, variance), TOL, what + " none");
        Tensor mg = m.copy().requiresGrad(true);
        Tensor vg = variance.copy().requiresGrad(true);
        loss.compute(mg, t, vg).backward();
        assertClose(gradMean, mg.grad(), TOL, what + " gradient of the mean");
        assertClose(gradVariance, vg.grad(), TOL, what + " gradient of the variance");
    }
}
