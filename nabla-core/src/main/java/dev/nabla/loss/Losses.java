package dev.nabla.loss;

import dev.nabla.config.ConfigReader;
import dev.nabla.config.Registry;
import dev.nabla.nn.GaussianMixture;
import java.util.List;

/**
 * The built-in losses under their spec names, the one list of them ({@link Loss#REGISTRY}). Missing
 * settings take each loss's {@code of()} defaults (PyTorch's). A loss read from a config is a training
 * objective, so only the scalar reductions (mean, sum) are offered.
 */
final class Losses {
    private Losses() {}

    static Registry<Loss> builtIns() {
        Registry<Loss> r = new Registry<>(Loss.class, "loss", "name");
        r.register("mse", MSE.class, c -> new MSE(reduction(c.allowOnly("reduction"), MSE.of().reduction())));
        r.register("mae", MAE.class, c -> new MAE(reduction(c.allowOnly("reduction"), MAE.of().reduction())));
        r.register("huber", Huber.class, c -> c.allowOnly("delta", "reduction")
                .build(() -> new Huber(c.number("delta", Huber.of().delta()), reduction(c, Huber.of().reduction()))));
        r.register("smooth_l1", SmoothL1.class, c -> c.allowOnly("beta", "reduction")
                .build(() -> new SmoothL1(c.number("beta", SmoothL1.of().beta()), reduction(c, SmoothL1.of().reduction()))));
        r.register("bce", BinaryCrossEntropy.class, c -> new BinaryCrossEntropy(
                reduction(c.allowOnly("reduction"), BinaryCrossEntropy.of().reduction())));
        r.register("bce_with_logits", BinaryCrossEntropyWithLogits.class, c -> new BinaryCrossEntropyWithLogits(
                reduction(c.allowOnly("reduction"), BinaryCrossEntropyWithLogits.of().reduction())));
        r.register("cross_entropy", CrossEntropy.class, Losses::crossEntropy);
        r.register("nll", NLL.class, c -> {
            NLL d = NLL.of();
            c.allowOnly("ignore_index", "reduction");
            return c.build(() -> new NLL(reduction(c, d.reduction()), c.intValue("ignore_index", d.ignoreIndex())));
        });
        r.register("gaussian_nll", GaussianNLL.class, c -> {
            GaussianNLL d = GaussianNLL.of();
            c.allowOnly("full", "eps", "reduction");
            return c.build(() -> new GaussianNLL(c.bool("full", d.full()), c.number("eps", d.eps()), reduction(c, d.reduction())));
        });
        r.register("mixture_nll", MixtureNLL.class, c -> {
            c.allowOnly("components", "covariance", "reduction");
            return c.build(() -> new MixtureNLL(c.intValue("components"),
                    c.enumValue("covariance", GaussianMixture.Covariance.class, GaussianMixture.Covariance.DIAGONAL),
                    reduction(c, Reduction.MEAN)));
        });
        return r;
    }

    private static Loss crossEntropy(ConfigReader c) {
        CrossEntropy d = CrossEntropy.of();
        c.allowOnly("label_smoothing", "ignore_index", "reduction");
        return c.build(() -> new CrossEntropy(reduction(c, d.reduction()), c.intValue("ignore_index", d.ignoreIndex()),
                c.number("label_smoothing", d.labelSmoothing())));
    }

    private static Reduction reduction(ConfigReader c, Reduction defaultValue) {
        String r = c.choice("reduction", "reduction", List.of("mean", "sum"), defaultValue.name().toLowerCase());
        return Reduction.valueOf(r.toUpperCase());
    }
}
