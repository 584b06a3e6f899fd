package dev.nabla.spec;

import dev.nabla.config.ConfigReader;
import dev.nabla.train.FitOptions;

/**
 * The {@code "training"} section: {@code {"epochs": 20, "batch_size": 32, "shuffle": true}}. Missing
 * keys take {@link FitOptions#defaults()}'s values, so the defaults live in one place. The seed is not
 * here but at the top level: one seed drives initialisation, splits and shuffling.
 */
public record TrainingSpec(int epochs, int batchSize, boolean shuffle) {
    public TrainingSpec {
        FitOptions.defaults().epochs(epochs).batchSize(batchSize); // FitOptions' own checks
    }

    /** The fit options these settings give (metrics, callbacks, penalties and validation are added by the run). */
    public FitOptions fitOptions(long seed) {
        return FitOptions.defaults().epochs(epochs).batchSize(batchSize).shuffle(shuffle).seed(seed);
    }

    static TrainingSpec parse(ConfigReader o) {
        if (o.has("seed")) {
            throw o.error("seed", "the seed is top-level ($.seed): one seed drives initialisation, splits and shuffling");
        }
        o.allowOnly("epochs", "batch_size", "shuffle");
        FitOptions d = FitOptions.defaults();
        return new TrainingSpec(o.intValue("epochs", v -> v > 0, "an integer > 0"),
                o.intValue("batch_size", d.batchSize(), v -> v > 0, "an integer > 0"), o.bool("shuffle", d.shuffle()));
    }
}
