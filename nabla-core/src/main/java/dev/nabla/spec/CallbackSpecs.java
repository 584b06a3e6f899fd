package dev.nabla.spec;

import dev.nabla.train.EarlyStopping;
import dev.nabla.train.MonitorCallback.Mode;
import dev.nabla.train.Penalty;
import dev.nabla.train.ReduceLROnPlateau;
import java.util.List;

/**
 * Reads the {@code "callbacks"} and {@code "penalties"} lists. Missing keys take the defaults of
 * {@link EarlyStopping.Config#DEFAULT} and {@link ReduceLROnPlateau.Config#DEFAULT}. Whether the
 * monitored quantity will be logged is checked by {@link ExperimentSpec}, which knows the metrics and
 * whether there is validation data.
 */
final class CallbackSpecs {
    private static final List<String> MODES = List.of("min", "max", "auto");
    private static final List<String> PENALTIES = List.of("l1", "l2");

    private CallbackSpecs() {}

    static CallbackSpec parse(SpecObject o) {
        String name = o.choice("name", "callback", CallbackSpec.NAMES);
        if (name.equals("early_stopping")) {
            o.allowOnly("name", "monitor", "min_delta", "patience", "mode", "restore_best_weights");
            EarlyStopping.Config d = EarlyStopping.Config.DEFAULT;
            return new CallbackSpec.EarlyStop(monitor(o, d.monitor()), minDelta(o, d.minDelta()), patience(o, d.patience()),
                    mode(o, d.mode()), o.bool("restore_best_weights", d.restoreBestWeights()));
        }
        o.allowOnly("name", "monitor", "factor", "patience", "min_lr", "cooldown", "min_delta", "mode");
        ReduceLROnPlateau.Config d = ReduceLROnPlateau.Config.DEFAULT;
        return new CallbackSpec.ReduceLrOnPlateau(monitor(o, d.monitor()),
                o.number("factor", d.factor(), v -> v > 0 && v < 1, "a number in (0, 1)"), patience(o, d.patience()),
                o.number("min_lr", d.minLr(), v -> v >= 0, "a number >= 0"),
                o.intValue("cooldown", d.cooldown(), v -> v >= 0, "an integer >= 0"), minDelta(o, d.minDelta()),
                mode(o, d.mode()));
    }

    static PenaltySpec parsePenalty(SpecObject o) {
        o.allowOnly("kind", "lambda");
        String kind = o.choice("kind", "penalty", PENALTIES);
        return new PenaltySpec(Penalty.Kind.valueOf(kind.toUpperCase()), o.number("lambda", v -> v >= 0, "a number >= 0"));
    }

    private static String monitor(SpecObject o, String d) {
        String m = o.string("monitor", d);
        if (m.isBlank()) {
            throw o.error("monitor", "must name a logged quantity (loss, val_loss, accuracy, ...), got an empty string");
        }
        return m;
    }

    private static double minDelta(SpecObject o, double d) {
        return o.number("min_delta", d, v -> v >= 0, "a number >= 0");
    }

    private static int patience(SpecObject o, int d) {
        return o.intValue("patience", d, v -> v >= 0, "an integer >= 0 (epochs)");
    }

    private static Mode mode(SpecObject o, Mode d) {
        return Mode.valueOf(o.choice("mode", "mode", MODES, d.name().toLowerCase()).toUpperCase());
    }
}
