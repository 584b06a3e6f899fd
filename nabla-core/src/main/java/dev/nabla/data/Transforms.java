package dev.nabla.data;

import dev.nabla.config.ConfigReader;
import dev.nabla.config.Registry;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in transforms under their {@code "kind"}s, the one list of them: as settings a spec names
 * ({@link Transform#REGISTRY}) and fitted, as a model file holds them ({@link FittedTransform#REGISTRY}).
 */
final class Transforms {
    private Transforms() {}

    static Registry<Transform> settings() {
        Registry<Transform> r = new Registry<>(Transform.class, "transform", "kind");
        r.register("standardize", Standardize.class, c -> c.allowOnly().build(Standardize::new));
        r.register("min_max", MinMax.class, MinMax::read);
        r.register("quantile", Quantile.class, Quantile::read);
        r.register("rescale", Rescale.class, Rescale::read);
        return r;
    }

    static Registry<FittedTransform> fitted() {
        Registry<FittedTransform> r = new Registry<>(FittedTransform.class, "fitted transform", "kind");
        r.register("standardize", Standardize.Fitted.class, Standardize.Fitted::read);
        r.register("min_max", MinMax.Fitted.class, MinMax.Fitted::read);
        r.register("quantile", Quantile.Fitted.class, Quantile.Fitted::read);
        r.register("rescale", Rescale.class, Rescale::read);
        r.register("chain", FittedTransform.Chain.class, Transforms::chain);
        return r;
    }

    private static FittedTransform chain(ConfigReader c) {
        c.allowOnly("steps");
        List<FittedTransform> steps = new ArrayList<>();
        for (ConfigReader step : c.objects("steps")) {
            steps.add(FittedTransform.REGISTRY.read(step));
        }
        return c.build(() -> new FittedTransform.Chain(steps));
    }
}
